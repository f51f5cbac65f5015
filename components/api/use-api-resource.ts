"use client";

import { useCallback, useEffect, useEffectEvent, useState } from "react";
import { apiRequest, asApiError, isAbort, type ApiRequestError, type StatusMessages } from "./api-request";

export type ApiResource<T> = {
  /** The latest successful answer for this path; kept on screen while a refresh runs or after one fails. */
  data: T | undefined;
  /**
   * The failure of the latest attempt that settled for this path. It stays while a retry or refresh
   * is in flight, so a component that checks `loading` first shows progress instead, and one that
   * checks `error` first keeps its error (and the focused Retry button) until the answer arrives.
   */
  error: ApiRequestError | undefined;
  /** True while this path has no answer yet and a request for it is outstanding. */
  loading: boolean;
  /** True when the latest refresh failed and `data` is the previous answer; false while the next one runs. */
  refreshFailed: boolean;
  retry: () => void;
};

export type ApiResourceOptions = {
  /** Re-reads the path whenever this changes (after an import, a download or a delete, say). */
  version?: number;
  /** Re-reads the path this often while the page is visible. */
  refreshMs?: number;
  /** Wording for answers without a message of their own (see apiRequest). */
  messages?: StatusMessages;
};

type Settled = { path: string; version: number; attempt: number; error?: ApiRequestError };

/**
 * GETs one API path (none while `path` is null), aborting the request when the path changes, a
 * newer read starts or the component unmounts, so a slow answer can never replace a newer one.
 */
export function useApiResource<T>(path: string | null, options: ApiResourceOptions = {}): ApiResource<T> {
  const { version = 0, refreshMs, messages } = options;
  const [attempt, setAttempt] = useState(0);
  const [settled, setSettled] = useState<Settled | null>(null);
  const [lastGood, setLastGood] = useState<{ path: string; data: T } | null>(null);

  // The wording is read when a request fails; changing it alone never re-reads the path.
  const request = useEffectEvent((target: string, signal: AbortSignal) => apiRequest<T>("GET", target, { signal, messages }));

  useEffect(() => {
    if (!path) return;
    const controller = new AbortController();
    const { signal } = controller;
    request(path, signal).then(
      (data) => {
        if (signal.aborted) return;
        setSettled({ path, version, attempt });
        setLastGood({ path, data });
      },
      (error: unknown) => {
        if (isAbort(error, signal)) return;
        setSettled({ path, version, attempt, error: asApiError(error) });
      },
    );
    return () => controller.abort();
  }, [path, version, attempt]);

  useEffect(() => {
    if (!path || !refreshMs) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") setAttempt((n) => n + 1);
    }, refreshMs);
    return () => clearInterval(timer);
  }, [path, refreshMs]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  const forPath = settled !== null && settled.path === path ? settled : null;
  const pending = path !== null && !(forPath !== null && forPath.version === version && forPath.attempt === attempt);
  const data = lastGood !== null && lastGood.path === path ? lastGood.data : undefined;
  const error = forPath?.error;
  return {
    data,
    error,
    loading: pending && data === undefined,
    refreshFailed: Boolean(error && !pending && data !== undefined),
    retry,
  };
}
