"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { PriceTick } from "./market-types";
import { leaveHoldMs, onPageLeave } from "@/components/api/page-leave";

export type StreamStatus = "connecting" | "live" | "reconnecting" | "offline";

/**
 * EventSource retries dropped connections by itself but gives up for good when the server refuses
 * one (any non-200 answer: a restart in progress, a rate limit, an ended session). Such a refusal is
 * retried here a few times with growing delays, then the stream stays offline until asked again.
 */
const REOPEN_DELAYS_MS = [2_000, 5_000, 15_000, 30_000];
/** Leaving the page closes the stream; if the page is still here after this long, it reopens. */
const LEAVE_GRACE_MS = 10_000;

/**
 * Subscribes to `price.tick` events for the given symbols. No polling: the server pushes a tick per
 * symbol whenever it refreshes prices.
 */
export function usePriceStream(
  symbols: readonly string[],
  onTick: (tick: PriceTick) => void,
): { status: StreamStatus; reconnect: () => void } {
  const [status, setStatus] = useState<StreamStatus>("connecting");
  const [generation, setGeneration] = useState(0);
  const onTickRef = useRef(onTick);
  const symbolList = symbols.join(",");

  useEffect(() => {
    onTickRef.current = onTick;
  }, [onTick]);

  useEffect(() => {
    if (!symbolList) return;
    const url = `/api/v1/stream?${new URLSearchParams({ topics: "price.tick", symbols: symbolList }).toString()}`;
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
      };
      current.addEventListener("price.tick", (event) => {
        try {
          onTickRef.current(JSON.parse((event as MessageEvent<string>).data) as PriceTick);
        } catch {
          // A malformed frame is skipped; the next tick brings the row up to date.
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
  }, [symbolList, generation]);

  const reconnect = useCallback(() => {
    setStatus("connecting");
    setGeneration((n) => n + 1);
  }, []);

  return { status, reconnect };
}
