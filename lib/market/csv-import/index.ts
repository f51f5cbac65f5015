/**
 * CSV candle imports (issue: market data, candle store): parse and validate the whole file, stage
 * it, then publish it into the candle store under `import:<user_id>:<name>` in short transactions.
 * Free of `server-only` (the CLI and recovery use it); the server's entry points are in service.ts.
 */
export { CsvMediaTypeRequired, CsvRejected } from "./errors";
export { importCandleCsv, importParsedCandles, wireImportSource, type ImportCandlesInput } from "./import-candles";
export { resolveImportOwner, type ImportOwner } from "./import-owner";
export { deleteCandleImport, listCandleImports, type ListImportsQuery } from "./manage-imports";
export { findGaps, MAX_LISTED_PROBLEMS, openTimeToMs, parseCandleCsv, parseCandleCsvInSlices, type CsvLineProblem, type ParsedCandleCsv } from "./parse-csv";
export { decodeUtf8 } from "./read-csv-body";
export { recoverCandleImports, STALE_STAGING_MS, type RecoverCandleImportsOptions, type RecoverCandleImportsReport } from "./recover";
export { importQuerySchema, IMPORT_TIMEFRAMES } from "./schemas";
export { IMPORT_CHUNK_ROWS, type TimingObserver, type TransactionTiming } from "./transaction-timing";
