import { spawnSync } from "node:child_process";
import { createHmac, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import { hostname } from "node:os";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeTelegram, type FakeTelegram } from "@/e2e/fixtures/fake-telegram";
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from "@/e2e/fixtures/webhook-receiver";
import { closeDb, getDb } from "@/lib/db/client";
import { notificationOutbox } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { notificationBackoffMs } from "./backoff";
import { enqueueNotification } from "./outbox";
import { claimNotification, createNotificationSender, type SenderOptions } from "./sender";
import { deliverTelegramMessage } from "./telegram";
import { outboxRows, userWithNotifications } from "./test-support";
import { generateWebhookSecret, verifyWebhook } from "./webhook-signature";

const TOKEN = "7000000004:AAH-sender_token_0123456789abcdefghijk";
const CHAT = "5151";
let telegram: FakeTelegram;
let receiver: WebhookReceiver;

beforeAll(async () => {
  telegram = await startFakeTelegram({ validTokens: [TOKEN], knownChats: [CHAT] });
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await telegram.stop();
  await receiver.stop();
  closeDb();
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(env().DATABASE_PATH + suffix, { force: true });
});

const S = 1_000;
const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);

/** A sender on a hand-moved clock: backoffs are checked by moving time, not by waiting for it. */
function senderAt(start: number, options: Partial<SenderOptions> = {}) {
  const clock = { now: start };
  const sender = createNotificationSender(getDb(), {
    owner: `${hostname()}:${process.pid}:test`,
    clock: () => clock.now,
    telegram: { baseUrl: telegram.url, timeoutMs: 2_000 },
    webhook: { allowHosts: [`127.0.0.1:${receiver.port}`] },
    ...options,
  });
  return { sender, clock };
}

const telegramUser = () => userWithNotifications({ telegram: { botToken: TOKEN, chatId: CHAT } });
const enqueue = (userId: string, key: string, now = T0) =>
  enqueueNotification(getDb(), { userId, event: "fills", dedupeKey: key, text: `message ${key}`, data: { key } }, now);
const row = (id: string) => getDb().select().from(notificationOutbox).where(eq(notificationOutbox.id, id)).get()!;
const sentTexts = () => telegram.messages.map((m) => m.text);

describe("notificationBackoffMs", () => {
  it("waits 2^n × 5 s after the n-th failure, capped at one hour", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map(notificationBackoffMs)).toEqual([10, 20, 40, 80, 160, 320, 640, 1280, 2560].map((s) => s * S));
    expect(notificationBackoffMs(10)).toBe(3_600 * S);
    expect(notificationBackoffMs(50)).toBe(3_600 * S);
    expect(notificationBackoffMs(0)).toBe(5 * S);
  });
});

