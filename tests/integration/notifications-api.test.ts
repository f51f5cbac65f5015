/**
 * Notifications end to end, against a server of this file whose outside world is local fakes: the
 * fake Telegram Bot API (TELEGRAM_API_BASE_URL) and a webhook receiver (ALLOW_WEBHOOK_HOSTS). A market
 * buy placed over the API reaches Telegram exactly once and GET /api/v1/notifications shows it sent;
 * the webhook carries the documented signature, checked here with node:crypto; users see only their
 * own deliveries; a refused delivery shows on the Settings page with its reason.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planDeadline, restingOrderPlan } from "../support/resting-order-plan";
import { startFakeTelegram, type FakeTelegram } from "../../e2e/fixtures/fake-telegram";
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from "../../e2e/fixtures/webhook-receiver";
import { apiClient } from "../support/api-client";
import { startTestServer, type TestServer } from "../support/test-server";

const BOT_TOKEN = `123456789:${randomBytes(27).toString("base64url")}`;
const CHAT_ID = "424242";
const MATCHER_CHAT = "515151";
const UNKNOWN_CHAT = "999999";

let telegram: FakeTelegram;
let receiver: WebhookReceiver;
let server: TestServer;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  telegram = await startFakeTelegram({ validTokens: [BOT_TOKEN], knownChats: [CHAT_ID, MATCHER_CHAT] });
  receiver = await startWebhookReceiver();
  server = await startTestServer({
    env: {
      RATE_LIMIT_SCALE: "1000",
      TELEGRAM_API_BASE_URL: telegram.url,
      ALLOW_WEBHOOK_HOSTS: `127.0.0.1:${receiver.port}`,
      // One attempt, so a refused delivery is failed (and shown in Settings) without waiting out the backoff.
      NOTIFY_MAX_ATTEMPTS: "1",
    },
  });
  api = apiClient(server.url);
});
afterAll(async () => {
  await server?.stop();
  await Promise.all([telegram?.stop(), receiver?.stop()]);
});

type User = { id: string; token: string; email: string };
type Delivery = { id: string; channel: string; event: string; status: string; attempts: number; last_error: string | null; created_at: number; sent_at: number | null };

async function newUser(label: string): Promise<User> {
  const { user, tokens, email } = await api.newUser(label);
  return { id: user.id, token: tokens.access_token, email };
}

async function saveNotifications(u: User, notifications: Record<string, unknown>) {
  const res = await api.request("PUT", "/api/v1/settings", { token: u.token, body: { notifications } });
  expect(res.status, res.text).toBe(200);
}

async function marketBuy(u: User, symbol = "BTC/USDT", amount = 0.01) {
  const res = await api.request<any>("POST", "/api/v1/trading/orders", { token: u.token, body: { symbol, side: "buy", type: "market", amount } });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; average_price: number };
}

async function deliveries(u: User, query = ""): Promise<{ items: Delivery[]; next_cursor: string | null }> {
  const res = await api.request<any>("GET", `/api/v1/notifications${query}`, { token: u.token });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("notifications", () => {
  it("sends a market buy's fill to Telegram exactly once and lists it as sent", async () => {
    const alice = await newUser("notify-telegram");
    await saveNotifications(alice, { telegram_bot_token: BOT_TOKEN, telegram_chat_id: CHAT_ID });
    const order = await marketBuy(alice);

    const listed = await until(() => deliveries(alice), (d) => d.items.some((n) => n.status === "sent"));
    expect(listed.items).toEqual([
      { id: expect.any(String), channel: "telegram", event: "fills", status: "sent", attempts: 1, last_error: null, created_at: expect.any(Number), sent_at: expect.any(Number) },
    ]);
    // Another round of the sender (about every second) must not send it again.
    await sleep(2_500);
    const mine = telegram.messages.filter((m) => m.chat_id === CHAT_ID);
    expect(mine).toHaveLength(1);
    expect(mine[0].token).toBe(BOT_TOKEN);
    expect(mine[0].text).toMatch(/^Order filled: Bought 0\.01 BTC at [\d.]+ USDT on BTC\/USDT\. Fee [\d.]+ USDT\.$/);
    expect(Number(mine[0].text.match(/at ([\d.]+) USDT/)![1])).toBeCloseTo(order.average_price, 6);
    expect((await deliveries(alice, "?status=sent")).items).toHaveLength(1);
    expect((await deliveries(alice, "?status=failed")).items).toEqual([]);

    // Another user sees none of it, and has nothing queued without notification settings.
    const bob = await newUser("notify-none");
    await marketBuy(bob);
    expect(await deliveries(bob)).toEqual({ items: [], next_cursor: null });
    expect(await deliveries(bob, "?status=sent")).toEqual({ items: [], next_cursor: null });
  });

  it("signs webhook deliveries with the documented scheme and the row id as webhook-id", async () => {
    const carol = await newUser("notify-webhook");
    await saveNotifications(carol, { webhook_url: receiver.url, events: ["fills"] });
    const rotated = await api.request<{ secret: string }>("POST", "/api/v1/settings/webhook-secret", { token: carol.token });
    expect(rotated.status, rotated.text).toBe(201);
    const secret = rotated.body.secret;
    receiver.received.length = 0;
    const order = await marketBuy(carol, "ETH/USDT", 0.1);

    const listed = await until(() => deliveries(carol), (d) => d.items[0]?.status === "sent");
    expect(listed.items).toMatchObject([{ channel: "webhook", event: "fills", status: "sent", attempts: 1 }]);
    expect(receiver.received).toHaveLength(1);
    const request: ReceivedWebhook = receiver.received[0];
    expect(request.headers["webhook-id"]).toBe(listed.items[0].id);

    const id = String(request.headers["webhook-id"]);
    const timestamp = String(request.headers["webhook-timestamp"]);
    const key = Buffer.from(secret.slice("whsec_".length), "base64");
    const sign = (body: string) => createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest();
    const given = Buffer.from(String(request.headers["webhook-signature"]).replace(/^v1,/, ""), "base64");
    expect(timingSafeEqual(given, sign(request.rawBody))).toBe(true);
    expect(given.equals(sign(request.rawBody.replace("ETH/USDT", "BTC/USDT")))).toBe(false);
    expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(300);

    const body = JSON.parse(request.rawBody);
    expect(body).toMatchObject({ type: "fills", data: { kind: "fill", order_id: order.id, symbol: "ETH/USDT", side: "buy", order_type: "market", amount: 0.1, owner: null } });
    expect(JSON.stringify(body)).not.toContain(secret);
  });

  it("shows a refused delivery with its reason on the Settings page, and only to its owner", async () => {
    const dave = await newUser("notify-refused");
    await saveNotifications(dave, { telegram_bot_token: BOT_TOKEN, telegram_chat_id: UNKNOWN_CHAT });
    await marketBuy(dave);
    const listed = await until(() => deliveries(dave, "?status=failed"), (d) => d.items.length > 0);
    expect(listed.items).toEqual([
      expect.objectContaining({ channel: "telegram", event: "fills", status: "failed", attempts: 1, last_error: "Telegram does not know this chat id: start a chat with the bot first.", sent_at: null }),
    ]);

    const page = async (u: User) => {
      const cookie = await api.browserLogin(u.email);
      const res = await fetch(`${server.url}/settings`, { headers: { cookie } });
      expect(res.status).toBe(200);
      return res.text();
    };
    const html = await page(dave);
    expect(html).toContain("Recent delivery problems");
    expect(html).toContain("Telegram does not know this chat id: start a chat with the bot first.");
    expect(html).not.toContain(BOT_TOKEN.split(":")[1]);

    const erin = await newUser("notify-clean");
    const clean = await page(erin);
    expect(clean).toContain("No failed deliveries");
    expect(clean).not.toContain("Telegram does not know this chat id");
  });

  it("notifies a resting order filled later by the background matcher, keyed by its fill", async () => {
    const frank = await newUser("notify-matcher");
    await saveNotifications(frank, { telegram_bot_token: BOT_TOKEN, telegram_chat_id: MATCHER_CHAT });
    await marketBuy(frank);
    const symbols = await api.request<any>("GET", "/api/v1/market/symbols", { token: frank.token });
    const tick = symbols.body.items.find((m: any) => m.symbol === "BTC/USDT").price_tick;
    const plan = restingOrderPlan({ seed: "7", symbol: "BTC/USDT", tick });
    expect(plan, "the next minute neither rises above the bid nor falls below the ask").not.toBeNull();
    const placed = await api.request<any>("POST", "/api/v1/trading/orders", { token: frank.token, body: { symbol: "BTC/USDT", side: plan!.side, type: "limit", amount: 0.01, price: plan!.price } });
    expect(placed.status, placed.text).toBe(201);
    expect(placed.body.status).toBe("open");

    const sent = await until(
      () => deliveries(frank, "?status=sent"),
      (d) => d.items.length === 2,
      planDeadline(plan!) + 10_000 - Date.now(),
    );
    expect(sent.items.map((n) => n.event)).toEqual(["fills", "fills"]);
    const texts = telegram.messages.filter((m) => m.chat_id === MATCHER_CHAT).map((m) => m.text);
    expect(texts).toHaveLength(2);
    const verb = plan!.side === "buy" ? "Bought" : "Sold";
    expect(texts[1]).toMatch(new RegExp(`^Order filled: ${verb} 0\\.01 BTC at ${String(plan!.price).replace(".", "\\.")} USDT on BTC/USDT\\.`));
  }, 180_000);

  it("refuses anonymous callers and bad filters", async () => {
    const anonymous = await api.request<any>("GET", "/api/v1/notifications");
    expect(anonymous.status).toBe(401);
    const u = await newUser("notify-filters");
    const bad = await api.request<any>("GET", "/api/v1/notifications?status=lost&limit=0", { token: u.token });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(["limit", "status"]);
  });
});
