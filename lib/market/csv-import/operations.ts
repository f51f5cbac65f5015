import { defineOperation } from "@/lib/http/operation";
import { importListQuerySchema, importListSchema, importQuerySchema, importResultSchema } from "./schemas";

export const importOps = {
  importCandles: defineOperation({
    method: "POST",
    path: "/api/v1/market/candles/import",
    summary:
      "Import closed candles from a CSV file sent as the raw body (Content-Type: text/csv, up to IMPORT_MAX_BYTES, 50 MB by default) " +
      "in the exchange's kline-dump layout: open_time, open, high, low, close, volume, then any further columns; header optional; " +
      "open_time in s, ms or µs (above 10^14). The candles belong to the caller under source import:<name> and never replace " +
      "exchange or simulated candles. All or nothing: any bad row → 422 with details.lines [{line, message}] (at most 100) " +
      "and nothing stored. Rows already stored with the same values count as duplicates; with other values as conflicts (kept as stored).",
    tag: "market",
    auth: "user",
    query: importQuerySchema,
    rawBody: { contentType: "text/csv", description: "The CSV file, UTF-8" },
    responses: {
      201: { description: "The import's outcome", schema: importResultSchema },
      409: { description: "The import was deleted before it finished" },
      413: { description: "payload_too_large: the body exceeds IMPORT_MAX_BYTES" },
      415: { description: "unsupported_media_type: the body must be text/csv (UTF-8)" },
      422: { description: "validation_failed: bad query parameters (fields) or bad rows (details.lines, details.bad_lines)" },
      503: { description: "The database stayed busy; try again" },
    },
  }),
  listImports: defineOperation({
    method: "GET",
    path: "/api/v1/market/imports",
    summary: "The caller's CSV imports, newest first.",
    tag: "market",
    auth: "user",
    query: importListQuerySchema,
    responses: { 200: { description: "Imports", schema: importListSchema } },
  }),
  deleteImport: defineOperation({
    method: "DELETE",
    path: "/api/v1/market/imports/{id}",
    summary: "Delete one of the caller's imports with its candles and covered ranges.",
    tag: "market",
    auth: "user",
    responses: { 204: { description: "Deleted" }, 404: { description: "No such import of the caller" } },
  }),
};
