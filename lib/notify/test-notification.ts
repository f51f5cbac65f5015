import "server-only";
import { deliverWebhook, type DeliverWebhookOptions } from "@/lib/notify/ssrf-guard";
import { sendTelegramMessage, type TelegramOptions } from "@/lib/notify/telegram";

export type NotificationChannel = "telegram" | "webhook";

export type NotificationConfig = {
  telegramBotToken?: string | null;
  telegramChatId?: string | null;
  webhookUrl?: string | null;
  webhookSecret?: string | null;
};

export type TestNotificationResult = { ok: boolean; message: string };

/** Transport overrides, so tests can aim at local fakes without touching the environment. */
export type TestNotificationDeps = { telegram?: TelegramOptions; webhook?: DeliverWebhookOptions };

export const TEST_NOTIFICATION_TEXT = "AutoCbot test notification";

const present = (value: string | null | undefined): value is string => typeof value === "string" && value.trim() !== "";

/**
 * Sends one test message over the chosen channel with the user's saved settings. Every outcome,
 * including missing settings, is a result the settings page shows as is; nothing throws.
 */
export async function sendTestNotification(
  channel: NotificationChannel,
  config: NotificationConfig,
  deps: TestNotificationDeps = {},
): Promise<TestNotificationResult> {
  if (channel === "telegram") {
    if (!present(config.telegramBotToken) || !present(config.telegramChatId)) {
      return { ok: false, message: "Set a Telegram bot token and chat id first." };
    }
    const result = await sendTelegramMessage(
      { botToken: config.telegramBotToken, chatId: config.telegramChatId.trim(), text: TEST_NOTIFICATION_TEXT },
      deps.telegram,
    );
    return result.ok ? { ok: true, message: "Test message sent to Telegram." } : result;
  }

  if (!present(config.webhookUrl)) return { ok: false, message: "Set a webhook URL first." };
  if (!present(config.webhookSecret)) return { ok: false, message: "Generate a webhook signing secret first." };
  const result = await deliverWebhook(
    config.webhookUrl.trim(),
    config.webhookSecret.trim(),
    { type: "test", message: TEST_NOTIFICATION_TEXT, sent_at: Date.now() },
    deps.webhook,
  );
  return result.ok
    ? { ok: true, message: `The webhook endpoint accepted the test notification (HTTP ${result.status}).` }
    : { ok: false, message: result.message };
}
