import type { Db } from "../../db/open";
import { decodeListCursor, encodeListCursor } from "../../http/list-cursor";
import { NotFound } from "../../errors";
import { wireImportSource } from "./import-candles";
import { markImportFailed, removeFailedImport } from "./remove";
import type { ImportItemWire } from "./schemas";
import type { TimingObserver } from "./transaction-timing";

type ItemRow = {
  id: string;
  name: string;
  symbol: string;
  timeframe: string;
  status: "staging" | "publishing" | "published";
  rows: number;
  imported: number;
  duplicates: number;
  conflicts: number;
  first_open_time: number | null;
  last_open_time: number | null;
  created_at: number;
  finished_at: number | null;
};

export interface ListImportsQuery {
  /** Default 50, at most 500. */
  limit?: number;
  cursor?: string;
}

const encodeCursor = (row: ItemRow) => encodeListCursor(row.created_at, row.id);
const decodeCursor = decodeListCursor;

/**
 * The user's imports, newest first. Imports being taken out (`failed`) are not listed: their owner
 * already deleted them, or they never became visible.
 */
export function listCandleImports(db: Db, userId: string, query: ListImportsQuery = {}): { items: ImportItemWire[]; next_cursor: string | null } {
  const limit = query.limit ?? 50;
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = db.$client
    .prepare<unknown[], ItemRow>(
      `SELECT id, name, symbol, timeframe, status, rows, imported, duplicates, conflicts, first_open_time, last_open_time, created_at, finished_at
       FROM candle_imports
       WHERE user_id = ? AND status != 'failed' ${after ? "AND (created_at < ? OR (created_at = ? AND id < ?))" : ""}
       ORDER BY created_at DESC, id DESC LIMIT ?`,
    )
    .all(userId, ...(after ? [after[0], after[0], after[1]] : []), limit + 1);
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({ ...r, source: wireImportSource(r.name) })),
    next_cursor: rows.length > limit ? encodeCursor(page[page.length - 1]) : null,
  };
}

/**
 * Deletes one of the user's imports with its candles (those no other import of the same name,
 * symbol and timeframe also holds) and covered ranges. Another user's import is a 404.
 */
export async function deleteCandleImport(db: Db, userId: string, importId: string, options: { observe?: TimingObserver } = {}): Promise<void> {
  if (!markImportFailed(db, importId, { userId, observe: options.observe })) throw new NotFound("Import not found.");
  await removeFailedImport(db, importId, options);
}
