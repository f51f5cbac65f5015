import "server-only";
import { and, desc, eq, inArray, lt, or } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { notificationOutbox } from "@/lib/db/schema";
import { decodeListCursor, encodeListCursor } from "@/lib/http/list-cursor";
import type { NotificationView, OutboxStatus } from "./schemas";

const DEFAULT_LIMIT = 50;

/**
 * The caller's outbox rows, newest first. Only delivery facts leave: the payload stays inside (it is
 * the message itself, and webhook data a user may not want echoed to every session).
 */
export async function listUserNotifications(
  userId: string,
  query: { status?: OutboxStatus | OutboxStatus[]; limit?: number; cursor?: string } = {},
): Promise<{ items: NotificationView[]; next_cursor: string | null }> {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const statuses = query.status === undefined ? null : Array.isArray(query.status) ? query.status : [query.status];
  const before = query.cursor ? decodeListCursor(query.cursor) : null;
  // The owner condition is fixed above; these only narrow within it.
  const filters = [
    ...(statuses ? [inArray(notificationOutbox.status, statuses)] : []),
    ...(before ? [or(lt(notificationOutbox.createdAt, before[0]), and(eq(notificationOutbox.createdAt, before[0]), lt(notificationOutbox.id, before[1])))] : []),
  ];
  const rows = getDb()
    .select({
      id: notificationOutbox.id,
      channel: notificationOutbox.channel,
      event: notificationOutbox.event,
      status: notificationOutbox.status,
      attempts: notificationOutbox.attempts,
      lastError: notificationOutbox.lastError,
      createdAt: notificationOutbox.createdAt,
      sentAt: notificationOutbox.sentAt,
    })
    .from(notificationOutbox)
    .where(and(eq(notificationOutbox.userId, userId), ...filters))
    .orderBy(desc(notificationOutbox.createdAt), desc(notificationOutbox.id))
    .limit(limit + 1)
    .all();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      channel: r.channel as NotificationView["channel"],
      event: r.event as NotificationView["event"],
      status: r.status as OutboxStatus,
      attempts: r.attempts,
      last_error: r.lastError,
      created_at: r.createdAt,
      sent_at: r.sentAt,
    })),
    next_cursor: rows.length > limit && last ? encodeListCursor(last.createdAt, last.id) : null,
  };
}
