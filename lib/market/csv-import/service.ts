import "server-only";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { importCandleCsv } from "./import-candles";
import { deleteCandleImport, listCandleImports, type ListImportsQuery } from "./manage-imports";
import { readCsvBody } from "./read-csv-body";
import type { ImportItemWire, ImportQuery, ImportResultWire } from "./schemas";

/** The largest CSV body the server accepts (IMPORT_MAX_BYTES). */
export function importLimitBytes(): number {
  return env().IMPORT_MAX_BYTES;
}

/** Reads the request's CSV body (size-limited, UTF-8) and imports it for the user. */
export async function importCsvUpload(userId: string, query: ImportQuery, req: Request): Promise<ImportResultWire> {
  const csv = await readCsvBody(req, importLimitBytes());
  return importCandleCsv(getDb(), userId, { ...query, csv });
}

export async function listUserImports(userId: string, query: ListImportsQuery = {}): Promise<{ items: ImportItemWire[]; next_cursor: string | null }> {
  return listCandleImports(getDb(), userId, query);
}

export async function deleteUserImport(userId: string, importId: string): Promise<void> {
  await deleteCandleImport(getDb(), userId, importId);
}
