import { assertPeriod, outputFor } from "./validate";

/**
 * Simple moving average (TA-Lib SMA). Lookback `period - 1`: out[i] is NaN for i < period - 1.
 * A running sum, added before the trailing value is removed and divided (not multiplied by 1/period),
 * reproduces TA-Lib's rounding exactly.
 * NaN: a NaN input makes that output and every later one NaN (it stays in the running sum).
 */
export function sma(values: Float64Array, period: number, out?: Float64Array): Float64Array {
  assertPeriod(period);
  const n = values.length;
  const o = outputFor(n, out, [values]);
  smaInto(values, period, o);
  return o;
}

/** Kernel without checks, shared with indicators that smooth their own intermediate series. */
export function smaInto(values: Float64Array, period: number, o: Float64Array): void {
  const n = values.length;
  const lookback = period - 1;
  if (n <= lookback) {
    o.fill(NaN);
    return;
  }
  o.fill(NaN, 0, lookback);
  let sum = 0;
  for (let i = 0; i < lookback; i++) sum += values[i];
  for (let i = lookback, t = 0; i < n; i++, t++) {
    sum += values[i];
    o[i] = sum / period;
    sum -= values[t];
  }
}
