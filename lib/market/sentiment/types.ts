import type { FearGreedClassification } from "./classify";

/** One Fear & Greed reading as the API returns it, whichever source produced it. */
export type FearGreedReading = {
  value: number;
  classification: FearGreedClassification;
  /** The provider's own label, kept for display; ours (`classification`) is what logic uses. */
  provider_classification?: string;
  /** Unix milliseconds the reading is valid from. */
  as_of: number;
  source: "alternative.me" | "computed";
};
