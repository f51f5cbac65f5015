import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeTelegram, type FakeTelegram } from "@/e2e/fixtures/fake-telegram";
import { startWebhookReceiver, type WebhookReceiver } from "@/e2e/fixtures/webhook-receiver";
import { sendTestNotification } from "@/lib/notify/test-notification";
import { generateWebhookSecret, verifyWebhook } from "@/lib/notify/webhook-signature";

const TOKEN = "7000000002:AAF-test_notification_token_0123456";
let telegram: FakeTelegram;
let receiver: WebhookReceiver;

beforeAll(async () => {
  telegram = await startFakeTelegram({ validTokens: [TOKEN], knownChats: ["1001"] });
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await telegram.stop();
  await receiver.stop();
});

describe("sendTestNotification", () => {
  it("names the missing settings", async () => {
    expect(await sendTestNotification("telegram", {})).toEqual({ ok: false, message: "Set a Telegram bot token and chat id first." });
    expect(await sendTestNotification("telegram", { telegramBotToken: TOKEN, telegramChatId: "  " })).toEqual({
      ok: false,
      message: "Set a Telegram bot token and chat id first.",
    });
    expect(await sendTestNotification("webhook", { webhookSecret: generateWebhookSecret() })).toEqual({
      ok: false,
      message: "Set a webhook URL first.",
    });
    expect(await sendTestNotification("webhook", { webhookUrl: receiver.url, webhookSecret: null })).toEqual({
      ok: false,
      message: "Generate a webhook signing secret first.",
    });
  });

  it("sends the test message to Telegram", async () => {
    const deps = { telegram: { baseUrl: telegram.url } };
    const result = await sendTestNotification("telegram", { telegramBotToken: TOKEN, telegramChatId: "1001" }, deps);
    expect(result).toEqual({ ok: true, message: "Test message sent to Telegram." });
    expect(telegram.messages).toEqual([{ token: TOKEN, chat_id: "1001", text: "AutoCbot test notification" }]);
    const refused = await sendTestNotification("telegram", { telegramBotToken: TOKEN, telegramChatId: "2" }, deps);
    expect(refused).toEqual({ ok: false, message: "Telegram does not know this chat id: start a chat with the bot first." });
  });

  it("delivers the signed test payload to the webhook", async () => {
    const secret = generateWebhookSecret();
    const before = Date.now();
    const result = await sendTestNotification(
      "webhook",
      { webhookUrl: receiver.url, webhookSecret: secret },
      { webhook: { allowHosts: [`127.0.0.1:${receiver.port}`] } },
    );
    expect(result).toEqual({ ok: true, message: "The webhook endpoint accepted the test notification (HTTP 200)." });
    const [{ headers, rawBody }] = receiver.received;
    expect(verifyWebhook(secret, headers, rawBody)).toBe(true);
    const body = JSON.parse(rawBody);
    expect(body).toEqual({ type: "test", message: "AutoCbot test notification", sent_at: expect.any(Number) });
    expect(body.sent_at).toBeGreaterThanOrEqual(before);
  });

  it("reports a refused destination as a result", async () => {
    const result = await sendTestNotification(
      "webhook",
      { webhookUrl: "https://169.254.169.254/latest", webhookSecret: generateWebhookSecret() },
      { webhook: { allowHosts: [] } },
    );
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/cloud metadata service/);
  });
});
