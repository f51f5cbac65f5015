import "server-only";
import { getDb } from "@/lib/db/client";
import { logger } from "@/lib/log";
import { normalizeSymbol } from "./schemas";
import { readEventsAfter, subscribe, type LiveEvent } from "./tail";

export type EventStreamOptions = {
  userId: string;
  /** The stream ends as soon as a session.revoked event names this session. */
  sessionId?: string | null;
  lastEventId: string | null;
  topics: string[] | null;
  symbols: string[] | null;
  signal: AbortSignal;
  isSessionValid: () => Promise<boolean>;
  pingMs?: number;
};

const REPLAY_WINDOW_MS = 24 * 60 * 60 * 1000;
const REPLAY_PAGE = 1000;

const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  // Proxies (nginx) and compression middleware would otherwise hold events back in buffers.
  "X-Accel-Buffering": "no",
  Connection: "keep-alive",
  "Content-Encoding": "none",
};

function parseLastEventId(value: string | null): number | null {
  if (value === null || !/^\d{1,15}$/.test(value.trim())) return null;
  return Number(value.trim());
}

function formatEvent(event: LiveEvent): string {
  const id = event.id === null ? "" : `id: ${event.id}\n`;
  return `${id}event: ${event.topic}\ndata: ${event.data}\n\n`;
}

function payloadField(payload: unknown, key: string): unknown {
  return payload !== null && typeof payload === "object" ? (payload as Record<string, unknown>)[key] : undefined;
}

function makeFilter(topics: string[] | null, symbols: string[] | null) {
  const topicSet = topics && topics.length > 0 ? new Set(topics) : null;
  const symbolSet = symbols && symbols.length > 0 ? new Set(symbols.map(normalizeSymbol)) : null;
  return (event: LiveEvent) => {
    if (topicSet && !topicSet.has(event.topic)) return false;
    const symbol = payloadField(event.payload, "symbol");
    if (symbolSet && typeof symbol === "string" && !symbolSet.has(normalizeSymbol(symbol))) return false;
    return true;
  };
}

/**
 * Live events of one user as Server-Sent Events. The subscription starts before
 * the Last-Event-ID replay and buffers meanwhile, so nothing committed between
 * the replay query and the first live poll is lost; ids already sent are skipped.
 */
export function createEventStream(options: EventStreamOptions): Response {
  const { userId, sessionId = null, signal, isSessionValid, pingMs = 15_000 } = options;
  const log = logger().child({ component: "event-stream", userId });
  const passes = makeFilter(options.topics, options.symbols);
  const encoder = new TextEncoder();

  let closed = false;
  let lastSentId = 0;
  let buffered: LiveEvent[] | null = [];
  let unsubscribe: (() => void) | undefined;
  let pingTimer: NodeJS.Timeout | undefined;
  let checkingSession = false;
  let controller!: ReadableStreamDefaultController<Uint8Array>;

  function cleanup() {
    if (closed) return false;
    closed = true;
    unsubscribe?.();
    clearInterval(pingTimer);
    signal.removeEventListener("abort", end);
    buffered = null;
    return true;
  }

  function end() {
    if (!cleanup()) return;
    try {
      controller.close();
    } catch {
      // Already closed or errored by the consumer: nothing left to end.
    }
  }

  function write(text: string) {
    if (closed) return;
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      end();
    }
  }

  function deliver(event: LiveEvent) {
    if (closed) return;
    if (event.topic === "session.revoked") {
      if (sessionId !== null && payloadField(event.payload, "session_id") === sessionId) end();
      return;
    }
    if (event.id !== null) {
      if (event.id <= lastSentId) return;
      lastSentId = event.id;
    }
    if (passes(event)) write(formatEvent(event));
  }

  async function replay(afterId: number) {
    const since = Date.now() - REPLAY_WINDOW_MS;
    const db = getDb();
    let cursor = afterId;
    for (;;) {
      const page = await readEventsAfter(db, userId, cursor, since, REPLAY_PAGE);
      for (const event of page) deliver(event);
      if (page.length < REPLAY_PAGE || closed) return;
      cursor = page[page.length - 1].id ?? cursor;
    }
  }

  async function checkSession() {
    if (checkingSession || closed) return;
    checkingSession = true;
    try {
      if (await isSessionValid()) write(": ping\n\n");
      else end();
    } catch (err) {
      // The client reconnects and re-authenticates; a stream we cannot vouch for is not kept open.
      log.warn({ err }, "session check failed, ending event stream");
      end();
    } finally {
      checkingSession = false;
    }
  }

  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      if (signal.aborted) return end();
      signal.addEventListener("abort", end);
      write("retry: 3000\n\n");
      unsubscribe = subscribe(userId, (event) => {
        if (buffered) buffered.push(event);
        else deliver(event);
      });
      pingTimer = setInterval(() => void checkSession(), pingMs);

      const afterId = parseLastEventId(options.lastEventId);
      (afterId === null ? Promise.resolve() : replay(afterId))
        .catch((err) => {
          log.error({ err }, "event replay failed");
          end();
        })
        .finally(() => {
          const pending = buffered ?? [];
          buffered = null;
          for (const event of pending) deliver(event);
        });
    },
    cancel() {
      cleanup();
    },
  });

  return new Response(body, { headers: SSE_HEADERS });
}
