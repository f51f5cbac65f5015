import { smaInto } from "./sma";
import { rollingMaxMinInto } from "./window-extremes";
import { assertDistinct, assertPeriod, assertSameLength, outputFor } from "./validate";

export interface StochasticOutput {
  k: Float64Array;
  d: Float64Array;
}

export interface StochasticOptions {
  fastK?: number;
  slowK?: number;
  slowD?: number;
  out?: Partial<StochasticOutput>;
}

/**
 * Slow stochastic (TA-Lib STOCH with SMA smoothing; defaults fastK 14, slowK 3, slowD 3).
 * fast %K = (close - lowest low) / ((highest high - lowest low) / 100) over fastK candles, written
 * in TA-Lib's form for identical rounding, and 0 when the range is 0 (as TA-Lib);
 * k = SMA(slowK) of fast %K; d = SMA(slowD) of k.
 * Both outputs are NaN for i < (fastK - 1) + (slowK - 1) + (slowD - 1), TA-Lib's lookback
 * (17 for the defaults), although k is computable two bars earlier.
 * NaN: a NaN input makes that output and every later one NaN.
 */
export function stochastic(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  options: StochasticOptions = {},
): StochasticOutput {
  const { fastK = 14, slowK = 3, slowD = 3 } = options;
  assertPeriod(fastK, "fastK");
  assertPeriod(slowK, "slowK");
  assertPeriod(slowD, "slowD");
  const n = assertSameLength(high, low, close);
  const k = outputFor(n, options.out?.k, [high, low, close]);
  const d = outputFor(n, options.out?.d, [high, low, close]);
  assertDistinct(k, d);
  const lookback = fastK - 1 + (slowK - 1) + (slowD - 1);
  if (n <= lookback) {
    k.fill(NaN);
    d.fill(NaN);
    return { k, d };
  }
  // The two outputs double as scratch: highest into k, lowest into d, fast %K into d,
  // then k = SMA(d) and d = SMA(k), so no intermediate array is allocated.
  rollingMaxMinInto(high, low, fastK, k, d);
  for (let i = fastK - 1; i < n; i++) {
    const hh = k[i];
    const ll = d[i];
    const diff = (hh - ll) / 100;
    d[i] = diff !== 0 ? (close[i] - ll) / diff : close[i] === close[i] ? 0 : NaN;
  }
  const s1 = fastK - 1;
  smaInto(d.subarray(s1), slowK, k.subarray(s1));
  const s2 = s1 + slowK - 1;
  smaInto(k.subarray(s2), slowD, d.subarray(s2));
  k.fill(NaN, 0, lookback);
  d.fill(NaN, 0, lookback);
  return { k, d };
}
