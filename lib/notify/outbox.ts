import "server-only";
import type { Db, Tx } from "@/lib/db/client";
import { notificationOutbox } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { notificationPreferences, type NotificationChannel, type NotificationEvent } from "./channels";

export type { NotificationChannel, NotificationEvent };

export type NotificationInput = {
  userId: string;
  event: NotificationEvent;
  /** The cause's natural key (a fill id, "daily:2026-11-27"): the same cause notifies once per channel. */
  dedupeKey: string;
  /** The human message Telegram shows. */
  text: string;
  /** The webhook's `data` object, snake_case like the rest of the API. No secrets. */
  data: Record<string, unknown>;
};

export type OutboxStatus = "pending" | "sending" | "sent" | "failed" | "unknown";

/** Telegram caps a message at 4096 characters; longer text would be refused on every attempt. */
const TELEGRAM_MAX_TEXT = 4096;

/**
 * Writes one outbox row per channel the user has set up, if they chose this event. Synchronous on
 * purpose: call it inside the transaction of the event it reports (a fill, a bot error), so a
 * notification exists exactly when its cause was committed and a rolled-back cause leaves none.
 * Works on the connection inside a raw BEGIN IMMEDIATE as well as on a drizzle transaction handle.
 * Returns the ids of the rows it created (none when the event is not wanted or already queued).
 */
export function enqueueNotification(db: Db | Tx, input: NotificationInput, now = Date.now()): string[] {
  const { channels, events } = notificationPreferences(db, input.userId);
  if (!events.includes(input.event)) return [];
  const created: string[] = [];
  for (const channel of channels) {
    const payload =
      channel === "telegram" ? { text: input.text.slice(0, TELEGRAM_MAX_TEXT) } : { type: input.event, data: input.data };
    const row = db
      .insert(notificationOutbox)
      .values({
        id: newId(now),
        userId: input.userId,
        channel,
        event: input.event,
        dedupeKey: input.dedupeKey,
        payload,
        status: "pending",
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
      })
      .onConflictDoNothing({ target: [notificationOutbox.userId, notificationOutbox.channel, notificationOutbox.dedupeKey] })
      .returning({ id: notificationOutbox.id })
      .get();
    if (row) created.push(row.id);
  }
  return created;
}
