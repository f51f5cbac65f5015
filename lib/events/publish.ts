import "server-only";
import { lt } from "drizzle-orm";
import type { Db, Tx as Transaction } from "@/lib/db/client";
import { events } from "@/lib/db/schema";
import type { EventTopic } from "./schemas";
import { deliverToAllSubscribers } from "./tail";

export type { EventTopic };

export type PublishEventInput = {
  userId: string;
  /** Price ticks are not stored: use broadcastPriceTick. */
  topic: Exclude<EventTopic, "price.tick">;
  /** Already in wire shape (snake_case keys): it is sent to clients as is. */
  payload: Record<string, unknown>;
};

/**
 * Synchronous on purpose: call it inside the transaction of the change it reports,
 * so an event exists exactly when its cause was committed. Returns the event id.
 */
export function publishEvent(tx: Db | Transaction, input: PublishEventInput, now = Date.now()): number {
  const row = tx
    .insert(events)
    .values({ userId: input.userId, topic: input.topic, payload: JSON.stringify(input.payload), createdAt: now })
    .returning({ id: events.id })
    .get();
  return row.id;
}

/**
 * Ticks are too frequent to store and worthless a second later, so they only
 * reach the streams of this process. A multi-process deployment still delivers
 * them because each process runs its own market sync and broadcasts its own ticks.
 */
export function broadcastPriceTick(payload: Record<string, unknown>): void {
  deliverToAllSubscribers({ id: null, topic: "price.tick", payload, data: JSON.stringify(payload) });
}

/** Replay only reaches back 24 h, so older rows are dead weight. Returns how many were deleted. */
export async function purgeOldEvents(db: Db, now = Date.now(), retentionMs = 24 * 60 * 60 * 1000): Promise<number> {
  return db.delete(events).where(lt(events.createdAt, now - retentionMs)).run().changes;
}
