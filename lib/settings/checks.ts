import "server-only";
import { getDb } from "@/lib/db";
import { recordAudit } from "@/lib/auth/audit";
import type { ClientInfo } from "@/lib/auth/types";
import { assertRateLimit } from "@/lib/security/rate-limit";
import { sendTestNotification } from "@/lib/notify/test-notification";
import { testExchangeConnection } from "./test-exchange";
import { readExchangeCredentials, readNotificationConfig } from "./settings";

type KeysInBody = { exchange_id?: string; api_key?: string; api_secret?: string; passphrase?: string; mode?: "paper" | "live" };

/** Tests the keys in the body (never stored) or the stored ones. */
export async function testUserExchange(userId: string, body: KeysInBody, client: ClientInfo) {
  await assertRateLimit("outbound_test", userId);
  const stored = await readExchangeCredentials(userId);
  const apiKey = body.api_key ?? stored.apiKey;
  const apiSecret = body.api_secret ?? stored.apiSecret;
  const passphrase = body.api_key !== undefined ? (body.passphrase ?? null) : stored.passphrase;
  const mode = body.mode ?? stored.mode;
  if (!apiKey || !apiSecret) {
    const message =
      body.api_key === undefined && stored.unreadable
        ? "The stored API key or secret is unreadable (encrypted with a key this server no longer has): enter them again."
        : "No API key and secret are stored: enter them first.";
    return { ok: false, result: "invalid_key" as const, can_withdraw: null, ip_restricted: null, message };
  }
  const outcome = await testExchangeConnection({ exchangeId: body.exchange_id ?? stored.exchangeId, apiKey, apiSecret, passphrase: passphrase ?? undefined, mode });
  recordAudit(getDb(), { userId, action: "settings.test_exchange", ip: client.ip, details: { result: outcome.result, ok: outcome.ok, stored: body.api_key === undefined } });
  return outcome;
}

export async function testUserNotification(userId: string, channel: "telegram" | "webhook", client: ClientInfo) {
  await assertRateLimit("outbound_test", userId);
  const config = await readNotificationConfig(userId);
  const outcome = await sendTestNotification(channel, config);
  recordAudit(getDb(), { userId, action: "settings.test_notification", ip: client.ip, details: { channel, ok: outcome.ok } });
  return outcome;
}