describe("Telegram delivery", () => {
  it("retries a 500, honours a 429's retry_after without counting it, then delivers exactly once", async () => {
    const userId = telegramUser();
    const [id] = enqueue(userId, "retry-1");
    const { sender, clock } = senderAt(T0);
    telegram.failNext({ status: 500 }, { status: 429, retryAfter: 1 });

    expect(await sender.deliverDue()).toBe(1);
    expect(row(id)).toMatchObject({ status: "pending", attempts: 1, nextAttemptAt: T0 + 10 * S, lastError: "Telegram refused the message: Internal Server Error" });

    clock.now = T0 + 10 * S - 1;
    expect(await sender.deliverDue()).toBe(0);
    clock.now = T0 + 10 * S;
    expect(await sender.deliverDue()).toBe(1);
    // Rate limited: not the message's fault, so the attempt is given back and the wait is Telegram's.
    expect(row(id)).toMatchObject({ status: "pending", attempts: 1, nextAttemptAt: T0 + 11 * S });
    expect(row(id).lastError).toMatch(/rate limiting this bot: try again in 1 s/);

    clock.now = T0 + 11 * S - 1;
    expect(await sender.deliverDue()).toBe(0);
    clock.now = T0 + 11 * S;
    expect(await sender.deliverDue()).toBe(1);
    expect(row(id)).toMatchObject({ status: "sent", attempts: 2, sentAt: T0 + 11 * S, lastError: null, claimedBy: null });
    expect(telegram.requests.filter((r) => r.text === "message retry-1")).toHaveLength(3);
    expect(sentTexts().filter((t) => t === "message retry-1")).toHaveLength(1);

    clock.now = T0 + 3_600 * S;
    expect(await sender.deliverDue()).toBe(0);
  });

  it("commits the row as sending before Telegram is called", async () => {
    const userId = telegramUser();
    const [id] = enqueue(userId, "committed-1");
    const seen: unknown[] = [];
    // Another connection sees only committed state.
    const { default: Database } = await import("better-sqlite3");
    const other = new Database(env().DATABASE_PATH, { readonly: true });
    const fetchImpl: typeof fetch = async (input, init) => {
      seen.push(other.prepare("SELECT status, claimed_by FROM notification_outbox WHERE id = ?").get(id));
      return fetch(input, init);
    };
    const { sender } = senderAt(T0 + 50_000 * S, { telegram: { baseUrl: telegram.url, fetchImpl } });
    await sender.deliverDue();
    other.close();
    expect(seen).toEqual([{ status: "sending", claimed_by: `${hostname()}:${process.pid}:test` }]);
    expect(row(id).status).toBe("sent");
  });

  it("marks a row failed after NOTIFY_MAX_ATTEMPTS refusals, with Telegram's reason and no token", async () => {
    const userId = userWithNotifications({ telegram: { botToken: TOKEN, chatId: "999" } });
    const [id] = enqueue(userId, "unknown-chat");
    const { sender, clock } = senderAt(T0, { maxAttempts: 3 });
    await sender.deliverDue();
    clock.now += notificationBackoffMs(1);
    await sender.deliverDue();
    expect(row(id)).toMatchObject({ status: "pending", attempts: 2, nextAttemptAt: clock.now + notificationBackoffMs(2) });
    clock.now += notificationBackoffMs(2);
    await sender.deliverDue();
    expect(row(id)).toMatchObject({ status: "failed", attempts: 3, lastError: "Telegram does not know this chat id: start a chat with the bot first." });
    clock.now += 3_600 * S;
    expect(await sender.deliverDue()).toBe(0);
    expect(JSON.stringify(outboxRows(userId))).not.toContain(TOKEN.split(":")[1]);
  });

  it("gives a chat at most one message per second", async () => {
    const userId = telegramUser();
    enqueue(userId, "pace-1", T0);
    enqueue(userId, "pace-2", T0 + 1);
    const { sender, clock } = senderAt(T0 + 100_000 * S);
    expect(await sender.deliverDue()).toBe(1);
    // The second waits its turn, out of the way of other users' rows.
    expect(outboxRows(userId).map((r) => [r.status, r.nextAttemptAt])).toEqual([
      ["sent", T0],
      ["pending", T0 + 100_001 * S],
    ]);
    clock.now += 999;
    expect(await sender.deliverDue()).toBe(0);
    clock.now += 1;
    expect(await sender.deliverDue()).toBe(1);
    expect(outboxRows(userId).map((r) => [r.status, r.claimedAt])).toEqual([
      ["sent", T0 + 100_000 * S],
      ["sent", T0 + 100_001 * S],
    ]);
  });

  it("never resends a message whose answer was lost: it is unknown", async () => {
    const userId = telegramUser();
    const [id] = enqueue(userId, "lost-1");
    const { sender, clock } = senderAt(T0 + 200_000 * S);
    telegram.failNext({ lost: true });
    await sender.deliverDue();
    expect(row(id)).toMatchObject({ status: "unknown", attempts: 1 });
    expect(row(id).lastError).toMatch(/may have arrived, so it is not sent again/);
    clock.now += 3_600 * S;
    expect(await sender.deliverDue()).toBe(0);
    expect(sentTexts().filter((t) => t === "message lost-1")).toHaveLength(1);
  });

  it("after a crash between the call and the mark, the row becomes unknown and is never sent again", async () => {
    const userId = telegramUser();
    const [id] = enqueue(userId, "crash-1");
    // A process that claimed the row, sent it, and died before recording the answer.
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    const deadOwner = `${hostname()}:${dead.stdout}:gone`;
    const claimed = claimNotification(getDb(), id, deadOwner, T0 + 300_000 * S);
    expect(claimed).toMatchObject({ status: "sending", attempts: 1, claimedBy: deadOwner });
    const call = await deliverTelegramMessage({ botToken: TOKEN, chatId: CHAT, text: String(claimed!.payload.text) }, { baseUrl: telegram.url });
    expect(call.outcome).toBe("delivered");

    // The next start: the claim is only a second old, but its process is gone.
    const { sender, clock } = senderAt(T0 + 300_001 * S);
    expect(sender.recoverInterrupted()).toBe(1);
    expect(row(id)).toMatchObject({ status: "unknown", claimedBy: null });
    expect(row(id).lastError).toMatch(/server stopped while this message was being sent/);
    for (let i = 0; i < 3; i++) {
      clock.now += 3_600 * S;
      await sender.deliverDue();
    }
    expect(sentTexts().filter((t) => t === "message crash-1")).toHaveLength(1);
    expect(row(id).status).toBe("unknown");
  });

  it("treats a claim older than the timeout as interrupted even when its owner cannot be checked", async () => {
    const userId = telegramUser();
    const [id] = enqueue(userId, "stale-1");
    claimNotification(getDb(), id, "another-host:1234:x", T0 + 400_000 * S);
    const { sender, clock } = senderAt(T0 + 400_030 * S, { claimTimeoutMs: 60 * S });
    expect(sender.recoverInterrupted()).toBe(0);
    clock.now = T0 + 400_060 * S;
    expect(sender.recoverInterrupted()).toBe(1);
    expect(row(id).status).toBe("unknown");
  });
});

