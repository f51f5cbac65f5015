import "server-only";
import { and, asc, eq, gt, gte, max } from "drizzle-orm";
import { getDb, type Db } from "@/lib/db/client";
import { events } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import type { EventTopic } from "./schemas";

export type LiveEvent = {
  /** The events row id (the SSE id); null for price ticks, which are never stored. */
  id: number | null;
  topic: EventTopic;
  payload: unknown;
  /** The payload's JSON as stored, so streams need not serialize it again. */
  data: string;
};

export type EventListener = (event: LiveEvent) => void;

const BATCH = 1000;
/** The SSE contract promises near-live delivery, whatever the configured job poll. */
const MAX_POLL_MS = 500;

type TailerState = {
  byUser: Map<string, Set<EventListener>>;
  timer: NodeJS.Timeout | undefined;
  lastSeenId: number;
};

/**
 * One tailer per process, kept on globalThis: Next bundles lib/ into several
 * module graphs, and a second tailer would deliver every event twice.
 */
const KEY = Symbol.for("autocbot.eventTailer");
type Holder = { [KEY]?: TailerState };

function tailer(): TailerState {
  const holder = globalThis as Holder;
  holder[KEY] ??= { byUser: new Map(), timer: undefined, lastSeenId: 0 };
  return holder[KEY];
}

function toLiveEvent(row: { id: number; topic: string; payload: string }): LiveEvent {
  let payload: unknown = null;
  try {
    payload = JSON.parse(row.payload);
  } catch {
    // A row we cannot parse still keeps its id, so replay and live delivery stay in step.
  }
  return { id: row.id, topic: row.topic as EventTopic, payload, data: row.payload };
}

function notify(listeners: Iterable<EventListener>, event: LiveEvent) {
  for (const listener of [...listeners]) {
    try {
      listener(event);
    } catch (err) {
      logger().error({ err, topic: event.topic }, "event listener failed");
    }
  }
}

function pollOnce(db: Db, state: TailerState) {
  const rows = db
    .select({ id: events.id, userId: events.userId, topic: events.topic, payload: events.payload })
    .from(events)
    .where(gt(events.id, state.lastSeenId))
    .orderBy(asc(events.id))
    .limit(BATCH)
    .all();
  for (const row of rows) {
    state.lastSeenId = row.id;
    const listeners = state.byUser.get(row.userId);
    if (listeners) notify(listeners, toLiveEvent(row));
  }
  return rows.length;
}

function startTailing(state: TailerState) {
  const db = getDb();
  state.lastSeenId = db.select({ maxId: max(events.id) }).from(events).get()?.maxId ?? 0;
  const intervalMs = Math.min(env().JOB_POLL_MS, MAX_POLL_MS);
  state.timer = setInterval(() => {
    try {
      // A full batch means a backlog: drain it now rather than falling a poll behind each time.
      while (state.byUser.size > 0 && pollOnce(db, state) === BATCH);
    } catch (err) {
      logger().error({ err }, "event tail poll failed");
    }
  }, intervalMs);
}

function stopTailing(state: TailerState) {
  clearInterval(state.timer);
  state.timer = undefined;
}

/** Starts the tailer on the first subscriber and stops it when the last one leaves. */
export function subscribe(userId: string, listener: EventListener): () => void {
  const state = tailer();
  if (state.byUser.size === 0 && state.timer === undefined) startTailing(state);
  let listeners = state.byUser.get(userId);
  if (!listeners) state.byUser.set(userId, (listeners = new Set()));
  listeners.add(listener);

  let subscribed = true;
  return () => {
    if (!subscribed) return;
    subscribed = false;
    listeners.delete(listener);
    if (listeners.size === 0 && state.byUser.get(userId) === listeners) state.byUser.delete(userId);
    if (state.byUser.size === 0) stopTailing(state);
  };
}

export function subscriberCount(): number {
  let count = 0;
  for (const listeners of tailer().byUser.values()) count += listeners.size;
  return count;
}

/** In-process delivery to every connected stream, for events that are not stored (price ticks). */
export function deliverToAllSubscribers(event: LiveEvent): void {
  for (const listeners of tailer().byUser.values()) notify(listeners, event);
}

/** For Last-Event-ID replay: only this user's rows, only those written since `since`. */
export async function readEventsAfter(
  db: Db,
  userId: string,
  afterId: number,
  since: number,
  limit = BATCH,
): Promise<LiveEvent[]> {
  const rows = db
    .select({ id: events.id, topic: events.topic, payload: events.payload })
    .from(events)
    .where(and(eq(events.userId, userId), gt(events.id, afterId), gte(events.createdAt, since)))
    .orderBy(asc(events.id))
    .limit(limit)
    .all();
  return rows.map(toLiveEvent);
}
