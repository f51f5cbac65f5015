import type { Db } from "../../db/open";
import { Conflict, Unavailable } from "../../errors";
import { newId } from "../../ids";
import { importSourceId } from "../candle-store";
import { activeImports } from "./active";
import { CsvRejected } from "./errors";
import { findGaps, lineOfOpenTime, parseCandleCsvInSlices, type ParsedCandleCsv } from "./parse-csv";
import { publishStagedImport } from "./publish";
import { markImportFailed, removeFailedImport } from "./remove";
import type { ImportResultWire } from "./schemas";
import { IMPORT_CHUNK_ROWS, timedTransaction, yieldToOthers, type TimingObserver } from "./transaction-timing";

export interface ImportCandlesInput {
  /** 1–64 characters of A–Z a–z 0–9 . _ -; the candles are stored under `import:<name>` for this user. */
  name: string;
  /** BASE/QUOTE. */
  symbol: string;
  timeframe: string;
  /** The whole file as text. */
  csv: string;
  /** Server time: only closed candles (open_time + timeframe <= now) are accepted. */
  now?: number;
  /** Called after every write transaction, with its duration (measurement and tests). */
  observe?: TimingObserver;
}

/** The name as the API shows it: the user id inside the stored key is nobody's business on the wire. */
export function wireImportSource(name: string): string {
  return `import:${name}`;
}

function isBusy(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && String((error as { code: unknown }).code).startsWith("SQLITE_BUSY");
}

/**
 * Imports a candle CSV for one user, all or nothing:
 *  1. parse and validate the whole file in memory; any bad row → CsvRejected (422) with nothing written;
 *  2. stage the rows into candle_import_rows, IMPORT_CHUNK_ROWS per transaction;
 *  3. flip the import to `publishing` and publish chunk by chunk into the candle store (see
 *     publishStagedImport), then mark it `published`.
 * Until step 3 the candles are invisible; once an import is `publishing` it is finished even after a
 * crash (recoverCandleImports). The write lock is never held for more than one chunk at a time.
 */
export async function importCandleCsv(db: Db, userId: string, input: ImportCandlesInput): Promise<ImportResultWire> {
  const now = input.now ?? Date.now();
  const parsed = await parseCandleCsvInSlices(input.csv, { timeframe: input.timeframe, now });
  if (!parsed.ok) throw new CsvRejected(parsed.problems, parsed.problemCount);
  return importParsedCandles(db, userId, { ...input, now }, parsed.value);
}

export async function importParsedCandles(
  db: Db,
  userId: string,
  input: Omit<ImportCandlesInput, "csv">,
  parsed: ParsedCandleCsv,
): Promise<ImportResultWire> {
  const now = input.now ?? Date.now();
  const id = newId(now);
  const active = activeImports();
  active.add(id);
  try {
    return await runImport(db, id, userId, { ...input, now }, parsed);
  } catch (error) {
    throw translate(error);
  } finally {
    active.delete(id);
  }
}

async function runImport(
  db: Db,
  id: string,
  userId: string,
  input: Omit<ImportCandlesInput, "csv"> & { now: number },
  parsed: ParsedCandleCsv,
): Promise<ImportResultWire> {
  const client = db.$client;
  const observe = input.observe;
  const c = parsed.candles;
  const first = c.openTime[0];
  const last = c.openTime[c.openTime.length - 1];

  timedTransaction(client, "create", observe, () => {
    client
      .prepare(
        `INSERT INTO candle_imports (id, user_id, name, source, symbol, timeframe, status, rows, imported, duplicates, conflicts,
           first_open_time, last_open_time, created_at)
         VALUES (?, ?, ?, ?, ?, ?, 'staging', ?, 0, ?, 0, ?, ?, ?)`,
      )
      .run(id, userId, input.name, importSourceId(userId, input.name), input.symbol, input.timeframe, parsed.rows, parsed.duplicates, first, last, input.now);
    return { value: undefined, rows: 1 };
  });

  try {
    await stage(db, id, parsed, observe);
    const flipped = timedTransaction(client, "status", observe, () => {
      const changes = client.prepare("UPDATE candle_imports SET status = 'publishing' WHERE id = ? AND status = 'staging'").run(id).changes;
      return { value: changes === 1, rows: changes };
    });
    if (!flipped) throw new ImportRemoved();
  } catch (error) {
    // Nothing of it is visible yet: take the staged rows out again (or leave that to recovery if
    // even this fails), then report the original failure.
    try {
      markImportFailed(db, id, { observe });
      await removeFailedImport(db, id, { observe });
    } catch {
      // recoverCandleImports discards it later
    }
    throw error;
  }

  // A failure from here on leaves the import `publishing`: recovery finishes it.
  const published = await publishStagedImport(db, id, { observe });
  if (published.outcome === "removed") throw new ImportRemoved();

  const row = client
    .prepare<[string], { rows: number; imported: number; duplicates: number; conflicts: number }>(
      "SELECT rows, imported, duplicates, conflicts FROM candle_imports WHERE id = ?",
    )
    .get(id);
  if (!row) throw new ImportRemoved();
  const { gaps, gapCount } = findGaps(c.openTime, input.timeframe);
  return {
    id,
    source: wireImportSource(input.name),
    symbol: input.symbol,
    timeframe: input.timeframe,
    rows: row.rows,
    imported: row.imported,
    duplicates: row.duplicates,
    conflicts: row.conflicts,
    conflict_lines: published.conflicts.map((s) => ({ line: lineOfOpenTime(parsed, s.openTime) ?? 0, open_time: s.openTime, message: s.message })),
    first_open_time: first,
    last_open_time: last,
    gaps,
    gap_count: gapCount,
  };
}

class ImportRemoved extends Error {}

function translate(error: unknown): unknown {
  if (error instanceof ImportRemoved) return new Conflict("conflict", "The import was deleted before it finished.");
  if (isBusy(error)) return new Unavailable("The database is busy. Try the import again in a moment.");
  return error;
}

/** Stages rows in chunks; each chunk first checks the import is still wanted (a delete stops it). */
async function stage(db: Db, id: string, parsed: ParsedCandleCsv, observe: TimingObserver | undefined): Promise<void> {
  const client = db.$client;
  const c = parsed.candles;
  const n = c.openTime.length;
  const status = client.prepare<[string], { status: string }>("SELECT status FROM candle_imports WHERE id = ?");
  const insert = client.prepare(
    "INSERT INTO candle_import_rows (import_id, open_time, open, high, low, close, volume) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  for (let i = 0; i < n; ) {
    const end = Math.min(i + IMPORT_CHUNK_ROWS, n);
    const from = i;
    timedTransaction(client, "stage", observe, () => {
      if (status.get(id)?.status !== "staging") throw new ImportRemoved();
      for (let j = from; j < end; j++) insert.run(id, c.openTime[j], c.open[j], c.high[j], c.low[j], c.close[j], c.volume[j]);
      return { value: undefined, rows: end - from };
    });
    i = end;
    if (i < n) await yieldToOthers();
  }
}
