"use client";

import { useEventStream, type StreamStatus } from "@/components/api/use-event-stream";
import type { BacktestProgressEvent } from "./types";

const STREAM_URL = `/api/v1/stream?${new URLSearchParams({ topics: "backtest.progress" }).toString()}`;

type Handlers = {
  onProgress: (event: BacktestProgressEvent) => void;
  /**
   * Called whenever the stream (re)connects. Events sent while it was down may be lost, so the
   * caller reads the current state of its runs again instead of polling.
   */
  onOpen: () => void;
};

/** Subscribes to `backtest.progress` while `enabled`; no polling. */
export function useBacktestStream(enabled: boolean, handlers: Handlers): StreamStatus {
  return useEventStream<BacktestProgressEvent>({ url: enabled ? STREAM_URL : null, event: "backtest.progress", onEvent: handlers.onProgress, onOpen: handlers.onOpen }).status;
}
