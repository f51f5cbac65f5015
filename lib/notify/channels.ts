import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/lib/db/client";
import { userSecrets, userSettings } from "@/lib/db/schema";
import { readSecret } from "@/lib/security/secret-store";
import { DEFAULT_NOTIFICATION_EVENTS, type NOTIFICATION_EVENTS } from "@/lib/settings/defaults";

export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];
export type NotificationChannel = "telegram" | "webhook";

type Store = Db | Tx;

const present = (value: string | null | undefined): value is string => typeof value === "string" && value.trim() !== "";

/**
 * The channels a user has set up and the events they chose, read without decrypting anything:
 * it runs inside the transaction of a fill, where a key derivation per secret would only slow the
 * lock down, and where an unreadable secret must not stop the trade. A stored ciphertext counts as
 * configured; if it turns out unreadable, the delivery fails with a message the user can act on.
 */
export function notificationPreferences(db: Store, userId: string): { channels: NotificationChannel[]; events: string[] } {
  const settings = db
    .select({ chatId: userSettings.telegramChatId, events: userSettings.notificationEvents })
    .from(userSettings)
    .where(eq(userSettings.userId, userId))
    .get();
  const stored = new Set(
    db
      .select({ field: userSecrets.field })
      .from(userSecrets)
      .where(
        and(
          eq(userSecrets.userId, userId),
          inArray(userSecrets.field, ["notifications.telegram_bot_token", "notifications.webhook_url", "notifications.webhook_secret"]),
        ),
      )
      .all()
      .map((row) => row.field),
  );
  const channels: NotificationChannel[] = [];
  if (stored.has("notifications.telegram_bot_token") && present(settings?.chatId)) channels.push("telegram");
  if (stored.has("notifications.webhook_url") && stored.has("notifications.webhook_secret")) channels.push("webhook");
  return { channels, events: settings?.events ?? DEFAULT_NOTIFICATION_EVENTS };
}

export type DeliveryConfig = {
  telegram: { botToken: string; chatId: string } | null;
  webhook: { url: string; secret: string } | null;
};

/** Decrypted credentials for one delivery, used and dropped; never stored in a row or logged. */
export function readDeliveryConfig(db: Store, userId: string): DeliveryConfig {
  const chatId = db.select({ chatId: userSettings.telegramChatId }).from(userSettings).where(eq(userSettings.userId, userId)).get()?.chatId;
  const botToken = readSecret(db, userId, "notifications.telegram_bot_token").value;
  const url = readSecret(db, userId, "notifications.webhook_url").value;
  const secret = readSecret(db, userId, "notifications.webhook_secret").value;
  return {
    telegram: present(botToken) && present(chatId) ? { botToken: botToken.trim(), chatId: chatId.trim() } : null,
    webhook: present(url) && present(secret) ? { url: url.trim(), secret: secret.trim() } : null,
  };
}
