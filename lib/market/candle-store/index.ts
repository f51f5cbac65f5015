/**
 * The candle store (trading-semantics.md §1.4): closed candles keyed by (source, symbol, timeframe,
 * open_time), with fetched ranges kept apart so exchange gaps are not refetched. Free of
 * `server-only`, so workers and scripts can use it.
 */
export { aggregateFrom1m } from "./aggregate";
export { coverage, type CoverageItem, type CoverageQuery } from "./coverage";
export { candleTimeframeMs, type CandleArrays, type CandleKey, type TimeRange } from "./grid";
export { fetchedRanges, missingRanges, type MissingRangesQuery } from "./ranges";
export { readCandles, readCandlesInChunks, READ_CHUNK_CANDLES, type ReadCandlesQuery } from "./read";
export { canUseSource, importSourceId, isImportSource, parseImportSourceId } from "./sources";
export { WRITE_CHUNK_ROWS, writeCandles, type WriteCandlesInput, type WriteCandlesResult } from "./write";
