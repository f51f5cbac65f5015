import { assertPeriod, outputFor } from "./validate";

/**
 * Exponential moving average (TA-Lib EMA): k = 2 / (period + 1), seeded with the SMA of the first
 * `period` values, so the first value is at index period - 1 (TA-Lib's lookback) and matches TA-Lib
 * bit for bit. Libraries that seed with the first value differ for several hundred bars.
 * NaN: a NaN input makes that output and every later one NaN (the recursion carries it).
 */
export function ema(values: Float64Array, period: number, out?: Float64Array): Float64Array {
  assertPeriod(period);
  const n = values.length;
  const o = outputFor(n, out, [values]);
  const lookback = period - 1;
  if (n <= lookback) return o.fill(NaN);
  o.fill(NaN, 0, lookback);
  const k = 2 / (period + 1);
  let sum = 0;
  for (let i = 0; i < period; i++) sum += values[i];
  let prev = sum / period;
  o[lookback] = prev;
  for (let i = period; i < n; i++) {
    prev = (values[i] - prev) * k + prev;
    o[i] = prev;
  }
  return o;
}
