import { rollingMaxMinInto } from "./window-extremes";
import { assertDistinct, assertPeriod, assertSameLength, outputFor } from "./validate";

export interface DonchianOutput {
  upper: Float64Array;
  lower: Float64Array;
  middle: Float64Array;
}

export interface DonchianOptions {
  /**
   * Channel over the previous `period` candles, excluding the current one. A breakout rule
   * "close > upper" can never fire when the current high is part of the channel.
   * Lookback becomes `period` instead of period - 1.
   */
  excludeCurrent?: boolean;
  out?: Partial<DonchianOutput>;
}

/**
 * Donchian channel: upper = highest high, lower = lowest low over `period` candles,
 * middle = (upper + lower) / 2. No TA-Lib equivalent (TA-Lib's MAX/MIN give upper/lower).
 * NaN: a NaN input makes that output and every later one NaN.
 */
export function donchian(
  high: Float64Array,
  low: Float64Array,
  period: number,
  options: DonchianOptions = {},
): DonchianOutput {
  assertPeriod(period);
  const n = assertSameLength(high, low);
  const upper = outputFor(n, options.out?.upper, [high, low]);
  const lower = outputFor(n, options.out?.lower, [high, low]);
  const middle = outputFor(n, options.out?.middle, [high, low]);
  assertDistinct(upper, lower, middle);
  rollingMaxMinInto(high, low, period, upper, lower);
  if (options.excludeCurrent && n > 0) {
    upper.copyWithin(1, 0, n - 1);
    lower.copyWithin(1, 0, n - 1);
    upper[0] = NaN;
    lower[0] = NaN;
  }
  for (let i = 0; i < n; i++) middle[i] = (upper[i] + lower[i]) / 2;
  return { upper, lower, middle };
}
