import type { Db } from "../../db/open";
import { candleTimeframeMs, type TimeRange } from "./grid";
import { fetchedRanges } from "./ranges";
import { parseImportSourceId } from "./sources";

export interface CoverageQuery {
  source?: string;
  symbols?: readonly string[];
  /**
   * Imports are listed only for this user. Without it no import is listed at all, so a route that
   * forgets to pass the caller cannot leak another user's import.
   */
  importsOf?: string;
}

export interface CoverageItem {
  source: string;
  symbol: string;
  timeframe: string;
  /** First stored open time. */
  start: number;
  /** Close time of the last stored candle (exclusive). */
  end: number;
  count: number;
  /** Holes in the candle grid inside fetched ranges: real exchange gaps, never refetched. */
  gaps: TimeRange[];
  /** Fetched ranges overlapping [start, end); holes outside them are simply not downloaded yet. */
  fetched: TimeRange[];
}

type KeyRow = [source: string, symbol: string, timeframe: string, count: number, first: number, last: number];
type HoleRow = [openTime: number, next: number];

/**
 * One item per stored (source, symbol, timeframe). Empty space before the first or after the last
 * candle is not a gap: the market's data begins or ends there (§1.4, joining late / end_of_data).
 */
export function coverage(db: Db, q: CoverageQuery = {}): CoverageItem[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.source !== undefined) {
    where.push("source = ?");
    params.push(q.source);
  }
  if (q.symbols !== undefined) {
    if (q.symbols.length === 0) return [];
    where.push(`symbol IN (${q.symbols.map(() => "?").join(", ")})`);
    params.push(...q.symbols);
  }
  const keys = db.$client
    .prepare<unknown[], KeyRow>(
      `SELECT source, symbol, timeframe, COUNT(*), MIN(open_time), MAX(open_time) FROM candles
       ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
       GROUP BY source, symbol, timeframe ORDER BY source, symbol, timeframe`,
    )
    .raw()
    .all(...params);

  const holes = db.$client
    .prepare<unknown[], HoleRow>(
      `SELECT open_time, next FROM (
         SELECT open_time, LEAD(open_time) OVER (ORDER BY open_time) AS next FROM candles
         WHERE source = ? AND symbol = ? AND timeframe = ?
       ) WHERE next - open_time > ?`,
    )
    .raw();

  const items: CoverageItem[] = [];
  for (const [source, symbol, timeframe, count, first, last] of keys) {
    const owner = parseImportSourceId(source);
    if (source.startsWith("import:") && (!owner || owner.userId !== q.importsOf)) continue;
    let tf: number;
    try {
      tf = candleTimeframeMs(timeframe);
    } catch {
      continue; // Written by something other than writeCandles; nothing sound to say about its grid.
    }
    const start = first;
    const end = last + tf;
    const fetched = fetchedRanges(db, { source, symbol, timeframe, from: start, to: end });
    const gaps: TimeRange[] = [];
    let r = 0;
    for (const [t, next] of holes.iterate(source, symbol, timeframe, tf)) {
      const hole = { start: t + tf, end: next };
      while (r < fetched.length && fetched[r].end <= hole.start) r++;
      for (let k = r; k < fetched.length && fetched[k].start < hole.end; k++) {
        const s = Math.max(hole.start, fetched[k].start);
        const e = Math.min(hole.end, fetched[k].end);
        if (e > s) gaps.push({ start: s, end: e });
      }
    }
    items.push({ source, symbol, timeframe, start, end, count, gaps, fetched });
  }
  return items;
}
