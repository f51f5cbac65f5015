import type { Db } from "../../db/open";
import { candleTimeframeMs } from "../candle-store";
import { recordFetchedRange } from "../candle-store/ranges";
import { IMPORT_CHUNK_ROWS, timedTransaction, yieldToOthers, type TimingObserver } from "./transaction-timing";

type ImportKeyRow = [source: string, symbol: string, timeframe: string, first: number | null, last: number | null];
type CompareRow = [same: number, stored: number];
type ConflictRow = [openTime: number, ...values: number[]];

export interface ConflictSample {
  openTime: number;
  /** Which values differ, e.g. "close 101.5 (stored 101.4)". */
  message: string;
}

export type PublishOutcome = "published" | "removed";

const VALUE_COLUMNS = ["open", "high", "low", "close", "volume"] as const;
const SAME = VALUE_COLUMNS.map((c) => `c.${c} = r.${c}`).join(" AND ");
// CROSS JOIN pins the staged chunk as the outer loop: otherwise the planner may walk every stored
// candle below the chunk's bound, which grows with each chunk published.
const MATCH = `FROM candle_import_rows r CROSS JOIN candles c
  ON c.source = ? AND c.symbol = ? AND c.timeframe = ? AND c.open_time = r.open_time
  WHERE r.import_id = ? AND r.open_time <= ?`;

function describeConflict(row: ConflictRow): ConflictSample {
  const [openTime, ...v] = row;
  const parts: string[] = [];
  VALUE_COLUMNS.forEach((column, k) => {
    if (v[k] !== v[k + 5]) parts.push(`${column} ${v[k]} (stored ${v[k + 5]})`);
  });
  return { openTime, message: `differs from the stored candle: ${parts.join(", ")}` };
}

/**
 * Moves an import's staged rows into the candle store, a chunk of open times per transaction. Each
 * chunk counts what it adds, what the store already held with the same values (duplicates) and
 * with other values (conflicts: kept as stored, never overwritten), adds those counts to the import
 * and deletes the chunk's staged rows, all at once. So a crash, a restart's recovery or a second
 * process publishing the same import at the same time never counts a row twice, and two imports of
 * the same data under one name split the rows between them exactly. The last transaction records
 * the covered range (so coverage reports holes in the file as gaps) and marks the import published.
 */
export async function publishStagedImport(
  db: Db,
  importId: string,
  options: { now?: number; observe?: TimingObserver; conflictSamples?: number } = {},
): Promise<{ outcome: PublishOutcome; conflicts: ConflictSample[] }> {
  const client = db.$client;
  const key = client
    .prepare<[string], ImportKeyRow>("SELECT source, symbol, timeframe, first_open_time, last_open_time FROM candle_imports WHERE id = ?")
    .raw()
    .get(importId);
  if (!key) return { outcome: "removed", conflicts: [] };
  const [source, symbol, timeframe, first, last] = key;
  const tf = candleTimeframeMs(timeframe);

  const status = client.prepare<[string], { status: string }>("SELECT status FROM candle_imports WHERE id = ?");
  const bound = client
    .prepare<[string, number], [number | null]>(
      "SELECT MAX(open_time) FROM (SELECT open_time FROM candle_import_rows WHERE import_id = ? ORDER BY open_time LIMIT ?)",
    )
    .raw();
  const compare = client.prepare<unknown[], CompareRow>(`SELECT COALESCE(SUM(${SAME}), 0), COUNT(*) ${MATCH}`).raw();
  const conflicting = client
    .prepare<unknown[], ConflictRow>(
      `SELECT r.open_time, ${VALUE_COLUMNS.map((c) => `r.${c}`).join(", ")}, ${VALUE_COLUMNS.map((c) => `c.${c}`).join(", ")}
       ${MATCH} AND NOT (${SAME}) ORDER BY r.open_time LIMIT ?`,
    )
    .raw();
  const insert = client.prepare(
    `INSERT INTO candles (source, symbol, timeframe, open_time, open, high, low, close, volume)
     SELECT ?, ?, ?, open_time, open, high, low, close, volume FROM candle_import_rows WHERE import_id = ? AND open_time <= ?
     ON CONFLICT DO NOTHING`,
  );
  const unstage = client.prepare("DELETE FROM candle_import_rows WHERE import_id = ? AND open_time <= ?");
  const count = client.prepare(
    "UPDATE candle_imports SET imported = imported + ?, duplicates = duplicates + ?, conflicts = conflicts + ? WHERE id = ?",
  );
  const finish = client.prepare("UPDATE candle_imports SET status = 'published', finished_at = ? WHERE id = ? AND status = 'publishing'");

  const samples: ConflictSample[] = [];
  const maxSamples = options.conflictSamples ?? 100;
  for (;;) {
    const step = timedTransaction<PublishOutcome | null>(client, "publish", options.observe, () => {
      const current = status.get(importId)?.status;
      if (current === "published") return { value: "published", rows: 0 };
      if (current !== "publishing") return { value: "removed", rows: 0 };
      const upTo = bound.get(importId, IMPORT_CHUNK_ROWS)?.[0] ?? null;
      if (upTo === null) {
        const now = options.now ?? Date.now();
        if (first !== null && last !== null) recordFetchedRange(client, { source, symbol, timeframe }, { start: first, end: last + tf }, now);
        finish.run(now, importId);
        return { value: "published", rows: 0 };
      }
      const [same, stored] = compare.get(source, symbol, timeframe, importId, upTo)!;
      const conflicts = stored - same;
      if (conflicts > 0 && samples.length < maxSamples) {
        for (const row of conflicting.all(source, symbol, timeframe, importId, upTo, maxSamples - samples.length)) {
          samples.push(describeConflict(row));
        }
      }
      const inserted = insert.run(source, symbol, timeframe, importId, upTo).changes;
      const staged = unstage.run(importId, upTo).changes;
      // Every staged row is exactly one of: added, already there with the same values, in conflict.
      if (inserted + stored !== staged) throw new Error(`Import ${importId}: publish counted ${inserted} + ${stored} of ${staged} rows`);
      count.run(inserted, same, conflicts, importId);
      return { value: null, rows: staged };
    });
    if (step !== null) return { outcome: step, conflicts: samples };
    await yieldToOthers();
  }
}
