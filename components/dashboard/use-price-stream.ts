"use client";

import { useEventStream, type StreamStatus } from "@/components/api/use-event-stream";
import type { PriceTick } from "./market-types";

export type { StreamStatus };

/**
 * Subscribes to `price.tick` events for the given symbols. No polling: the server pushes a tick per
 * symbol whenever it refreshes prices.
 */
export function usePriceStream(symbols: readonly string[], onTick: (tick: PriceTick) => void): { status: StreamStatus; reconnect: () => void } {
  return useEventStream<PriceTick>({ topic: symbols.length > 0 ? "price.tick" : null, symbols, onEvent: onTick });
}
