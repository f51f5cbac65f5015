import type { FearGreedReading } from "./types";

/**
 * Daily Fear & Greed history, so a backtest or signal evaluated for a past date uses the value that
 * was published then, not today's. Storage is behind FearGreedHistoryStore: the database table
 * arrives later; until then (and in tests) the in-memory store stands in.
 */

/** One reading per UTC day: the latest reading seen for that day wins. */
export type FearGreedDailyPoint = FearGreedReading & { day: string };

export interface FearGreedHistoryStore {
  /** Inserts or replaces by `day`. */
  save(points: readonly FearGreedDailyPoint[]): Promise<void>;
  /** The point for `day` or, if none, the latest earlier one; null when the history starts later. */
  onOrBefore(day: string): Promise<FearGreedDailyPoint | null>;
}

/** "YYYY-MM-DD" of a Unix-ms instant in UTC, the key readings are stored under. */
export function utcDay(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError("utcDay needs a finite timestamp");
  return new Date(ms).toISOString().slice(0, 10);
}

export function toDailyPoints(readings: readonly FearGreedReading[]): FearGreedDailyPoint[] {
  const byDay = new Map<string, FearGreedDailyPoint>();
  for (const r of readings) {
    const day = utcDay(r.as_of);
    const existing = byDay.get(day);
    if (!existing || r.as_of > existing.as_of) byDay.set(day, { ...r, day });
  }
  return [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

/** Points sorted by day ascending (as toDailyPoints returns them); binary search keeps backtests fast. */
export function valueOnDay(points: readonly FearGreedDailyPoint[], day: string): FearGreedDailyPoint | null {
  let lo = 0;
  let hi = points.length - 1;
  let found: FearGreedDailyPoint | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid].day <= day) {
      found = points[mid];
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

export function createMemoryFearGreedHistory(): FearGreedHistoryStore {
  const byDay = new Map<string, FearGreedDailyPoint>();
  return {
    async save(points) {
      for (const p of points) byDay.set(p.day, { ...p });
    },
    async onOrBefore(day) {
      const sorted = [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
      return valueOnDay(sorted, day);
    },
  };
}
