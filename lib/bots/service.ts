import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import type { Db } from "@/lib/db/open";
import { botEvaluations, strategies, type StrategyRow } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import { publishEvent } from "@/lib/events/publish";
import type { MarketTimeframe } from "@/lib/market/provider";
import { marketRuntime } from "@/lib/market/service/runtime";
import { timeframeMs } from "@/lib/market/timeframes";
import { closePosition, getLiveAccount, listPositions } from "@/lib/trading/store";
import { context, marketsOf, pricesOf, publishCloseEvents, quoteFor, requireMarket } from "@/lib/trading/service";
import { formatDecimal, tradingMarket } from "@/lib/trading/core";
import { env } from "@/lib/env";
import { botStateWire, ensureBotState, listBotStates, readBotState, updateBotState, type BotStateRow } from "./store";

const ZERO = BigInt(0);

function ownStrategy(db: Db, userId: string, id: string): StrategyRow {
  const row = db
    .select()
    .from(strategies)
    .where(and(eq(strategies.id, id), eq(strategies.userId, userId), sql`${strategies.deletedAt} IS NULL`))
    .get();
  if (!row) throw new NotFound("No such strategy.", "strategy_not_found");
  return row;
}

/** Open symbols and P&L since enabled of each bot, from its own book (owner = strategy id). */
async function botBooks(userId: string, ids: readonly string[], since: Map<string, number | null>) {
  const out = new Map<string, { open: number; pnl: number | null }>();
  const db = getDb();
  const account = getLiveAccount(db, userId);
  if (!account || ids.length === 0) return out;
  // The symbols these bots hold, to price them; then the positions are listed once, priced.
  const symbols = (
    db.$client
      .prepare(`SELECT DISTINCT symbol FROM paper_lots WHERE account_id = ? AND amount > 0 AND owner IN (${ids.map(() => "?").join(", ")})`)
      .all(account.id, ...ids) as { symbol: string }[]
  ).map((r) => r.symbol);
  const rt = await marketRuntime();
  const { prices } = symbols.length > 0 ? await pricesOf(rt, symbols).catch(() => ({ prices: {} as Record<string, bigint> })) : { prices: {} as Record<string, bigint> };
  const markets = symbols.length > 0 ? await marketsOf(rt, symbols) : {};
  const priced = listPositions(db, account.id, prices, markets).filter((p) => ids.includes(p.owner) && p.amount > ZERO);
  for (const id of ids) {
    const mine = priced.filter((p) => p.owner === id);
    const from = since.get(id) ?? 0;
    const realized = db.$client
      .prepare("SELECT COALESCE(SUM(realized), 0) AS r FROM paper_disposals WHERE account_id = ? AND owner = ? AND disposed_at >= ?")
      .get(account.id, id, from) as { r: bigint | number };
    const unrealized = mine.reduce<bigint | null>((s, p) => (s === null || p.unrealized === null ? null : s + p.unrealized), ZERO);
    const pnl = unrealized === null ? null : Number(formatDecimal(BigInt(realized.r) + unrealized));
    out.set(id, { open: new Set(mine.map((p) => p.symbol)).size, pnl });
  }
  return out;
}

function wire(strategy: StrategyRow, state: BotStateRow | null, book: { open: number; pnl: number | null } | undefined) {
  const tf = timeframeMs(strategy.timeframe as MarketTimeframe);
  const base = state ? botStateWire(state, tf) : null;
  return {
    strategy_id: strategy.id,
    name: strategy.name,
    timeframe: strategy.timeframe,
    symbols: strategy.symbols,
    enabled: strategy.enabled,
    status: (strategy.enabled ? (state?.status ?? "running") : "disabled") as "running" | "paused" | "disabled",
    paused_reason: strategy.enabled ? (state?.pausedReason ?? null) : null,
    enabled_at: state?.enabledAt ?? null,
    last_candle_time: base?.last_candle_time ?? null,
    last_action: base?.last_action ?? null,
    last_error: base?.last_error ?? null,
    last_evaluated_at: base?.last_evaluated_at ?? null,
    next_evaluation_at: strategy.enabled ? (base?.next_evaluation_at ?? null) : null,
    open_positions: book?.open ?? 0,
    pnl_since_enabled: book?.pnl ?? (state ? 0 : null),
  };
}

export async function listBots(userId: string) {
  const db = getDb();
  const rows = db
    .select()
    .from(strategies)
    .where(and(eq(strategies.userId, userId), sql`${strategies.deletedAt} IS NULL`))
    .orderBy(strategies.createdAt)
    .all();
  const states = new Map(listBotStates(db, userId).map((s) => [s.strategyId, s]));
  const books = await botBooks(userId, rows.map((r) => r.id), new Map(rows.map((r) => [r.id, states.get(r.id)?.enabledAt ?? null])));
  return { items: rows.map((r) => wire(r, states.get(r.id) ?? null, books.get(r.id))) };
}

