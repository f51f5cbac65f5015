"use client";

import { useCallback, useEffect, useState } from "react";
import { apiRequest, asApiError, isAbort, type ApiRequestError } from "@/components/api/api-request";
import { MARKET_MESSAGES } from "./market-messages";
import { timeframeMs, type CandlesResponse, type Timeframe } from "./market-types";

/** Enough history for the slowest indicator (EMA 50, MACD 26/9) to settle well inside the view. */
export const CANDLE_LIMIT = 500;
/** After the newest candle's successor should have closed, allow the server this long to have it. */
const CLOSE_GRACE_MS = 1_500;
const RETRY_AFTER_FAILURE_MS = 30_000;
const STALE_RECHECK_MS = 60_000;

export type CandlesState = {
  /** What the chart shows: the current selection's candles, or the previous one's while it loads. */
  data: CandlesResponse | null;
  /** `${symbol}|${timeframe}` of `data`. */
  dataKey: string | null;
  /** The current selection's first answer is outstanding. */
  loading: boolean;
  /** The current selection's first request failed. */
  error: ApiRequestError | undefined;
  retry: () => void;
};

function candlesPath(symbol: string, timeframe: Timeframe, query: Record<string, string>): string {
  const params = new URLSearchParams({ timeframe, ...query });
  return `/market/candles/${encodeURIComponent(symbol)}?${params.toString()}`;
}

/** Appends a refresh (which starts at the newest known candle) and keeps the window at CANDLE_LIMIT. */
function mergeCandles(previous: CandlesResponse, next: CandlesResponse): CandlesResponse {
  if (next.items.length === 0) return { ...previous, stale: next.stale, as_of: next.as_of, source: next.source };
  const firstNew = next.items[0].open_time;
  const items = previous.items.filter((c) => c.open_time < firstNew).concat(next.items).slice(-CANDLE_LIMIT);
  return { ...next, items };
}

/** When to look for the next closed candle: just after the one forming now should close. */
function nextRefreshDelay(response: CandlesResponse, tfMs: number): number {
  if (response.stale) return STALE_RECHECK_MS;
  const last = response.items.at(-1);
  if (!last) return Math.min(tfMs, STALE_RECHECK_MS);
  const untilClose = last.open_time + 2 * tfMs - response.as_of;
  return untilClose > 0 ? untilClose + CLOSE_GRACE_MS : RETRY_AFTER_FAILURE_MS;
}

/**
 * Closed candles for one symbol and timeframe. Switching aborts the request in flight, so a slow
 * answer for an old choice can never replace a newer one. Once loaded, the next candle is fetched
 * when it closes (only what is new, via `since`), which keeps the chart current without polling.
 */
export function useCandles(symbol: string | null, timeframe: Timeframe): CandlesState {
  const [attempt, setAttempt] = useState(0);
  const [loaded, setLoaded] = useState<{ key: string; data: CandlesResponse } | null>(null);
  const [failure, setFailure] = useState<{ key: string; attempt: number; error: ApiRequestError } | null>(null);
  const key = symbol ? `${symbol}|${timeframe}` : null;

  useEffect(() => {
    if (!symbol || !key) return;
    const controller = new AbortController();
    const { signal } = controller;
    const tfMs = timeframeMs(timeframe);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let current: CandlesResponse | null = null;

    const schedule = (delay: number) => {
      timer = setTimeout(refresh, Math.min(delay, 2 ** 31 - 1));
    };

    const refresh = async () => {
      if (!current) return;
      const since = current.items.at(-1)?.open_time;
      try {
        const next = await apiRequest<CandlesResponse>(
          "GET",
          candlesPath(symbol, timeframe, since === undefined ? { limit: String(CANDLE_LIMIT) } : { since: String(since) }),
          { signal, messages: MARKET_MESSAGES },
        );
        current = mergeCandles(current, next);
        setLoaded({ key, data: current });
        schedule(nextRefreshDelay(next, tfMs));
      } catch (error) {
        if (isAbort(error, signal)) return;
        // Keep the candles on screen, marked stale, and look again later.
        current = { ...current, stale: true };
        setLoaded({ key, data: current });
        schedule(RETRY_AFTER_FAILURE_MS);
      }
    };

    apiRequest<CandlesResponse>("GET", candlesPath(symbol, timeframe, { limit: String(CANDLE_LIMIT) }), { signal, messages: MARKET_MESSAGES }).then(
      (response) => {
        current = response;
        setLoaded({ key, data: response });
        schedule(nextRefreshDelay(response, tfMs));
      },
      (error: unknown) => {
        if (isAbort(error, signal)) return;
        setFailure({ key, attempt, error: asApiError(error) });
      },
    );

    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [symbol, timeframe, key, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  const currentFailure = failure && failure.key === key && failure.attempt === attempt ? failure.error : undefined;
  const ready = loaded !== null && loaded.key === key;
  return {
    data: loaded?.data ?? null,
    dataKey: loaded?.key ?? null,
    loading: key !== null && !ready && !currentFailure,
    error: ready ? undefined : currentFailure,
    retry,
  };
}
