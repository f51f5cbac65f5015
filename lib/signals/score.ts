import type { CandleArrays } from "@/lib/market/candle-store";

/** Candles after the signal candle that may decide it (trading-semantics.md §5.3, SIGNAL_SCORE_CANDLES). */
export const DEFAULT_SCORE_CANDLES = 24;
const MINUTE = 60_000;

export interface ScorableSignal {
  id: string;
  symbol: string;
  timeframe: string;
  /** Only buy and sell are scored; a sell is scored as a short (on spot it means "exit or avoid"). */
  signal: "buy" | "sell";
  /** Open time (UTC ms) of the signal candle. */
  candle_time: number;
  stop_loss: number;
  take_profit: number;
  degraded?: boolean;
}

export type SignalOutcomeKind = "win" | "loss" | "expired" | "overlap" | "pending" | "degraded";

export interface SignalOutcome {
  id: string;
  outcome: SignalOutcomeKind;
  /** Open of the candle after the signal candle; null while that candle does not exist. */
  entry_price: number | null;
  /** Reward/risk recomputed from the actual entry: |TP − entry| / |entry − SL|. */
  rr_effective: number | null;
  /** +RR_eff for a win, −1 for a loss, side·(close − entry)/risk when expired; null otherwise. */
  r_multiple: number | null;
  /** Close time (UTC ms) of the candle that decided it; null for pending, overlap and degraded. */
  exit_time: number | null;
  /** Set for an overlap: the id of the earlier, still-open signal of the same episode. */
  overlaps: string | null;
}

export interface ScoreOptions {
  /** Timeframe length in ms of `candles`. */
  timeframeMs: number;
  maxCandles?: number;
  /** 1m candles covering the scoring window, used only for a candle that reaches both levels. */
  oneMinute?: CandleArrays | null;
  /**
   * Alternative to `oneMinute`: reads the 1m candles of [start, end) only when a candle reaches both
   * levels, so scoring a long history never loads every minute of it.
   */
  oneMinuteBetween?: (start: number, end: number) => CandleArrays | null;
}

type Hit = "tp" | "sl" | null;

/** The backtest's order of checks (§1.7): gap stop, gap target, stop, target. Both in range → stop. */
function hitInBar(side: 1 | -1, o: number, h: number, l: number, sl: number, tp: number): { hit: Hit; both: boolean } {
  if (side === 1) {
    if (o <= sl) return { hit: "sl", both: false };
    if (o >= tp) return { hit: "tp", both: false };
    const s = l <= sl;
    const t = h >= tp;
    return { hit: s ? "sl" : t ? "tp" : null, both: s && t };
  }
  if (o >= sl) return { hit: "sl", both: false };
  if (o <= tp) return { hit: "tp", both: false };
  const s = h >= sl;
  const t = l <= tp;
  return { hit: s ? "sl" : t ? "tp" : null, both: s && t };
}

/** Walks the 1m candles inside [start, end); a minute reaching both levels still counts as a stop. */
function resolveWithOneMinute(
  side: 1 | -1,
  oneMinute: CandleArrays,
  start: number,
  end: number,
  sl: number,
  tp: number,
): { hit: "tp" | "sl"; time: number } | null {
  const t = oneMinute.openTime;
  for (let i = 0; i < t.length; i++) {
    if (t[i] < start) continue;
    if (t[i] >= end) break;
    const { hit } = hitInBar(side, oneMinute.open[i], oneMinute.high[i], oneMinute.low[i], sl, tp);
    if (hit) return { hit, time: t[i] + MINUTE };
  }
  return null;
}

/**
 * Scores one signal on the candles after it: entry at the next open, the first candle reaching a
 * level decides, expired after `maxCandles`, pending while fewer candles exist. Ignores overlap.
 */
export function scoreSignal(s: ScorableSignal, candles: CandleArrays, options: ScoreOptions): SignalOutcome {
  const N = options.maxCandles ?? DEFAULT_SCORE_CANDLES;
  const tf = options.timeframeMs;
  const base: SignalOutcome = {
    id: s.id,
    outcome: "pending",
    entry_price: null,
    rr_effective: null,
    r_multiple: null,
    exit_time: null,
    overlaps: null,
  };
  if (s.degraded) return { ...base, outcome: "degraded" };
  const side: 1 | -1 = s.signal === "buy" ? 1 : -1;
  const t = candles.openTime;
  // First candle after the signal candle (binary search: the baseline scores every candle).
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid] <= s.candle_time) lo = mid + 1;
    else hi = mid;
  }
  const first = lo;
  if (first >= t.length) return base;

  const entry = candles.open[first];
  const risk = side * (entry - s.stop_loss);
  // With the entry at or beyond the stop there is no risk to divide by; such a signal is lost at once.
  const rrEff = risk > 0 ? (side * (s.take_profit - entry)) / risk : null;
  const out = { ...base, entry_price: entry, rr_effective: rrEff };
  const win = (time: number): SignalOutcome => ({ ...out, outcome: "win", r_multiple: rrEff ?? 0, exit_time: time });
  const loss = (time: number): SignalOutcome => ({ ...out, outcome: "loss", r_multiple: -1, exit_time: time });

  const last = Math.min(t.length, first + N);
  for (let i = first; i < last; i++) {
    const { hit, both } = hitInBar(side, candles.open[i], candles.high[i], candles.low[i], s.stop_loss, s.take_profit);
    if (!hit) continue;
    const minutes = both ? (options.oneMinute ?? options.oneMinuteBetween?.(t[i], t[i] + tf) ?? null) : null;
    if (minutes) {
      const r = resolveWithOneMinute(side, minutes, t[i], t[i] + tf, s.stop_loss, s.take_profit);
      if (r) return r.hit === "tp" ? win(r.time) : loss(r.time);
    }
    return hit === "tp" ? win(t[i] + tf) : loss(t[i] + tf);
  }
  if (last - first < N) return out;
  const closeN = candles.close[last - 1];
  return {
    ...out,
    outcome: "expired",
    r_multiple: risk > 0 ? (side * (closeN - entry)) / risk : -1,
    exit_time: t[last - 1] + tf,
  };
}

/**
 * Scores signals of one symbol and timeframe, counting an episode once: a signal in the same
 * direction whose candle closes while an earlier one is still open (or pending) is an `overlap`.
 */
export function scoreSignals(signals: readonly ScorableSignal[], candles: CandleArrays, options: ScoreOptions): SignalOutcome[] {
  const ordered = [...signals].sort((a, b) => a.candle_time - b.candle_time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const open = new Map<string, { id: string; exit: number | null }>();
  const byId = new Map<string, SignalOutcome>();
  for (const s of ordered) {
    if (s.degraded) {
      byId.set(s.id, scoreSignal(s, candles, options));
      continue;
    }
    const key = `${s.symbol}\u0000${s.timeframe}\u0000${s.signal}`;
    const prev = open.get(key);
    const closeTime = s.candle_time + options.timeframeMs;
    if (prev && (prev.exit === null || closeTime < prev.exit)) {
      byId.set(s.id, {
        id: s.id,
        outcome: "overlap",
        entry_price: null,
        rr_effective: null,
        r_multiple: null,
        exit_time: null,
        overlaps: prev.id,
      });
      continue;
    }
    const o = scoreSignal(s, candles, options);
    byId.set(s.id, o);
    open.set(key, { id: s.id, exit: o.exit_time });
  }
  return signals.map((s) => byId.get(s.id)!);
}
