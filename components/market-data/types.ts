import type { ImportItemWire, ImportResultWire } from "@/lib/market/csv-import/schemas";

export type { ImportItemWire, ImportResultWire };

export type TimeRange = { start: number; end: number };

/** GET /api/v1/market/coverage item. */
export type CoverageItem = {
  source: string;
  symbol: string;
  timeframe: string;
  start: number;
  end: number;
  count: number;
  gaps: TimeRange[];
};

/** GET /api/v1/jobs/{id}. */
export type JobView = {
  id: string;
  type: string;
  status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
  progress: number;
  result: unknown;
  error: string | null;
};

export const FINISHED_JOB_STATUSES: readonly JobView["status"][] = ["succeeded", "failed", "cancelled"];
