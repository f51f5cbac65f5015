import { classifyFearGreed, type FearGreedClassification } from "./classify";

/**
 * Our own Fear & Greed index, used when alternative.me cannot be reached, built from the two parts
 * of alternative.me's method that need nothing but prices: momentum and volatility.
 *
 * From daily BTC closes (oldest first), with r_i = ln(close_i / close_{i-1}):
 *   momentum   R  = ln(close_last / close_30_days_earlier)          (30-day log return)
 *   volatility σ30 = population stdev of the last 30 r_i; σ90 = stdev of the last 90 r_i (fewer if the series
 *              is shorter); q = σ30 / σ90, taken as 1 when σ90 is 0 (a perfectly smooth series).
 *   momentum score   M = 50 + 50·tanh(R / 0.25)        a ±25% month moves it ~38 points off neutral
 *   volatility score V = 50 − 50·tanh((q − 1) / 0.5)   volatility above its norm reads as fear
 *   value = round(clamp(0.5·M + 0.5·V, 0, 100))
 * tanh keeps each score inside 0–100 without a cliff, and the scales were picked so a normal month
 * stays near the middle while a crash or a melt-up reaches the extreme bands.
 */

export const MOMENTUM_DAYS = 30;
export const VOLATILITY_DAYS = 30;
export const VOLATILITY_BASELINE_DAYS = 90;
const MOMENTUM_SCALE = 0.25;
const VOLATILITY_RATIO_SCALE = 0.5;
const MOMENTUM_WEIGHT = 0.5;

/** Momentum needs one close 30 days before the last. */
export const MIN_CLOSES = MOMENTUM_DAYS + 1;

export type ComputedFearGreed = {
  value: number;
  classification: FearGreedClassification;
  as_of?: number;
  source: "computed";
  inputs: {
    closes_used: number;
    momentum_30d: number;
    volatility_30d: number;
    volatility_90d: number;
    volatility_ratio: number;
    momentum_score: number;
    volatility_score: number;
  };
};

/** Population form: the two windows differ in length, and n−1 would bias the shorter one upwards. */
function stdev(values: Float64Array): number {
  if (values.length < 2) return 0;
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let sum = 0;
  for (const v of values) sum += (v - mean) ** 2;
  return Math.sqrt(sum / values.length);
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** `asOf` is the time of the last close, carried through so the reading can be dated. */
export function computeFearGreedFromMarket(closes: Float64Array, options: { asOf?: number } = {}): ComputedFearGreed {
  if (closes.length < MIN_CLOSES) throw new RangeError(`Need at least ${MIN_CLOSES} daily closes, got ${closes.length}`);
  for (const c of closes) {
    if (!Number.isFinite(c) || c <= 0) throw new RangeError("Closes must be finite positive prices");
  }

  const used = closes.subarray(Math.max(0, closes.length - (VOLATILITY_BASELINE_DAYS + 1)));
  const returns = new Float64Array(used.length - 1);
  for (let i = 1; i < used.length; i++) returns[i - 1] = Math.log(used[i] / used[i - 1]);

  const last = closes[closes.length - 1];
  const momentum = Math.log(last / closes[closes.length - 1 - MOMENTUM_DAYS]);
  const vol30 = stdev(returns.subarray(returns.length - VOLATILITY_DAYS));
  const vol90 = stdev(returns);
  // Float noise on a smooth series must not read as a volatility spike.
  const ratio = vol90 < 1e-12 ? 1 : vol30 / vol90;

  const momentumScore = 50 + 50 * Math.tanh(momentum / MOMENTUM_SCALE);
  const volatilityScore = 50 - 50 * Math.tanh((ratio - 1) / VOLATILITY_RATIO_SCALE);
  const blended = MOMENTUM_WEIGHT * momentumScore + (1 - MOMENTUM_WEIGHT) * volatilityScore;
  const value = Math.min(100, Math.max(0, Math.round(blended)));

  return {
    value,
    classification: classifyFearGreed(value),
    ...(options.asOf === undefined ? {} : { as_of: options.asOf }),
    source: "computed",
    inputs: {
      closes_used: used.length,
      momentum_30d: round4(momentum),
      volatility_30d: round4(vol30),
      volatility_90d: round4(vol90),
      volatility_ratio: round4(ratio),
      momentum_score: round4(momentumScore),
      volatility_score: round4(volatilityScore),
    },
  };
}