async function oneBot(userId: string, strategy: StrategyRow) {
  const db = getDb();
  const state = readBotState(db, userId, strategy.id);
  const books = await botBooks(userId, [strategy.id], new Map([[strategy.id, state?.enabledAt ?? null]]));
  return wire(strategy, state, books.get(strategy.id));
}

function setStatus(userId: string, strategy: StrategyRow, patch: Partial<BotStateRow>) {
  const db = getDb();
  const now = Date.now();
  db.$client.transaction(() => {
    ensureBotState(db, userId, strategy.id, now);
    updateBotState(db, strategy.id, patch, now);
    const state = readBotState(db, userId, strategy.id) as BotStateRow;
    publishEvent(db, { userId, topic: "bot.state", payload: botStateWire(state, timeframeMs(strategy.timeframe as MarketTimeframe)) }, now);
  })();
}

export async function pauseBot(userId: string, id: string) {
  const strategy = ownStrategy(getDb(), userId, id);
  setStatus(userId, strategy, { status: "paused", pausedReason: "user" });
  return oneBot(userId, strategy);
}

/** Resumes at the newest closed candle: what it missed while paused is not traded or replayed. */
export async function resumeBot(userId: string, id: string) {
  const strategy = ownStrategy(getDb(), userId, id);
  setStatus(userId, strategy, { status: "running", pausedReason: null, lastCandleTime: null, lastError: null, enabledAt: Date.now() });
  return oneBot(userId, strategy);
}

/** Called when a strategy is enabled or disabled: enabling (re)starts its bot at the newest candle. */
export function onStrategyToggled(userId: string, strategy: StrategyRow, enabled: boolean): void {
  if (!enabled) return;
  setStatus(userId, strategy, { status: "running", pausedReason: null, lastCandleTime: null, lastError: null, enabledAt: Date.now() });
}

/** Symbols where the strategy's bot holds more than nothing: deleting it then answers 409. */
export function openBotPositionCount(userId: string, strategyId: string): number {
  const db = getDb();
  const account = getLiveAccount(db, userId);
  if (!account) return 0;
  return new Set(listPositions(db, account.id).filter((p) => p.owner === strategyId && p.amount > ZERO).map((p) => p.symbol)).size;
}

/** "Disable and close": the strategy off, then each of its own positions sold (its orders canceled first). */
export async function disableAndCloseBot(userId: string, id: string, disable: (userId: string, id: string) => Promise<unknown>) {
  const db = getDb();
  const strategy = ownStrategy(db, userId, id);
  await disable(userId, id);
  const { rt, trading, account } = await context(userId);
  const symbols = [...new Set(listPositions(db, account.id).filter((p) => p.owner === id && p.amount > ZERO).map((p) => p.symbol))];
  const closed: { symbol: string; order_id: string | null; error: string | null }[] = [];
  for (const symbol of symbols) {
    try {
      const info = await requireMarket(rt, symbol);
      const quote = await quoteFor(rt, symbol);
      const result = closePosition(db, {
        accountId: account.id,
        market: tradingMarket(info),
        price: { source: rt.source.id, quote },
        fee_rate: trading.fee_rate,
        slippage_bps: trading.slippage_bps,
        owner: id,
        maxPriceAgeMs: env().MAX_PRICE_AGE_S * 1000,
        inTransaction: (r) => publishCloseEvents(db, userId, account, r, { [info.base]: quote.last }),
      });
      closed.push({ symbol, order_id: result.order?.id ?? null, error: null });
    } catch (error) {
      closed.push({ symbol, order_id: null, error: error instanceof Error ? error.message : String(error) });
    }
  }
  const fresh = ownStrategy(db, userId, id);
  return { ...(await oneBot(userId, fresh ?? strategy)), closed };
}

export function listBotEvaluations(userId: string, id: string) {
  const db = getDb();
  ownStrategy(db, userId, id);
  const rows = db.select().from(botEvaluations).where(and(eq(botEvaluations.strategyId, id), eq(botEvaluations.userId, userId))).orderBy(desc(botEvaluations.createdAt), desc(botEvaluations.openTime)).limit(200).all();
  return {
    items: rows.map((r) => ({
      symbol: r.symbol,
      timeframe: r.timeframe,
      open_time: r.openTime,
      outcome: r.outcome as "ordered" | "no_signal" | "rejected" | "skipped_stale" | "error",
      action: r.action,
      reason: r.reason,
      order_id: r.orderId,
      idempotency_key: r.idempotencyKey,
      strategy_version: r.strategyVersion,
      evaluated_by: r.evaluatedBy,
      created_at: r.createdAt,
    })),
  };
}
