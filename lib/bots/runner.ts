import "server-only";
import type { Logger } from "pino";
import type { Db } from "@/lib/db/open";
import { env } from "@/lib/env";
import type { MarketRuntime } from "@/lib/market/service/runtime";
import { notifyBotError } from "@/lib/notify/trading-events";
import { getSettings } from "@/lib/settings/settings";
import { tradingMarket } from "@/lib/trading/core";
import { priceUnits, publishOrderEvents, quoteOf, recordFillSnapshot } from "@/lib/trading/service";
import { assertDailyLossLimit } from "@/lib/trading/today";
import { acquireBotLease, releaseBotLease } from "./lease";
import { recordBotError, runBot, type BotDeps, type BotMarket } from "./run-bot";
import { listRunnableStrategies } from "./store";

/** The market runtime as a bot sees it: closed candles from the store, fresh quotes only. */
export function botMarketOf(rt: MarketRuntime): BotMarket {
  return {
    source: rt.source.id,
    serverNow: () => rt.health.serverNow(),
    unavailable: () => rt.source.kind === "exchange" && rt.health.isStale(),
    async closedCandles(symbol, timeframe, limit) {
      const window = await rt.candles.window(symbol, timeframe, { limit }, { allowFetch: true });
      return { candles: window.candles, stale: window.stale };
    },
    async quote(symbol) {
      const [t] = await rt.prices.get([symbol], { allowFetch: true });
      return t && !t.stale ? quoteOf(t) : null;
    },
    async market(symbol) {
      const info = await rt.findMarket(symbol);
      return info ? tradingMarket(info) : null;
    },
  };
}

export function productionBotDeps(db: Db, rt: MarketRuntime, owner: string, log: Logger): BotDeps {
  return {
    db,
    market: botMarketOf(rt),
    owner,
    log,
    settings: async (userId) => (await getSettings(userId)).trading,
    catchupMax: env().BOT_CATCHUP_MAX_CANDLES,
    maxPriceAgeMs: env().MAX_PRICE_AGE_S * 1000,
    toUnits: (price) => priceUnits(price),
    onOrder(tx, userId, account, order, fills, legs, byAsset) {
      publishOrderEvents(tx, userId, order, fills);
      recordFillSnapshot(tx, account, order, fills, byAsset);
      for (const leg of legs) publishOrderEvents(tx, userId, leg, []);
    },
    onBotError(tx, userId, strategy, message, key) {
      notifyBotError(tx, userId, { strategyId: strategy.id, strategyName: strategy.name, message, dedupeKey: key });
    },
    async assertDailyLoss(userId, account, bySymbol) {
      const settings = await getSettings(userId);
      await assertDailyLossLimit(db, rt, account, { daily_loss_limit_pct: settings.trading.daily_loss_limit_pct, zone: settings.display.time_zone }, bySymbol);
    },
  };
}

const ERROR_RETRY_MS = 10_000;

export type BotRunner = { stop(): Promise<void>; tick(): Promise<void> };

/**
 * Competes for the bot-runner lease (one active runner per database) and, while holding it, runs
 * every enabled strategy of every active user once per tick. Each bot runs in its own try/catch:
 * one user's failing bot never stops another's.
 */
export function startBotRunner(deps: BotDeps, options: { ttlMs: number; tickMs: number }): BotRunner {
  let stopped = false;
  let running: Promise<void> | null = null;
  let holding = false;
  // A bot that failed is tried again after a pause, not every tick: its error is logged and notified once per candle.
  const retryAt = new Map<string, number>();

  async function tick(): Promise<void> {
    if (stopped) return;
    const now = deps.now?.() ?? Date.now();
    const held = acquireBotLease(deps.db, deps.owner, options.ttlMs, now);
    if (held !== holding) deps.log.info({ owner: deps.owner }, held ? "bot runner lease taken" : "bot runner lease held elsewhere");
    holding = held;
    if (!held) return;
    for (const strategy of listRunnableStrategies(deps.db)) {
      if (stopped) return;
      if ((retryAt.get(strategy.id) ?? 0) > now) continue;
      try {
        await runBot(deps, strategy);
        retryAt.delete(strategy.id);
      } catch (error) {
        retryAt.set(strategy.id, now + ERROR_RETRY_MS);
        try {
          recordBotError(deps, strategy, error);
        } catch (inner) {
          deps.log.error({ err: inner instanceof Error ? inner.message : String(inner) }, "a bot error could not be recorded");
        }
      }
    }
  }

  const timer = setInterval(() => {
    if (running) return;
    running = tick()
      .catch((error: unknown) => deps.log.error({ err: error instanceof Error ? error.message : String(error) }, "bot runner tick failed"))
      .finally(() => {
        running = null;
      });
  }, options.tickMs);
  timer.unref?.();
  // A long tick (many bots, a slow exchange) must not let the lease lapse under it.
  const renewal = setInterval(() => {
    if (holding && !stopped) holding = acquireBotLease(deps.db, deps.owner, options.ttlMs, deps.now?.() ?? Date.now());
  }, Math.max(1_000, Math.floor(options.ttlMs / 3)));
  renewal.unref?.();

  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearInterval(renewal);
      await running;
      releaseBotLease(deps.db, deps.owner);
    },
  };
}
