"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { leaveHoldMs, onPageLeave } from "./page-leave";

export type StreamStatus = "connecting" | "live" | "reconnecting" | "offline";

/**
 * EventSource retries dropped connections by itself but gives up for good when the server refuses
 * one (any non-200 answer: a restart in progress, a rate limit, an ended session). Such a refusal is
 * retried here a few times with growing delays, then the stream stays offline until asked again.
 */
const REOPEN_DELAYS_MS = [2_000, 5_000, 15_000, 30_000];
/** Leaving the page closes the stream; if the page is still here after this long, it reopens. */
const LEAVE_GRACE_MS = 10_000;

type Options<T> = {
  /** The stream URL (with its ?topics= filter); null keeps the stream closed. */
  url: string | null;
  /** The SSE event name to listen to, e.g. price.tick. */
  event: string;
  onEvent: (data: T) => void;
  /** Called at every (re)connect: events sent while the stream was down may be lost, so callers re-read. */
  onOpen?: () => void;
};

/** The one live-events subscription of the browser: no polling, the server pushes. */
export function useEventStream<T>({ url, event, onEvent, onOpen }: Options<T>): { status: StreamStatus; reconnect: () => void } {
  const [status, setStatus] = useState<StreamStatus>("connecting");
  const [generation, setGeneration] = useState(0);
  const handlers = useRef({ onEvent, onOpen });

  useEffect(() => {
    handlers.current = { onEvent, onOpen };
  }, [onEvent, onOpen]);

  useEffect(() => {
    if (!url) return;
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let refusals = 0;
    let disposed = false;

    const open = () => {
      source?.close();
      source = null;
      // A navigation away is under way (sign-out posts a form): wait and see whether the page stays.
      const hold = leaveHoldMs(LEAVE_GRACE_MS);
      if (hold > 0) {
        timer = setTimeout(open, hold);
        return;
      }
      const current = new EventSource(url);
      source = current;
      current.onopen = () => {
        refusals = 0;
        setStatus("live");
        handlers.current.onOpen?.();
      };
      current.addEventListener(event, (message) => {
        try {
          handlers.current.onEvent(JSON.parse((message as MessageEvent<string>).data) as T);
        } catch {
          // A malformed frame is skipped; the next event (or the re-read at reconnect) catches up.
        }
      });
      current.onerror = () => {
        if (disposed || source !== current) return;
        if (current.readyState !== EventSource.CLOSED) {
          setStatus("reconnecting");
          return;
        }
        current.close();
        if (refusals >= REOPEN_DELAYS_MS.length) {
          setStatus("offline");
          return;
        }
        setStatus("reconnecting");
        timer = setTimeout(open, REOPEN_DELAYS_MS[refusals]);
        refusals += 1;
      };
    };

    // A sign-out is a form post that navigates this document away. Its stream must not reconnect
    // in the meantime with a session the server has just ended.
    const stopListening = onPageLeave(() => {
      clearTimeout(timer);
      open();
    });

    open();
    return () => {
      disposed = true;
      stopListening();
      clearTimeout(timer);
      source?.close();
    };
  }, [url, event, generation]);

  const reconnect = useCallback(() => {
    setStatus("connecting");
    setGeneration((n) => n + 1);
  }, []);

  return { status, reconnect };
}
