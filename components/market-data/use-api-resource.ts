"use client";

import { useCallback, useEffect, useState } from "react";
import { apiRequest, asApiError, isAbort, type ApiRequestError } from "./api-request";

export type ApiResource<T> = {
  data: T | undefined;
  error: ApiRequestError | undefined;
  loading: boolean;
  retry: () => void;
};

/**
 * GETs one API path and re-reads it whenever `version` changes (after an import, a download or a
 * delete), keeping the last answer on screen meanwhile.
 */
export function useApiResource<T>(path: string, version: number): ApiResource<T> {
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<{ data?: T; error?: ApiRequestError; settled: boolean }>({ settled: false });

  useEffect(() => {
    const controller = new AbortController();
    apiRequest<T>("GET", path, { signal: controller.signal }).then(
      (data) => setState({ data, settled: true }),
      (error: unknown) => {
        if (controller.signal.aborted || isAbort(error)) return;
        setState((previous) => ({ data: previous.data, error: asApiError(error), settled: true }));
      },
    );
    return () => controller.abort();
  }, [path, version, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: !state.settled, retry };
}