/** The receiver's check, written with node:crypto alone from the documented scheme. */
function receiverAccepts(secret: string, request: Pick<ReceivedWebhook, "headers" | "rawBody">, nowS: number): boolean {
  const id = String(request.headers["webhook-id"]);
  const timestamp = String(request.headers["webhook-timestamp"]);
  if (Math.abs(nowS - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${request.rawBody}`).digest();
  return String(request.headers["webhook-signature"])
    .split(" ")
    .some((entry) => {
      const [version, signature] = entry.split(",");
      const given = Buffer.from(signature ?? "", "base64");
      return version === "v1" && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

describe("webhook delivery", () => {
  it("signs each delivery, retries a refusal with the same webhook-id, and stops once accepted", async () => {
    const secret = generateWebhookSecret();
    const userId = userWithNotifications({ webhook: { url: receiver.url, secret } });
    const [id] = enqueueNotification(getDb(), { userId, event: "stops", dedupeKey: "wh-1", text: "Stop-loss hit", data: { fill_id: "wh-1", price: 42 } }, T0);
    const { sender, clock } = senderAt(T0);
    receiver.received.length = 0;
    receiver.setStatus(503);
    await sender.deliverDue();
    expect(row(id)).toMatchObject({ status: "pending", attempts: 1, nextAttemptAt: T0 + 10 * S });
    expect(row(id).lastError).toMatch(/answered HTTP 503/);
    expect(row(id).lastError).not.toContain("/hooks/autocbot");

    receiver.setStatus(200);
    clock.now = T0 + 10 * S;
    await sender.deliverDue();
    expect(row(id)).toMatchObject({ status: "sent", attempts: 2, sentAt: T0 + 10 * S });

    expect(receiver.received.map((r) => r.headers["webhook-id"])).toEqual([id, id]);
    const nowS = Math.floor(Date.now() / 1000);
    for (const request of receiver.received) {
      expect(receiverAccepts(secret, request, nowS)).toBe(true);
      expect(verifyWebhook(secret, request.headers, request.rawBody)).toBe(true);
    }
    const last = receiver.received[1];
    expect(JSON.parse(last.rawBody)).toEqual({ type: "stops", timestamp: new Date(T0).toISOString(), data: { fill_id: "wh-1", price: 42 } });
    // Tampered bodies and replays after the 300 s tolerance are refused.
    expect(receiverAccepts(secret, { ...last, rawBody: last.rawBody.replace("42", "43") }, nowS)).toBe(false);
    expect(receiverAccepts(secret, last, nowS + 301)).toBe(false);
    expect(verifyWebhook(secret, last.headers, last.rawBody, { now: (nowS + 301) * 1000 })).toBe(false);
    expect(receiverAccepts(generateWebhookSecret(), last, nowS)).toBe(false);
  });

  it("sends a delivery interrupted by a crash again, with the same webhook-id (at least once)", async () => {
    const secret = generateWebhookSecret();
    const userId = userWithNotifications({ webhook: { url: receiver.url, secret } });
    const [id] = enqueue(userId, "wh-crash");
    claimNotification(getDb(), id, "another-host:1:x", T0);
    receiver.received.length = 0;
    const { sender } = senderAt(T0 + 120 * S);
    await sender.deliverDue();
    expect(row(id)).toMatchObject({ status: "sent", attempts: 2 });
    expect(receiver.received.map((r) => r.headers["webhook-id"])).toEqual([id]);
  });

  it("refuses a private destination that is not allow-listed, and fails after the last attempt", async () => {
    const userId = userWithNotifications({ webhook: { url: "http://10.0.0.8/hook", secret: generateWebhookSecret() } });
    const [id] = enqueue(userId, "wh-private");
    const { sender } = senderAt(T0, { maxAttempts: 1 });
    await sender.deliverDue();
    expect(row(id)).toMatchObject({ status: "failed", attempts: 1 });
    expect(row(id).lastError).toMatch(/private network address/);
  });
});
