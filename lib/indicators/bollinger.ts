import { windowStdInto } from "./window-std";
import { assertDistinct, assertPeriod, outputFor } from "./validate";

export interface BollingerOutput {
  upper: Float64Array;
  middle: Float64Array;
  lower: Float64Array;
}

/**
 * Bollinger Bands (TA-Lib BBANDS with an SMA middle): middle = SMA(period), bands = middle ± mult ·
 * population stddev. Lookback period - 1. The middle matches TA-Lib bit for bit; the bands are within
 * 1e-9 of an exact two-pass computation and ~1e-7 relative of TA-Lib, whose own rounding (E[x²] - E[x]²
 * over raw prices) is the larger error, worst in flat windows.
 * NaN: a NaN input makes that output and every later one NaN.
 */
export function bollinger(
  values: Float64Array,
  period = 20,
  mult = 2,
  out?: Partial<BollingerOutput>,
): BollingerOutput {
  assertPeriod(period);
  if (!Number.isFinite(mult) || mult < 0) throw new RangeError(`mult must be a finite number >= 0, got ${mult}`);
  const n = values.length;
  const upper = outputFor(n, out?.upper, [values]);
  const middle = outputFor(n, out?.middle, [values]);
  const lower = outputFor(n, out?.lower, [values]);
  assertDistinct(upper, middle, lower);
  windowStdInto(values, period, upper, "bands", middle, lower, mult);
  return { upper, middle, lower };
}
