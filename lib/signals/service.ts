import "server-only";
import { getDb } from "@/lib/db/client";
import type { Db } from "@/lib/db/open";
import { env } from "@/lib/env";
import { NotFound, Unavailable, ValidationFailed } from "@/lib/errors";
import { marketRuntime, type MarketRuntime } from "@/lib/market/service/runtime";
import { timeframeMs, type Timeframe } from "@/lib/market/timeframes";
import { getSettings } from "@/lib/settings/settings";
import { SIGNAL_WINDOW, gridCandles, signalForCandle, type SignalMarket } from "./candle-signals";
import { runtimeSignalMarket } from "./runtime-market";
import { memoiseByDay, recordPairSignals, recordTrackedSignals, type PairRecordResult } from "./recorder";
import { toSignalItem, type SignalItem } from "./signal-store";
import { signalStats } from "./signal-stats";
import { findTrackedPair, trackedSignalPairs } from "./tracked-pairs";

/** Today's Fear & Greed reading lands in the history as a side effect; failing upstreams only degrade. */
async function refreshFearGreed(rt: MarketRuntime): Promise<void> {
  await rt.fearGreed.current({ allowFetch: true }).catch(() => null);
}

/** The scheduled recording run: every tracked pair's missing signals, newest candle last. */
export async function recordSignalsNow(db: Db, onError?: (symbol: string, timeframe: string, error: unknown) => void): Promise<PairRecordResult[]> {
  const rt = await marketRuntime();
  await refreshFearGreed(rt);
  return recordTrackedSignals(db, runtimeSignalMarket(rt), trackedSignalPairs(db), {
    onError: (pair, error) => onError?.(pair.symbol, pair.timeframe, error),
  });
}

type SignalAnswer = { item: SignalItem | null; stale: boolean; as_of: number; unavailable: string | null };

/**
 * The signal of a pair on its newest closed candle. A tracked pair answers its recorded row (recorded
 * now if the job has not reached this candle yet: it is the row the job would write, and writing it
 * once is what makes two processes answer the same); an untracked pair is computed and not recorded.
 */
async function signalOf(db: Db, market: SignalMarket, symbol: string, timeframe: Timeframe): Promise<SignalAnswer> {
  const tracked = findTrackedPair(trackedSignalPairs(db), symbol, timeframe);
  if (tracked) {
    const r = await recordPairSignals(db, market, tracked, { backfill: 1 });
    return { item: r.latest, stale: r.stale, as_of: r.as_of, unavailable: r.unavailable };
  }
  const [tick, closed] = await Promise.all([market.priceTick(symbol), market.closedCandles(symbol, timeframe, SIGNAL_WINDOW)]);
  if (tick === null || closed === null) return { item: null, stale: false, as_of: Date.now(), unavailable: "symbol_not_listed" };
  const { candles } = gridCandles(closed.candles, timeframeMs(timeframe));
  const g = await signalForCandle(candles, candles.openTime.length - 1, { timeframe, priceTick: tick, fearGreedOn: market.fearGreedOn }).catch(() => null);
  return { item: g ? toSignalItem(market.source, symbol, g, false) : null, stale: closed.stale, as_of: closed.as_of, unavailable: g ? null : "insufficient_history" };
}

/** Query symbols must be markets of the source: 422 on the offending list entry otherwise. */
async function requireListed(rt: MarketRuntime, symbols: readonly string[]): Promise<void> {
  const fields: Record<string, string[]> = {};
  for (const [i, s] of symbols.entries()) {
    if (!(await rt.findMarket(s))) fields[`symbols.${i}`] = [`${s} is not a market of ${rt.source.label}.`];
  }
  if (Object.keys(fields).length > 0) throw new ValidationFailed(fields);
}

async function symbolsFor(userId: string, rt: MarketRuntime, requested: readonly string[] | undefined): Promise<string[]> {
  if (requested) {
    await requireListed(rt, requested);
    return [...new Set(requested)];
  }
  return [...new Set((await getSettings(userId)).trading.default_pairs)];
}

async function runtimeOrUnavailable(): Promise<MarketRuntime> {
  try {
    return await marketRuntime();
  } catch {
    throw new Unavailable("Market data is not available yet; try again shortly.");
  }
}

/** GET /api/v1/trading/signals: the caller's pairs (default: their default pairs), newest closed candle each. */
export async function listSignals(userId: string, q: { symbols?: string[]; timeframe: Timeframe }) {
  const db = getDb();
  const rt = await runtimeOrUnavailable();
  const symbols = await symbolsFor(userId, rt, q.symbols);
  await refreshFearGreed(rt);
  const market = runtimeSignalMarket(rt);
  const memo = { ...market, fearGreedOn: memoiseByDay(market.fearGreedOn) };
  const answers = [];
  for (const symbol of symbols) answers.push({ symbol, ...(await signalOf(db, memo, symbol, q.timeframe)) });
  const items = answers.flatMap((a) => (a.item ? [a.item] : []));
  return {
    items,
    unavailable: answers.filter((a) => !a.item).map((a) => ({ symbol: a.symbol, reason: a.unavailable ?? "insufficient_history" })),
    timeframe: q.timeframe,
    source: rt.source.id,
    stale: answers.some((a) => a.stale),
    as_of: answers.length > 0 ? Math.min(...answers.map((a) => a.as_of)) : Date.now(),
  };
}

/** A path symbol as BTC-USDT or BTC%2FUSDT, normalised to BTC/USDT. */
function symbolFromPath(raw: string): string {
  let text = raw;
  try {
    text = decodeURIComponent(raw);
  } catch {
    // Not an escape this API produced: looked up as given, and not found.
  }
  return text.trim().toUpperCase().replace("-", "/");
}

/** GET /api/v1/trading/signals/{symbol}: one pair's signal; 404 symbol_not_found for an unknown pair. */
export async function getSignal(userId: string, rawSymbol: string, q: { timeframe: Timeframe }) {
  void userId; // Signals are not per user; the caller is authenticated by the route.
  const db = getDb();
  const rt = await runtimeOrUnavailable();
  const symbol = symbolFromPath(rawSymbol);
  const info = await rt.findMarket(symbol);
  if (!info) {
    if (!(await rt.markets({ allowFetch: false }))) throw new Unavailable(`The market list of ${rt.source.label} is not available yet; try again shortly.`);
    throw new NotFound(`No market ${symbol} on ${rt.source.label}.`, "symbol_not_found");
  }
  await refreshFearGreed(rt);
  const a = await signalOf(db, runtimeSignalMarket(rt), info.symbol, q.timeframe);
  if (!a.item) throw new Unavailable(`Not enough closed ${q.timeframe} candles of ${info.symbol} for a signal yet (${SIGNAL_WINDOW} are needed).`);
  return { ...a.item, stale: a.stale, as_of: a.as_of };
}

/** GET /api/v1/trading/signals/stats: hit rates of the recorded signals per symbol, source, algorithm and band. */
export async function getSignalStats(userId: string, q: { symbols?: string[]; timeframe: Timeframe }) {
  const db = getDb();
  const rt = await runtimeOrUnavailable();
  const symbols = await symbolsFor(userId, rt, q.symbols);
  const scoreCandles = env().SIGNAL_SCORE_CANDLES;
  return {
    items: signalStats(db, { symbols, timeframe: q.timeframe, scoreCandles }),
    symbols,
    timeframe: q.timeframe,
    score_candles: scoreCandles,
    source: rt.source.id,
    stale: rt.health.isStale(),
    as_of: Date.now(),
  };
}
