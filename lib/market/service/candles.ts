/**
 * Candles of the deployment's source through the candle store (trading-semantics.md §1.4): what
 * the store holds is read back; what it lacks is fetched (paginated, at most 1,000 per request)
 * and stored, but only for signed-in callers and background work — an anonymous request reads the
 * store alone. When the exchange cannot be reached the stored candles are served marked stale.
 */
import type { Db } from "@/lib/db/open";
import { missingRanges, readCandles, writeCandles, type CandleArrays, type TimeRange } from "../candle-store";
import { candleWindow, MAX_CANDLE_LIMIT, type MarketProvider, type MarketTimeframe } from "../provider";
import { timeframeMs } from "../simulated";
import type { SourceHealth } from "./health";
import { singleFlight } from "./single-flight";

export type CandleService = {
  /** The window of a query at the source's clock, read from the store after filling what is missing. */
  window(symbol: string, timeframe: MarketTimeframe, query: { limit?: number; since?: number }, options: { allowFetch: boolean }): Promise<CandleWindowResult>;
  /** Downloads [from, to) into the store; `onPage` sees progress (0–1) and may stop the download by returning false. */
  download(symbol: string, timeframe: MarketTimeframe, range: TimeRange, onPage?: (done: number) => Promise<boolean> | boolean): Promise<DownloadResult>;
};

export type CandleWindowResult = {
  candles: CandleArrays;
  stale: boolean;
  as_of: number;
  /** `since` of the next page when more closed candles follow this window; else null. */
  next_cursor: number | null;
};

export type DownloadResult = { inserted: number; requests: number; complete: boolean; missing: TimeRange[] };

/** Largest window one call reads (the route allows 1,000; indicator warm-up needs more). */
export const MAX_WINDOW = 5_000;

/** Cuts [start, end) into ranges of at most MAX_CANDLE_LIMIT candles: one request each. */
export function pages(range: TimeRange, tf: number): TimeRange[] {
  const out: TimeRange[] = [];
  for (let start = range.start; start < range.end; start += MAX_CANDLE_LIMIT * tf) {
    out.push({ start, end: Math.min(range.end, start + MAX_CANDLE_LIMIT * tf) });
  }
  return out;
}

export function createCandleService(options: { db: Db; provider: MarketProvider; health: SourceHealth; now?: () => number }): CandleService {
  const { db, provider, health } = options;
  const source = provider.id;
  const serverNow = options.now ?? (() => health.serverNow());
  // One fetch per (symbol, timeframe, page) at a time: concurrent viewers of a cold chart share it.
  const shared = singleFlight<number>();

  function fetchPage(symbol: string, timeframe: MarketTimeframe, page: TimeRange, tf: number): Promise<number> {
    return shared(`${symbol}|${timeframe}|${page.start}|${page.end}`, async () => {
      try {
        const limit = Math.round((page.end - page.start) / tf);
        const got = await provider.candles(symbol, timeframe, { since: page.start, limit, until: page.end });
        health.ok(provider.kind === "exchange" ? got.as_of : undefined);
        // The range asked is recorded even where the exchange returned nothing (a real gap), but
        // never past the source's clock: the still-forming part is asked again later.
        const { inserted } = writeCandles(db, { source, symbol, timeframe, candles: got, now: got.as_of, range: page });
        return inserted;
      } catch (error) {
        health.fail(error);
        throw error;
      }
    });
  }

  async function fill(symbol: string, timeframe: MarketTimeframe, range: TimeRange, onPage?: (done: number) => Promise<boolean> | boolean): Promise<DownloadResult> {
    const tf = timeframeMs(timeframe);
    const now = serverNow();
    const todo = missingRanges(db, { source, symbol, timeframe, from: range.start, to: range.end, now }).flatMap((r) => pages(r, tf));
    let inserted = 0;
    let requests = 0;
    for (const page of todo) {
      inserted += await fetchPage(symbol, timeframe, page, tf);
      requests++;
      if (onPage && (await onPage(requests / todo.length)) === false) break;
    }
    const missing = missingRanges(db, { source, symbol, timeframe, from: range.start, to: range.end, now });
    return { inserted, requests, complete: missing.length === 0, missing };
  }

  return {
    async window(symbol, timeframe, query, { allowFetch }) {
      const tf = timeframeMs(timeframe);
      const now = serverNow();
      const { first, end } = candleWindow(timeframe, query, now, MAX_WINDOW);
      let fetchFailed = false;
      if (allowFetch) {
        try {
          await fill(symbol, timeframe, { start: first, end });
        } catch {
          fetchFailed = true;
        }
      }
      const candles = readCandles(db, { source, symbol, timeframe, from: first, to: end });
      const n = candles.openTime.length;
      const lastClose = n > 0 ? candles.openTime[n - 1] + tf : null;
      const closedEnd = Math.floor(now / tf) * tf;
      // Behind: the newest closed candle of the window is not in the store (and could not be fetched).
      const behind = end > first && (lastClose === null || lastClose < end) && missingRanges(db, { source, symbol, timeframe, from: first, to: end, now }).length > 0;
      const stale = provider.kind === "exchange" ? fetchFailed || behind || (!allowFetch && health.isStale()) : behind;
      const as_of = stale ? (lastClose ?? health.lastOkAt() ?? 0) : now;
      const next_cursor = query.since !== undefined && end < closedEnd ? end : null;
      return { candles, stale, as_of, next_cursor };
    },
    download(symbol, timeframe, range, onPage) {
      return fill(symbol, timeframe, range, onPage);
    },
  };
}
