"use client";

import { useEventStream, type StreamStatus } from "@/components/api/use-event-stream";
import type { BacktestProgressEvent } from "./types";

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
  return useEventStream<BacktestProgressEvent>({ topic: enabled ? "backtest.progress" : null, onEvent: handlers.onProgress, onOpen: handlers.onOpen }).status;
}
