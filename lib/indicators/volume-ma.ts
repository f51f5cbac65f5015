import { sma } from "./sma";

/**
 * Volume moving average: the SMA of volume (same lookback, period - 1, and NaN behaviour as `sma`).
 * A separate name so strategy configs say what they average.
 */
export function volumeMa(volume: Float64Array, period: number, out?: Float64Array): Float64Array {
  return sma(volume, period, out);
}
