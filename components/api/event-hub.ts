import { leaveHoldMs, onPageLeave } from "./page-leave";

/**
 * One live-events connection per browser tab, shared by every widget that listens. Browsers allow
 * six HTTP/1.1 connections per host: a page with a stream per widget would starve its own fetches.
 * The connection carries the union of the topics listened to; a widget interested in some symbols
 * only gets their events. When the set of topics changes the connection is reopened, and every
 * listener's onOpen runs so it re-reads what it may have missed in between.
 */

export type StreamStatus = "connecting" | "live" | "reconnecting" | "offline";

export type Listener = {
  topic: string;
  /** Upper-case pairs (BTC/USDT); null: every symbol. */
  symbols: ReadonlySet<string> | null;
  onEvent(data: unknown): void;
  onOpen?(): void;
  onStatus(status: StreamStatus): void;
};

/**
 * EventSource retries dropped connections by itself but gives up for good when the server refuses
 * one (any non-200 answer: a restart in progress, a rate limit, an ended session). Such a refusal is
 * retried here a few times with growing delays, then the stream stays offline until asked again.
 */
const REOPEN_DELAYS_MS = [2_000, 5_000, 15_000, 30_000];
/** Leaving the page closes the stream; if the page is still here after this long, it reopens. */
const LEAVE_GRACE_MS = 10_000;
const STREAM_PATH = "/api/v1/stream";

const listeners = new Set<Listener>();
let source: EventSource | null = null;
let openTopics = "";
let status: StreamStatus = "connecting";
let refusals = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
let syncQueued = false;
let stopLeaveWatch: (() => void) | null = null;

function setStatus(next: StreamStatus) {
  status = next;
  for (const l of listeners) l.onStatus(next);
}

const wantedTopics = () => [...new Set([...listeners].map((l) => l.topic))].sort().join(",");

function symbolOf(data: unknown): string | null {
  const symbol = data !== null && typeof data === "object" ? (data as { symbol?: unknown }).symbol : undefined;
  return typeof symbol === "string" ? symbol.toUpperCase().replace("-", "/") : null;
}

function dispatch(topic: string, raw: string) {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    // A malformed frame is skipped; the next event (or the re-read at reconnect) catches up.
    return;
  }
  const symbol = symbolOf(data);
  for (const l of listeners) {
    if (l.topic !== topic) continue;
    if (l.symbols && symbol !== null && !l.symbols.has(symbol)) continue;
    l.onEvent(data);
  }
}

function close() {
  clearTimeout(timer);
  source?.close();
  source = null;
  openTopics = "";
  stopLeaveWatch?.();
  stopLeaveWatch = null;
}

function open() {
  source?.close();
  source = null;
  clearTimeout(timer);
  const topics = wantedTopics();
  if (!topics) return close();
  // A navigation away is under way (sign-out posts a form): wait and see whether the page stays.
  const hold = leaveHoldMs(LEAVE_GRACE_MS);
  if (hold > 0) {
    timer = setTimeout(open, hold);
    return;
  }
  // A sign-out is a form post that navigates this document away. Its stream must not reconnect
  // in the meantime with a session the server has just ended.
  stopLeaveWatch ??= onPageLeave(() => open());
  openTopics = topics;
  const current = new EventSource(`${STREAM_PATH}?${new URLSearchParams({ topics }).toString()}`);
  source = current;
  current.onopen = () => {
    refusals = 0;
    setStatus("live");
    for (const l of listeners) l.onOpen?.();
  };
  for (const topic of topics.split(",")) current.addEventListener(topic, (message) => dispatch(topic, (message as MessageEvent<string>).data));
  current.onerror = () => {
    if (source !== current) return;
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
}

/** Brings the connection in line with the listeners, once per task (mounts come in bursts). */
function scheduleSync() {
  if (syncQueued) return;
  syncQueued = true;
  setTimeout(() => {
    syncQueued = false;
    const topics = wantedTopics();
    if (!topics) close();
    else if (topics !== openTopics || !source) open();
  }, 0);
}

export function listen(listener: Listener): () => void {
  listeners.add(listener);
  listener.onStatus(source?.readyState === EventSource.OPEN ? "live" : status === "offline" ? "offline" : "connecting");
  scheduleSync();
  return () => {
    listeners.delete(listener);
    scheduleSync();
  };
}

/** Asked again after going offline: a fresh connection with fresh retries. */
export function reconnectStream() {
  refusals = 0;
  setStatus("connecting");
  open();
}
