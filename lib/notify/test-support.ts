/* Users with notification settings in the per-process test database, for the outbox and sender tests. */
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { notificationOutbox, users, userSettings } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { writeSecret } from "@/lib/security/secret-store";

export type NotifySetup = {
  telegram?: { botToken: string; chatId: string };
  webhook?: { url?: string; secret?: string };
  events?: string[];
};

/** A user row plus the settings and encrypted secrets the settings page would have saved. */
export function userWithNotifications(setup: NotifySetup = {}): string {
  const db = getDb();
  const id = newId();
  const now = Date.now();
  db.insert(users).values({ id, email: `${id}@example.test`, passwordHash: "x", createdAt: now }).run();
  db.insert(userSettings)
    .values({ userId: id, telegramChatId: setup.telegram?.chatId ?? null, notificationEvents: setup.events ?? null, updatedAt: now })
    .run();
  if (setup.telegram) writeSecret(db, id, "notifications.telegram_bot_token", setup.telegram.botToken, now);
  if (setup.webhook?.url) writeSecret(db, id, "notifications.webhook_url", setup.webhook.url, now);
  if (setup.webhook?.secret) writeSecret(db, id, "notifications.webhook_secret", setup.webhook.secret, now);
  return id;
}

export function outboxRows(userId: string) {
  return getDb().select().from(notificationOutbox).where(eq(notificationOutbox.userId, userId)).orderBy(notificationOutbox.createdAt, notificationOutbox.dedupeKey, notificationOutbox.channel).all();
}
