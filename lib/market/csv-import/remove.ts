import type { Db } from "../../db/open";
import { candleTimeframeMs } from "../candle-store";
import { recordFetchedRange } from "../candle-store/ranges";
import { IMPORT_CHUNK_ROWS, timedTransaction, yieldToOthers, type TimingObserver } from "./transaction-timing";

type ImportRow = [source: string, symbol: string, timeframe: string, first: number | null, last: number | null];
type Range = [first: number, last: number];

/**
 * Marks an import as given up (`failed`): staging and publishing stop at their next chunk, lists
 * no longer show it, and `removeFailedImport` (or recovery, after a crash) takes it out.
 */
export function markImportFailed(db: Db, importId: string, options: { userId?: string; observe?: TimingObserver } = {}): boolean {
  return timedTransaction(db.$client, "status", options.observe, () => {
    const changes =
      options.userId === undefined
        ? db.$client.prepare("UPDATE candle_imports SET status = 'failed' WHERE id = ? AND status != 'failed'").run(importId).changes
        : db.$client
            .prepare("UPDATE candle_imports SET status = 'failed' WHERE id = ? AND user_id = ? AND status != 'failed'")
            .run(importId, options.userId).changes;
    return { value: changes > 0, rows: changes };
  });
}

/**
 * Takes a failed import out in short transactions: its staged rows, then the candles in its
 * [first, last] open times that no other publishing or published import of the same source,
 * symbol and timeframe also covers (re-checked in every chunk, so an import that starts publishing
 * meanwhile keeps its rows), then the key's covered ranges are rebuilt from the remaining imports
 * and the import's row goes. Safe to repeat and to run in two processes at once.
 */
export async function removeFailedImport(db: Db, importId: string, options: { now?: number; observe?: TimingObserver } = {}): Promise<void> {
  const client = db.$client;
  const row = client
    .prepare<[string], ImportRow>("SELECT source, symbol, timeframe, first_open_time, last_open_time FROM candle_imports WHERE id = ? AND status = 'failed'")
    .raw()
    .get(importId);
  if (!row) return;
  const [source, symbol, timeframe, first, last] = row;
  const observe = options.observe;

  const unstage = client.prepare(
    "DELETE FROM candle_import_rows WHERE rowid IN (SELECT rowid FROM candle_import_rows WHERE import_id = ? LIMIT ?)",
  );
  for (;;) {
    const removed = timedTransaction(client, "remove", observe, () => {
      const changes = unstage.run(importId, IMPORT_CHUNK_ROWS).changes;
      return { value: changes, rows: changes };
    });
    if (removed < IMPORT_CHUNK_ROWS) break;
    await yieldToOthers();
  }

  const keepers = client
    .prepare<unknown[], Range>(
      `SELECT first_open_time, last_open_time FROM candle_imports
       WHERE source = ? AND symbol = ? AND timeframe = ? AND id != ? AND status IN ('publishing', 'published')
         AND first_open_time IS NOT NULL AND last_open_time IS NOT NULL`,
    )
    .raw();
  if (first !== null && last !== null) {
    const page = client
      .prepare<unknown[], [number]>(
        `SELECT open_time FROM candles WHERE source = ? AND symbol = ? AND timeframe = ? AND open_time >= ? AND open_time <= ?
         ORDER BY open_time LIMIT ?`,
      )
      .raw();
    const drop = client.prepare("DELETE FROM candles WHERE source = ? AND symbol = ? AND timeframe = ? AND open_time = ?");
    const dropSpan = client.prepare("DELETE FROM candles WHERE source = ? AND symbol = ? AND timeframe = ? AND open_time >= ? AND open_time <= ?");
    let cursor = first;
    for (;;) {
      const next = timedTransaction<number | null>(client, "remove", observe, () => {
        const times = page.all(source, symbol, timeframe, cursor, last, IMPORT_CHUNK_ROWS);
        if (times.length === 0) return { value: null, rows: 0 };
        const lo = times[0][0];
        const hi = times[times.length - 1][0];
        const keep = keepers.all(source, symbol, timeframe, importId).filter(([s, e]) => s <= hi && e >= lo);
        let dropped = 0;
        if (keep.length === 0) {
          dropped = dropSpan.run(source, symbol, timeframe, lo, hi).changes;
        } else {
          for (const [t] of times) {
            if (!keep.some(([s, e]) => t >= s && t <= e)) dropped += drop.run(source, symbol, timeframe, t).changes;
          }
        }
        return { value: times.length < IMPORT_CHUNK_ROWS ? null : hi + 1, rows: times.length + dropped };
      });
      if (next === null) break;
      cursor = next;
      await yieldToOthers();
    }
  }

  const tf = candleTimeframeMs(timeframe);
  timedTransaction(client, "remove", observe, () => {
    const now = options.now ?? Date.now();
    const key = { source, symbol, timeframe };
    const ranges = client.prepare("DELETE FROM candle_ranges WHERE source = ? AND symbol = ? AND timeframe = ?").run(source, symbol, timeframe).changes;
    const published = client
      .prepare<unknown[], Range>(
        `SELECT first_open_time, last_open_time FROM candle_imports
         WHERE source = ? AND symbol = ? AND timeframe = ? AND id != ? AND status = 'published'
           AND first_open_time IS NOT NULL AND last_open_time IS NOT NULL`,
      )
      .raw()
      .all(source, symbol, timeframe, importId);
    for (const [s, e] of published) recordFetchedRange(client, key, { start: s, end: e + tf }, now);
    const gone = client.prepare("DELETE FROM candle_imports WHERE id = ? AND status = 'failed'").run(importId).changes;
    return { value: undefined, rows: ranges + published.length + gone };
  });
}
