import { windowStdInto } from "./window-std";
import { assertPeriod, outputFor } from "./validate";

/**
 * Rolling population standard deviation (TA-Lib STDDEV with nbDev 1): divides by `period`, not
 * period - 1. Lookback period - 1. More exact than TA-Lib (see window-std.ts): within 1e-9 relative
 * (typically ~1e-13) of a two-pass computation. TA-Lib agrees to ~2e-10 relative on moving prices but
 * reports sqrt of its rounding noise (~6e-8 of the price) where the true value is 0.
 * A constant window gives exactly 0.
 * NaN: a NaN input makes that output and every later one NaN.
 */
export function stddev(values: Float64Array, period: number, out?: Float64Array): Float64Array {
  assertPeriod(period);
  const o = outputFor(values.length, out, [values]);
  windowStdInto(values, period, o, "std");
  return o;
}
