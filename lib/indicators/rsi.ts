import { assertPeriod, outputFor } from "./validate";

/**
 * Relative strength index (TA-Lib RSI, Wilder smoothing). Lookback `period`: out[i] is NaN for
 * i < period. The first value averages the gains and losses of the first `period` changes; then
 * avg = avg · (period - 1) / period + x / period. TA-Lib divides inside the recursion; multiplying by
 * precomputed factors takes the division off the loop's dependency chain (2× faster) and differs from
 * TA-Lib by ~1e-15 relative (the smoothing damps rounding, it does not accumulate it).
 * A window with no movement (gain + loss = 0, e.g. a flat series) gives 0, as TA-Lib does.
 * TA-Lib treats |gain + loss| < 1e-14 as zero; we only treat exact zero as zero, because
 * low-priced assets can legitimately move less than 1e-14.
 * NaN: a NaN input makes that output and every later one NaN.
 */
export function rsi(values: Float64Array, period: number, out?: Float64Array): Float64Array {
  assertPeriod(period);
  const n = values.length;
  const o = outputFor(n, out, [values]);
  if (n <= period) return o.fill(NaN);
  o.fill(NaN, 0, period);
  let gain = 0;
  let loss = 0;
  let prev = values[0];
  for (let i = 1; i <= period; i++) {
    const x = values[i];
    const d = x - prev;
    prev = x;
    if (d < 0) loss -= d;
    else gain += d;
  }
  gain /= period;
  loss /= period;
  const total = gain + loss;
  o[period] = total !== 0 ? 100 * (gain / total) : 0;
  const a = (period - 1) / period;
  const h = 0.5 / period;
  for (let i = period + 1; i < n; i++) {
    const x = values[i];
    const d = x - prev;
    prev = x;
    // (|d| + d) / 2 is exactly max(d, 0) (doubling and halving are exact) without a branch: an
    // up/down branch mispredicts on about half of all price changes, and V8's Math.max was as slow.
    const ad = Math.abs(d);
    gain = gain * a + (ad + d) * h;
    loss = loss * a + (ad - d) * h;
    const t = gain + loss;
    o[i] = t !== 0 ? 100 * (gain / t) : 0;
  }
  return o;
}
