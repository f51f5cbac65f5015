/**
 * Our Fear & Greed bands. Every reading is classified here, whatever its provider called it, so
 * the same number always carries the same label across alternative.me, the computed index and
 * backtests.
 */

export const FEAR_GREED_CLASSIFICATIONS = ["Extreme Fear", "Fear", "Neutral", "Greed", "Extreme Greed"] as const;
export type FearGreedClassification = (typeof FEAR_GREED_CLASSIFICATIONS)[number];

export function isFearGreedValue(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 100;
}

/** 0–24 Extreme Fear, 25–49 Fear, 50 Neutral, 51–75 Greed, 76–100 Extreme Greed. */
export function classifyFearGreed(value: number): FearGreedClassification {
  if (!isFearGreedValue(value)) throw new RangeError(`Fear & Greed value must be a whole number from 0 to 100, got ${String(value)}`);
  if (value <= 24) return "Extreme Fear";
  if (value <= 49) return "Fear";
  if (value === 50) return "Neutral";
  if (value <= 75) return "Greed";
  return "Extreme Greed";
}
