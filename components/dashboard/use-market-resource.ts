"use client";

import { useCallback, useEffect, useState } from "react";
import { asMarketError, fetchMarket, isAbort, type MarketRequestError } from "./fetch-market";

export type MarketResource<T> = {
  /** The latest successful answer for this path; kept on screen while a refresh runs or after one fails. */
  data: T | undefined;
  /** Set when the latest attempt failed. */
  error: MarketRequestError | undefined;
  /** True while the first answer for this path is outstanding. */
  loading: boolean;
  /** True when the latest refresh failed and `data` is the previous answer. */
  refreshFailed: boolean;
  retry: () => void;
};

type Settled<T> = { path: string; attempt: number; data?: T; error?: MarketRequestError };

/**
 * Loads one market endpoint, aborting the request when the path changes or the widget unmounts.
 * `refreshMs` re-reads slow-moving figures (overview, sentiment, movers); live prices come from the
 * event stream instead.
 */
export function useMarketResource<T>(path: string | null, options: { refreshMs?: number } = {}): MarketResource<T> {
  const { refreshMs } = options;
  const [attempt, setAttempt] = useState(0);
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  const [lastGood, setLastGood] = useState<{ path: string; data: T } | null>(null);

  useEffect(() => {
    if (!path) return;
    const controller = new AbortController();
    fetchMarket<T>(path, controller.signal).then(
      (data) => {
        setSettled({ path, attempt, data });
        setLastGood({ path, data });
      },
      (error: unknown) => {
        if (isAbort(error, controller.signal)) return;
        setSettled({ path, attempt, error: asMarketError(error) });
      },
    );
    return () => controller.abort();
  }, [path, attempt]);

  useEffect(() => {
    if (!path || !refreshMs) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") setAttempt((n) => n + 1);
    }, refreshMs);
    return () => clearInterval(timer);
  }, [path, refreshMs]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  const current = settled && settled.path === path && settled.attempt === attempt ? settled : null;
  const data = lastGood && lastGood.path === path ? lastGood.data : undefined;
  const error = current?.error;
  return {
    data,
    error,
    loading: !current && data === undefined && path !== null,
    refreshFailed: Boolean(error && data !== undefined),
    retry,
  };
}
