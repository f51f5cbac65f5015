"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useApiResource, type ApiResource } from "@/components/api/use-api-resource";
import { useEventStream, type StreamStatus } from "@/components/api/use-event-stream";
import { MARKET_MESSAGES } from "@/components/dashboard/market-messages";
import { timeframeMs, type Timeframe } from "@/lib/market/timeframes";
import type { SignalChanged, SignalsResponse, SignalStatsResponse } from "./signal-types";

/** After the next candle should have closed, give the recorder this long to have its signal. */
const RECORD_GRACE_MS = 75_000;

export type SignalsState = {
  signals: ApiResource<SignalsResponse>;
  stats: ApiResource<SignalStatsResponse>;
  stream: { status: StreamStatus; reconnect: () => void };
  /** The last direction change pushed by the server, for a short highlight. */
  lastChange: SignalChanged | null;
};

/**
 * The caller's signals and their statistics at one timeframe. A `signal.changed` event re-reads both
 * (the server pushes direction changes); a new candle with the same direction is not an event, so
 * the list is also re-read once after the next candle closes.
 */
export function useSignals(timeframe: Timeframe, options: { withStats?: boolean } = {}): SignalsState {
  const [version, setVersion] = useState(0);
  const [lastChange, setLastChange] = useState<SignalChanged | null>(null);
  const query = new URLSearchParams({ timeframe }).toString();
  const signals = useApiResource<SignalsResponse>(`/trading/signals?${query}`, { version, messages: MARKET_MESSAGES });
  const stats = useApiResource<SignalStatsResponse>(options.withStats ? `/trading/signals/stats?${query}` : null, { version });

  const opened = useRef(false);
  const onEvent = useCallback(
    (event: SignalChanged) => {
      if (event.timeframe !== timeframe) return;
      setLastChange(event);
      setVersion((v) => v + 1);
    },
    [timeframe],
  );
  // The first connect follows the first read; a reconnect may have missed events, so it re-reads.
  const onOpen = useCallback(() => {
    if (opened.current) setVersion((v) => v + 1);
    opened.current = true;
  }, []);
  const stream = useEventStream<SignalChanged>({ topic: "signal.changed", onEvent, onOpen });

  const newest = signals.data?.items.reduce((t, s) => Math.max(t, s.candle_time), 0) ?? 0;
  useEffect(() => {
    if (!newest) return;
    const tf = timeframeMs(timeframe);
    const delay = Math.max(newest + 2 * tf + RECORD_GRACE_MS - Date.now(), 30_000);
    const timer = setTimeout(() => setVersion((v) => v + 1), delay);
    return () => clearTimeout(timer);
  }, [newest, timeframe]);

  return { signals, stats, stream, lastChange };
}
