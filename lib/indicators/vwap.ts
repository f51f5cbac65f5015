import { assertSameLength, outputFor } from "./validate";

export interface VwapOptions {
  /**
   * Candle open times in ms since the epoch. When given, the VWAP restarts at the first candle of
   * each UTC day (the usual intraday session for 24/7 crypto markets); without it the VWAP is
   * cumulative over the whole series.
   */
  openTimes?: ArrayLike<number>;
  out?: Float64Array;
}

const DAY_MS = 86_400_000;

/**
 * Volume-weighted average price: Σ(typical · volume) / Σ volume since the session start, with
 * typical = (high + low + close) / 3. No lookback; NaN while the session's cumulative volume is 0
 * (no trades yet, so no price to report).
 * NaN: a NaN input makes that output and every later one in the same session NaN; a daily reset
 * starts clean.
 */
export function vwap(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  options: VwapOptions = {},
): Float64Array {
  const n = assertSameLength(high, low, close, volume);
  const o = outputFor(n, options.out, [high, low, close, volume]);
  const times = options.openTimes;
  if (times !== undefined && times.length !== n) {
    throw new RangeError(`openTimes length ${times.length} does not match input length ${n}`);
  }
  let pv = 0;
  let vol = 0;
  let day = times !== undefined && n > 0 ? Math.floor(times[0] / DAY_MS) : 0;
  for (let i = 0; i < n; i++) {
    if (times !== undefined) {
      const d = Math.floor(times[i] / DAY_MS);
      if (d !== day) {
        day = d;
        pv = 0;
        vol = 0;
      }
    }
    const v = volume[i];
    pv += ((high[i] + low[i] + close[i]) / 3) * v;
    vol += v;
    o[i] = vol !== 0 ? pv / vol : NaN;
  }
  return o;
}
