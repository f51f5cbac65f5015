import type { CandleArrays } from "@/lib/market/simulated";
import { BacktestInputError } from "./errors";
import type { GapReport } from "./types";

/** The candles a run uses for one symbol, on a gap-free grid. */
export interface GridCandles {
  /** Gap-free: missing candles forward-filled (O=H=L=C=previous close, volume 0), for indicators only. */
  candles: CandleArrays;
  /** 1 for a real candle, 0 for a filled one; null when nothing was filled. */
  real: Uint8Array | null;
  /** The real candles used, warm-up included (what the result's hash covers). */
  used: CandleArrays;
  gaps: GapReport;
}

function slice(c: CandleArrays, from: number, to: number): CandleArrays {
  return {
    openTime: c.openTime.subarray(from, to),
    open: c.open.subarray(from, to),
    high: c.high.subarray(from, to),
    low: c.low.subarray(from, to),
    close: c.close.subarray(from, to),
    volume: c.volume.subarray(from, to),
  };
}

/** First index with openTime ≥ t (binary search: candles are ascending). */
export function lowerBound(openTime: Float64Array, t: number): number {
  let lo = 0;
  let hi = openTime.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (openTime[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Keeps candles with open time in [from, to): exactly W candles of warm-up before start however much
 * older history the caller passed (trading-semantics.md §1.3), so results never depend on it.
 */
export function trimCandles(c: CandleArrays, from: number, to: number): CandleArrays {
  const n = c.openTime.length;
  for (const k of ["open", "high", "low", "close", "volume"] as const) {
    if (c[k].length !== n) throw new BacktestInputError("invalid_candles", `The ${k} array has ${c[k].length} values for ${n} open times.`);
  }
  return slice(c, lowerBound(c.openTime, from), lowerBound(c.openTime, to));
}

/**
 * Checks the candles (on the grid, ascending, sane OHLCV) and measures the gaps between them in one
 * pass; fills the gaps only when there are any, so a gap-free series is used without a copy.
 * `fill: false` only checks and measures (1m detail candles are used as they are).
 */
export function gridCandles(symbol: string, used: CandleArrays, timeframeMs: number, fill = true): GridCandles {
  const { openTime, open, high, low, close, volume } = used;
  const n = openTime.length;
  if (n > 0 && openTime[0] % timeframeMs !== 0) throw offGrid(symbol, openTime[0]);
  let gapCount = 0;
  let missing = 0;
  let longest = 0;
  let previous = n > 0 ? openTime[0] - timeframeMs : 0;
  for (let i = 0; i < n; i++) {
    const o = open[i];
    const h = high[i];
    const l = low[i];
    const c = close[i];
    const v = volume[i];
    // Written so that NaN fails every test.
    if (!(l > 0 && h >= l && o >= l && o <= h && c >= l && c <= h && h < Infinity && v >= 0 && v < Infinity)) {
      throw new BacktestInputError("invalid_candles", `${symbol}: the candle at ${new Date(openTime[i]).toISOString()} is not a valid OHLCV candle.`, {
        symbol,
        open_time: openTime[i],
      });
    }
    const t = openTime[i];
    const step = t - previous;
    previous = t;
    if (step === timeframeMs) continue;
    if (!(step > 0) || step % timeframeMs !== 0) throw offGrid(symbol, t);
    const gap = step / timeframeMs - 1;
    gapCount++;
    missing += gap;
    if (gap > longest) longest = gap;
  }
  const gaps: GapReport = { gap_count: gapCount, missing_candles: missing, total_gap_ms: missing * timeframeMs, longest_gap_ms: longest * timeframeMs };
  if (missing === 0 || !fill) return { candles: used, real: null, used, gaps };
  return { ...forwardFill(used, n + missing, timeframeMs), used, gaps };
}

function offGrid(symbol: string, t: number): BacktestInputError {
  return new BacktestInputError("invalid_candles", `${symbol}: candles must be ascending on the timeframe's UTC grid; ${new Date(t).toISOString()} is not.`, {
    symbol,
    open_time: t,
  });
}

/** Freqtrade's ohlcv_fill_up_missing_data: a missing candle repeats the previous close, volume 0. */
function forwardFill(c: CandleArrays, length: number, timeframeMs: number): { candles: CandleArrays; real: Uint8Array } {
  const out = {
    openTime: new Float64Array(length),
    open: new Float64Array(length),
    high: new Float64Array(length),
    low: new Float64Array(length),
    close: new Float64Array(length),
    volume: new Float64Array(length),
  };
  const real = new Uint8Array(length);
  const first = c.openTime[0];
  let j = 0;
  for (let i = 0; i < c.openTime.length; i++) {
    const at = (c.openTime[i] - first) / timeframeMs;
    for (; j < at; j++) {
      const prev = out.close[j - 1];
      out.openTime[j] = first + j * timeframeMs;
      out.open[j] = out.high[j] = out.low[j] = out.close[j] = prev;
    }
    out.openTime[j] = c.openTime[i];
    out.open[j] = c.open[i];
    out.high[j] = c.high[i];
    out.low[j] = c.low[i];
    out.close[j] = c.close[i];
    out.volume[j] = c.volume[i];
    real[j] = 1;
    j++;
  }
  return { candles: out, real };
}
