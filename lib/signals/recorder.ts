import type { Db } from "@/lib/db/open";
import { timeframeMs, type Timeframe } from "@/lib/market/timeframes";
import { SIGNAL_WINDOW, gridCandles, signalForCandle, type SignalMarket } from "./candle-signals";
import { SIGNAL_ALGORITHM_VERSION, type FearGreedInput } from "./generate";
import { readRecordedSignal, recordSignal, recordedCandleTimes, type SignalItem } from "./signal-store";
import type { TrackedSignalPair } from "./tracked-pairs";

/**
 * How many closed candles back a run fills in when they are missing (a new pair, or a restart after
 * downtime): every candle is recorded, not just the moments the server happened to be up, so the
 * sample is not biased by when anyone looked (trading-semantics.md §5.2).
 */
export const RECORD_BACKFILL_CANDLES = 168;

export type PairRecordResult = {
  symbol: string;
  timeframe: string;
  recorded: number;
  /** The pair's signal on its newest closed candle (recorded now or earlier); null without enough candles. */
  latest: SignalItem | null;
  stale: boolean;
  as_of: number;
  /** Why no signal exists: unlisted symbol, too little history. */
  unavailable: string | null;
};

/** One Fear & Greed lookup per day per run: a backfill asks for the same few days many times. */
export function memoiseByDay(lookup: (day: string) => Promise<FearGreedInput | null>) {
  const seen = new Map<string, Promise<FearGreedInput | null>>();
  return (day: string) => {
    let p = seen.get(day);
    if (!p) seen.set(day, (p = lookup(day)));
    return p;
  };
}

/**
 * Records the missing signals of one tracked pair over its last `backfill` closed candles, each
 * computed from the SIGNAL_WINDOW candles ending at it, and returns the newest. Only a newly
 * recorded newest candle may publish `signal.changed`, so a backfill after downtime does not replay
 * a day of direction changes nobody could act on.
 */
export async function recordPairSignals(
  db: Db,
  market: SignalMarket,
  pair: TrackedSignalPair,
  options: { backfill?: number; now?: number; fearGreedOn?: (day: string) => Promise<FearGreedInput | null> } = {},
): Promise<PairRecordResult> {
  const backfill = Math.max(1, options.backfill ?? RECORD_BACKFILL_CANDLES);
  const now = options.now ?? Date.now();
  const fearGreedOn = options.fearGreedOn ?? memoiseByDay((d) => market.fearGreedOn(d));
  const { symbol, timeframe } = pair;
  const base = { symbol, timeframe, recorded: 0, latest: null, stale: false, as_of: now };
  const [priceTick, closed] = await Promise.all([market.priceTick(symbol), market.closedCandles(symbol, timeframe, SIGNAL_WINDOW + backfill)]);
  if (priceTick === null || closed === null) return { ...base, unavailable: "symbol_not_listed" };
  const { candles, real } = gridCandles(closed.candles, timeframeMs(timeframe as Timeframe));
  const n = candles.openTime.length;
  const meta = { stale: closed.stale, as_of: closed.as_of };
  if (n < SIGNAL_WINDOW) return { ...base, ...meta, unavailable: "insufficient_history" };

  const key = { source: market.source, symbol, timeframe, algorithm: SIGNAL_ALGORITHM_VERSION };
  const first = Math.max(SIGNAL_WINDOW - 1, n - backfill);
  const done = recordedCandleTimes(db, key, candles.openTime[first], candles.openTime[n - 1]);
  let recorded = 0;
  for (let i = first; i < n; i++) {
    if (!real(i) || done.has(candles.openTime[i])) continue;
    const signal = await signalForCandle(candles, i, { timeframe, priceTick, fearGreedOn }).catch(() => null);
    if (!signal) continue;
    const outcome = recordSignal(db, { source: market.source, symbol, signal, notifyUserIds: i === n - 1 ? pair.userIds : [] }, now);
    if (outcome.inserted) recorded++;
  }
  // The newest real candle: a flat gap-filled bar at the end cannot exist (the grid ends at a real one).
  const latest = readRecordedSignal(db, key, candles.openTime[n - 1]);
  return { ...base, ...meta, recorded, latest, unavailable: latest ? null : "insufficient_history" };
}

/** The scheduled run: every tracked pair, one after another (a failing pair does not stop the rest). */
export async function recordTrackedSignals(
  db: Db,
  market: SignalMarket,
  pairs: readonly TrackedSignalPair[],
  options: { backfill?: number; now?: number; onError?: (pair: TrackedSignalPair, error: unknown) => void } = {},
): Promise<PairRecordResult[]> {
  const fearGreedOn = memoiseByDay((d) => market.fearGreedOn(d));
  const out: PairRecordResult[] = [];
  for (const pair of pairs) {
    try {
      out.push(await recordPairSignals(db, market, pair, { ...options, fearGreedOn }));
    } catch (error) {
      options.onError?.(pair, error);
    }
  }
  return out;
}
