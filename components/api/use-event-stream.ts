"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { listen, reconnectStream, type StreamStatus } from "./event-hub";

export type { StreamStatus };

type Options<T> = {
  /** The topic to listen to, e.g. price.tick; null listens to nothing. */
  topic: string | null;
  /** Only events about these symbols (events without a symbol always pass); default every symbol. */
  symbols?: readonly string[];
  onEvent: (data: T) => void;
  /** Called at every (re)connect: events sent while the stream was down may be lost, so callers re-read. */
  onOpen?: () => void;
};

/** Live events through the tab's one shared stream (components/api/event-hub): no polling, the server pushes. */
export function useEventStream<T>({ topic, symbols, onEvent, onOpen }: Options<T>): { status: StreamStatus; reconnect: () => void } {
  const [status, setStatus] = useState<StreamStatus>("connecting");
  const handlers = useRef({ onEvent, onOpen });
  const symbolKey = symbols ? symbols.map((s) => s.toUpperCase()).join(",") : null;

  useEffect(() => {
    handlers.current = { onEvent, onOpen };
  }, [onEvent, onOpen]);

  useEffect(() => {
    if (!topic) return;
    return listen({
      topic,
      symbols: symbolKey === null ? null : new Set(symbolKey.split(",").filter(Boolean)),
      onEvent: (data) => handlers.current.onEvent(data as T),
      onOpen: () => handlers.current.onOpen?.(),
      onStatus: setStatus,
    });
  }, [topic, symbolKey]);

  const reconnect = useCallback(() => reconnectStream(), []);
  return { status, reconnect };
}

/**
 * A counter that goes up on every event of these topics (at most two) and at every (re)connect:
 * the re-read trigger of widgets whose data any of them may change.
 */
export function useEventVersion(topics: readonly [string] | readonly [string, string]): number {
  const [version, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((n) => n + 1), []);
  useEventStream({ topic: topics[0], onEvent: bump, onOpen: bump });
  useEventStream({ topic: topics[1] ?? null, onEvent: bump });
  return version;
}
