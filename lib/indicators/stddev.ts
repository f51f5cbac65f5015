import { windowStdInto } from "./window-std";
import { assertPeriod, outputFor } from "./validate";

/**
 * Rolling population standard deviation (TA-Lib STDDEV with nbDev 1): divides by `period`, not
 * period - 1. Lookback period - 1. More exact than TA-Lib (see window-std.ts): within ~1e-13
 * relative of a two-pass computation, while TA-Lib is off by up to ~1e-8 relative.
 * A constant window gives exactly 0.
 * NaN: a NaN input makes that output and every later one NaN.
 */
export function stddev(values: Float64Array, period: number, out?: Float64Array): Float64Array {
  assertPeriod(period);
  const o = outputFor(values.length, out, [values]);
  windowStdInto(values, period, o, "std");
  return o;
}
