import type Database from "better-sqlite3";
import type { Db } from "../../db/open";
import { assertFiniteRange, assertKey, candleTimeframeMs, type CandleKey, type TimeRange } from "./grid";

export interface MissingRangesQuery extends CandleKey {
  /** Inclusive: candles with open_time >= from. */
  from: number;
  /** Exclusive: candles with open_time < to. */
  to: number;
  /** When given, the still-forming candle and the future are never reported as missing. */
  now?: number;
}

type Row = [start: number, end: number];

const statements = new WeakMap<Database.Database, { overlapping: Database.Statement<unknown[], Row> }>();

function prepared(db: Db) {
  let s = statements.get(db.$client);
  if (!s) {
    s = {
      overlapping: db.$client
        .prepare<unknown[], Row>(
          `SELECT start_time, end_time FROM candle_ranges
           WHERE source = ? AND symbol = ? AND timeframe = ? AND start_time < ? AND end_time > ?
           ORDER BY start_time`,
        )
        .raw(),
    };
    statements.set(db.$client, s);
  }
  return s;
}

/** Fetched ranges of one key that overlap [from, to), in order. */
export function fetchedRanges(db: Db, q: CandleKey & { from: number; to: number }): TimeRange[] {
  assertKey(q);
  return prepared(db)
    .overlapping.all(q.source, q.symbol, q.timeframe, q.to, q.from)
    .map(([start, end]) => ({ start, end }));
}

/**
 * The parts of [from, to) never fetched, on the candle grid. A fetched range without candles (an
 * exchange outage) is not missing: refetching it would return nothing again, forever.
 */
export function missingRanges(db: Db, q: MissingRangesQuery): TimeRange[] {
  assertKey(q);
  assertFiniteRange(q.from, q.to);
  const tf = candleTimeframeMs(q.timeframe);
  // Grid points whose open_time lies in [from, to).
  const from = Math.ceil(q.from / tf) * tf;
  let to = Math.ceil(q.to / tf) * tf;
  if (q.now !== undefined) to = Math.min(to, Math.floor(q.now / tf) * tf);
  if (to <= from) return [];
  const out: TimeRange[] = [];
  let cursor = from;
  for (const r of fetchedRanges(db, { ...q, from, to })) {
    if (r.start > cursor) out.push({ start: cursor, end: Math.min(r.start, to) });
    cursor = Math.max(cursor, r.end);
    if (cursor >= to) break;
  }
  if (cursor < to) out.push({ start: cursor, end: to });
  return out;
}

/**
 * Records [start, end) as fetched, merged with every overlapping or touching range of the key so
 * that ranges stay disjoint. Must run inside the caller's write transaction.
 */
export function recordFetchedRange(client: Database.Database, key: CandleKey, range: TimeRange, now: number): void {
  if (range.end <= range.start) return;
  const touching = client
    .prepare<unknown[], Row>(
      `SELECT start_time, end_time FROM candle_ranges
       WHERE source = ? AND symbol = ? AND timeframe = ? AND start_time <= ? AND end_time >= ?`,
    )
    .raw()
    .all(key.source, key.symbol, key.timeframe, range.end, range.start);
  let start = range.start;
  let end = range.end;
  for (const [s, e] of touching) {
    start = Math.min(start, s);
    end = Math.max(end, e);
  }
  client
    .prepare(
      `DELETE FROM candle_ranges WHERE source = ? AND symbol = ? AND timeframe = ? AND start_time <= ? AND end_time >= ?`,
    )
    .run(key.source, key.symbol, key.timeframe, range.end, range.start);
  client
    .prepare(
      `INSERT INTO candle_ranges (source, symbol, timeframe, start_time, end_time, fetched_at) VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .run(key.source, key.symbol, key.timeframe, start, end, now);
}
