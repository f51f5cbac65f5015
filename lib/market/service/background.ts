import "server-only";
import { z } from "zod";
import { env } from "@/lib/env";
import { broadcastPriceTick } from "@/lib/events/publish";
import { registerJobHandler } from "@/lib/jobs/runner";
import { defineTask } from "@/lib/jobs/scheduler";
import type { Logger } from "pino";
import { onShutdown } from "@/lib/shutdown";
import { isMarketTimeframe, MARKET_TIMEFRAMES } from "../provider";
import { fetchFearGreed } from "../sentiment/alternative-me";
import { toDailyPoints } from "../sentiment/history";
import { marketRuntime, type MarketRuntime } from "./runtime";
import { DOWNLOAD_JOB } from "./views";

/**
 * Candle sync and sentiment warm-up can take seconds of CPU (the simulated market computes what it
 * serves); they wait this long after a start so the first sign-ins and pages come first.
 */
const WARM_UP_DELAY_MS = 10_000;

/** Fewer stored days than this and the full alternative.me history is fetched once. */
const HISTORY_BACKFILL_BELOW = 30;

/**
 * Market data's share of the background work: every process refreshes the tracked tickers and
 * publishes price.tick to its own stream subscribers; the scheduler (one process at a time) keeps
 * recent candles and sentiment fresh; the job runner downloads ranges users ask for.
 */
export async function startMarketBackground(log: Logger): Promise<void> {
  let rt: MarketRuntime;
  try {
    rt = await marketRuntime();
  } catch (error) {
    log.error({ err: error instanceof Error ? error.message : String(error) }, "market data could not start");
    return;
  }
  const e = env();
  log.info({ source: rt.source.id, label: rt.source.label }, "market data source");

  let polling = false;
  const poll = async () => {
    if (polling) return;
    polling = true;
    try {
      const tickers = await rt.prices.refresh(await rt.tracked());
      for (const t of tickers) {
        broadcastPriceTick({ symbol: t.symbol, price: t.price, bid: t.bid, ask: t.ask, change_24h_pct: t.change_24h_pct, volume_24h: t.volume_24h, as_of: t.as_of, source: t.source });
      }
    } catch (error) {
      log.warn({ err: error instanceof Error ? error.message : String(error) }, "ticker refresh failed; serving the last prices as stale");
    } finally {
      polling = false;
    }
  };
  const timer = setInterval(poll, e.PRICE_POLL_MS);
  void poll();
  onShutdown(async () => clearInterval(timer));

  const syncTimeframes = e.MARKET_SYNC_TIMEFRAMES.filter(isMarketTimeframe);
  defineTask({
    name: "market.sync",
    everyMs: 60_000,
    startDelayMs: WARM_UP_DELAY_MS,
    run: async () => {
      for (const symbol of await rt.tracked()) {
        for (const timeframe of syncTimeframes) {
          await rt.candles.window(symbol, timeframe, { limit: 500 }, { allowFetch: true }).catch((error: unknown) => {
            log.warn({ symbol, timeframe, err: error instanceof Error ? error.message : String(error) }, "candle sync failed");
          });
        }
      }
    },
  });

  defineTask({
    name: "sentiment.refresh",
    everyMs: 5 * 60_000,
    startDelayMs: WARM_UP_DELAY_MS,
    run: async () => {
      // Warms the caches anonymous readers are served from, and records today's value.
      await Promise.all([rt.fearGreed.current(), rt.coingeckoGlobal.get(), rt.coingeckoTrending.get()]);
      if (rt.fearGreedHistory.count() < HISTORY_BACKFILL_BELOW) {
        const all = await fetchFearGreed({ limit: 0 }).catch(() => []);
        if (all.length > 0) await rt.fearGreedHistory.save(toDailyPoints(all));
      }
    },
  });

  const payloadSchema = z.object({
    symbol: z.string(),
    timeframe: z.enum(MARKET_TIMEFRAMES),
    start: z.number(),
    end: z.number(),
    source: z.string(),
  });
  registerJobHandler(DOWNLOAD_JOB, async (ctx) => {
    const p = payloadSchema.parse(ctx.job.payload);
    if (p.source !== rt.source.id) throw new Error(`This download was for ${p.source}; the deployment now reads ${rt.source.id}.`);
    const result = await rt.candles.download(p.symbol, p.timeframe, { start: p.start, end: p.end }, async (done) => {
      await ctx.progress(Math.floor(done * 100));
      await ctx.yieldToEventLoop();
      return !(await ctx.isCancelled());
    });
    return { source: p.source, symbol: p.symbol, timeframe: p.timeframe, inserted: result.inserted, requests: result.requests, complete: result.complete, missing: result.missing };
  });
}
