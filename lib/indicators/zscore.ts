import { windowStdInto } from "./window-std";
import { assertPeriod, outputFor } from "./validate";

/**
 * Rolling z-score: (x - mean) / stddev over the last `period` values including x, population
 * standard deviation. Lookback period - 1.
 * A constant window gives 0, not NaN: x equals the mean there, and strategies that test
 * `z > threshold` should see "no deviation" rather than a gap; NaN stays reserved for warm-up and
 * bad input. (Period 1 is therefore always 0.)
 * NaN: a NaN input makes that output and every later one NaN.
 */
export function zscore(values: Float64Array, period: number, out?: Float64Array): Float64Array {
  assertPeriod(period);
  const o = outputFor(values.length, out, [values]);
  windowStdInto(values, period, o, "z");
  return o;
}
