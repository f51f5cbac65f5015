/**
 * POST /api/v1/settings/test-exchange and /test-notification against a server of this file whose
 * outside world is local fakes: the fake Binance (EXCHANGE_BASE_URL), the fake Telegram Bot API
 * (TELEGRAM_API_BASE_URL) and a webhook receiver allowed by ALLOW_WEBHOOK_HOSTS. Webhook
 * signatures are verified here with node:crypto over the documented string. The outbound-test
 * rate limit is measured on a second server at the real limits.
 */
import { createHmac, randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fakeAccount, startFakeExchange, type FakeAccount, type FakeExchange } from "../../e2e/fixtures/fake-exchange";
import { startFakeTelegram, type FakeTelegram } from "../../e2e/fixtures/fake-telegram";
import { startWebhookReceiver, type WebhookReceiver } from "../../e2e/fixtures/webhook-receiver";
import { apiClient, type ApiResponse } from "../support/api-client";
import { startTestServer, type TestServer } from "../support/test-server";

const EGRESS_IP = "203.0.113.7";
const hex = () => randomBytes(32).toString("hex");
const account = fakeAccount;
const good = account();
const withdraws = account({ enableWithdrawals: true });
const noWhitelist = account({ ipRestrict: false });
const ACCOUNTS = [good, withdraws, noWhitelist];

const BOT_TOKEN = `123456789:${randomBytes(27).toString("base64url")}`;
const CHAT_ID = "424242";

let exchange: FakeExchange;
let telegram: FakeTelegram;
let receiver: WebhookReceiver;
let outsider: WebhookReceiver;
let server: TestServer;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  exchange = await startFakeExchange({ accounts: ACCOUNTS });
  telegram = await startFakeTelegram({ validTokens: [BOT_TOKEN], knownChats: [CHAT_ID] });
  receiver = await startWebhookReceiver();
  // Not in ALLOW_WEBHOOK_HOSTS: a redirect there must be refused before anything reaches it.
  outsider = await startWebhookReceiver();
  server = await startTestServer({
    env: {
      RATE_LIMIT_SCALE: "1000",
      EXCHANGE_BASE_URL: exchange.url,
      EXCHANGE_TIMEOUT_MS: "1500",
      TELEGRAM_API_BASE_URL: telegram.url,
      // The second entry is never delivered to; it checks how a saved URL is matched against host:port entries.
      ALLOW_WEBHOOK_HOSTS: `127.0.0.1:${receiver.port},hooks.internal.test:80`,
      PUBLIC_EGRESS_IP: EGRESS_IP,
      // Everything the server can print is searched for secrets at the end.
      LOG_LEVEL: "trace",
    },
  });
  api = apiClient(server.url);
});
afterAll(async () => {
  await server?.stop();
  await Promise.all([exchange?.stop(), telegram?.stop(), receiver?.stop(), outsider?.stop()]);
});

type User = { id: string; token: string };
const answers: { label: string; text: string }[] = [];

async function newUser(label: string, target = () => api): Promise<User> {
  const { user, tokens } = await target().newUser(label);
  return { id: user.id, token: tokens.access_token };
}

function keep(label: string, res: ApiResponse<any>) {
  answers.push({ label, text: res.text });
  return res;
}

async function testExchange(u: User, body: Record<string, unknown> = {}) {
  const res = keep("test-exchange", await api.request("POST", "/api/v1/settings/test-exchange", { token: u.token, body }));
  expect(res.status, res.text).toBe(200);
  expect(Object.keys(res.body).sort()).toEqual(["can_withdraw", "ip_restricted", "message", "ok", "result"]);
  expect(typeof res.body.message).toBe("string");
  return res.body as { ok: boolean; result: string; can_withdraw: boolean | null; ip_restricted: boolean | null; message: string };
}

async function testNotification(u: User, channel: "telegram" | "webhook") {
  const res = keep(`test-${channel}`, await api.request("POST", "/api/v1/settings/test-notification", { token: u.token, body: { channel } }));
  expect(res.status, res.text).toBe(200);
  expect(Object.keys(res.body).sort()).toEqual(["message", "ok"]);
  return res.body as { ok: boolean; message: string };
}

async function save(u: User, body: unknown) {
  const res = keep("PUT", await api.request("PUT", "/api/v1/settings", { token: u.token, body }));
  expect(res.status, res.text).toBe(200);
  return res.body;
}

const keysOf = (a: FakeAccount) => ({ api_key: a.apiKey, api_secret: a.secret });

function storedFields(userId: string): string[] {
  const db = new Database(server.databasePath, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT field FROM user_secrets WHERE user_id = ? ORDER BY field").all(userId) as { field: string }[]).map((r) => r.field);
  } finally {
    db.close();
  }
}

describe("POST /api/v1/settings/test-exchange", () => {
  let u: User;
  beforeAll(async () => {
    u = await newUser("checks-exchange");
  });
  afterEach(() => exchange.setFailure("none"));

  it("accepts a good key sent in the body, and does not store it", async () => {
    const result = await testExchange(u, keysOf(good));
    expect(result).toEqual({ ok: true, result: "ok", can_withdraw: false, ip_restricted: true, message: expect.stringContaining("Connected to Binance") });
    const view = await api.request("GET", "/api/v1/settings", { token: u.token });
    expect(view.body.exchange).toMatchObject({ api_key: { set: false }, api_secret: { set: false } });
    expect(storedFields(u.id)).toEqual([]);
    // The fake saw a signed account read with this key.
    expect(exchange.requests.some((r) => r.path === "/api/v3/account")).toBe(true);
  });

  it("reports a wrong secret as invalid_key", async () => {
    const result = await testExchange(u, { api_key: good.apiKey, api_secret: hex() });
    expect(result).toMatchObject({ ok: false, result: "invalid_key", can_withdraw: null, ip_restricted: null });
    expect(result.message).toMatch(/secret does not belong to this key/);
  });

  it("reports an unknown key as invalid_key, naming the egress IP for a whitelist", async () => {
    const result = await testExchange(u, { api_key: hex(), api_secret: hex() });
    expect(result).toMatchObject({ ok: false, result: "invalid_key" });
    expect(result.message).toMatch(/does not accept this API key/);
    expect(result.message).toContain(EGRESS_IP);
  });

  it("refuses a withdrawal-enabled key for live mode, and warns about it in paper mode", async () => {
    const live = await testExchange(u, { ...keysOf(withdraws), mode: "live" });
    expect(live).toMatchObject({ ok: false, result: "ok", can_withdraw: true });
    expect(live.message).toMatch(/withdrawals/i);
    expect(live.message).toMatch(/Live trading refuses this key/);

    const paper = await testExchange(u, { ...keysOf(withdraws), mode: "paper" });
    expect(paper).toMatchObject({ ok: true, result: "ok", can_withdraw: true });
    expect(paper.message).toMatch(/Disable withdrawals/);
  });

  it("warns about a key without an IP whitelist, naming PUBLIC_EGRESS_IP", async () => {
    const result = await testExchange(u, keysOf(noWhitelist));
    expect(result).toMatchObject({ ok: true, result: "ok", ip_restricted: false });
    expect(result.message).toContain(`restrict it to ${EGRESS_IP}`);
  });

  it("reports an exchange that does not answer within EXCHANGE_TIMEOUT_MS as unreachable", async () => {
    exchange.setFailure("timeout");
    const result = await testExchange(u, keysOf(good));
    expect(result).toMatchObject({ ok: false, result: "unreachable", can_withdraw: null, ip_restricted: null });
    expect(result.message).toMatch(/did not answer within 1\.5 s/);
  });

  it("reports an exchange that is down as unreachable", async () => {
    const port = exchange.port;
    await exchange.stop();
    try {
      const result = await testExchange(u, keysOf(good));
      expect(result).toMatchObject({ ok: false, result: "unreachable", can_withdraw: null, ip_restricted: null });
      expect(result.message).toMatch(/Binance/);
    } finally {
      exchange = await startFakeExchange({ port, accounts: ACCOUNTS });
    }
    expect((await testExchange(u, keysOf(good))).ok).toBe(true);
  });

  it("scrubs a key and secret the exchange echoes back", async () => {
    exchange.setFailure("echo");
    const result = await testExchange(u, keysOf(good));
    expect(result).toMatchObject({ ok: false });
    expect(result.message).not.toContain(good.apiKey);
    expect(result.message).not.toContain(good.secret);
  });

  it("tests the stored keys when the body has none, with the stored mode", async () => {
    const stored = await newUser("checks-stored");
    expect(await testExchange(stored)).toMatchObject({ ok: false, result: "invalid_key", message: expect.stringMatching(/No API key and secret are stored/) });

    await save(stored, { exchange: keysOf(good) });
    expect(await testExchange(stored)).toMatchObject({ ok: true, result: "ok", can_withdraw: false, ip_restricted: true });

    await save(stored, { exchange: keysOf(withdraws) });
    const paper = await testExchange(stored);
    expect(paper).toMatchObject({ ok: true, can_withdraw: true });
    const live = await testExchange(stored, { mode: "live" });
    expect(live).toMatchObject({ ok: false, can_withdraw: true });
    expect(live.message).toMatch(/withdrawals/i);

    // Keys in the body win over the stored ones, and the stored ones stay.
    expect(await testExchange(stored, keysOf(noWhitelist))).toMatchObject({ ok: true, ip_restricted: false });
    const view = await api.request("GET", "/api/v1/settings", { token: stored.token });
    expect(view.body.exchange.api_key.last4).toBe(withdraws.apiKey.slice(-4));
  });

  it("validates its body", async () => {
    const half = await api.request("POST", "/api/v1/settings/test-exchange", { token: u.token, body: { api_key: good.apiKey } });
    expect(half.status).toBe(422);
    expect(Object.keys(half.body.error.fields)).toEqual(["api_secret"]);
    expect(half.text).not.toContain(good.apiKey);
    const extra = await api.request("POST", "/api/v1/settings/test-exchange", { token: u.token, body: { ...keysOf(good), store: true } });
    expect(extra.status).toBe(422);
    expect(Object.keys(extra.body.error.fields)).toEqual(["store"]);
    const mode = await api.request("POST", "/api/v1/settings/test-exchange", { token: u.token, body: { ...keysOf(good), mode: "margin" } });
    expect(mode.status).toBe(422);
    expect(Object.keys(mode.body.error.fields)).toEqual(["mode"]);
    const other = await api.request("POST", "/api/v1/settings/test-exchange", { token: u.token, body: { ...keysOf(good), exchange_id: "kraken" } });
    expect(other.status).toBe(422);
    expect(other.text).not.toContain(good.secret);
  });
});

describe("POST /api/v1/settings/test-notification", () => {
  it("telegram: the fake Bot API receives the test message", async () => {
    const u = await newUser("checks-telegram");
    expect(await testNotification(u, "telegram")).toEqual({ ok: false, message: expect.stringMatching(/Set a Telegram bot token and chat id first/) });
    await save(u, { notifications: { telegram_bot_token: BOT_TOKEN, telegram_chat_id: CHAT_ID } });
    const before = telegram.messages.length;
    expect(await testNotification(u, "telegram")).toEqual({ ok: true, message: expect.any(String) });
    expect(telegram.messages.slice(before)).toEqual([{ token: BOT_TOKEN, chat_id: CHAT_ID, text: "AutoCbot test notification" }]);

    await save(u, { notifications: { telegram_chat_id: "999999" } });
    const unknownChat = await testNotification(u, "telegram");
    expect(unknownChat.ok).toBe(false);
    expect(unknownChat.message).toMatch(/chat id/);
    const wrongToken = `987654321:${randomBytes(27).toString("base64url")}`;
    await save(u, { notifications: { telegram_bot_token: wrongToken, telegram_chat_id: CHAT_ID } });
    const refused = await testNotification(u, "telegram");
    expect(refused).toEqual({ ok: false, message: expect.stringMatching(/bot token was refused/) });
    expect(refused.message).not.toContain(wrongToken);
    expect(telegram.messages.length).toBe(before + 1);
  });

  describe("webhook", () => {
    let u: User;
    let secret: string;
    beforeAll(async () => {
      u = await newUser("checks-webhook");
    });
    afterEach(() => {
      receiver.setRedirect(null);
      receiver.setStatus(200);
    });

    it("asks for a URL and a signing secret first", async () => {
      expect(await testNotification(u, "webhook")).toEqual({ ok: false, message: expect.stringMatching(/Set a webhook URL first/) });
      await save(u, { notifications: { webhook_url: receiver.url } });
      expect(await testNotification(u, "webhook")).toEqual({ ok: false, message: expect.stringMatching(/signing secret/) });
      expect(receiver.received).toHaveLength(0);
    });

    it("delivers a POST signed per Standard Webhooks, verified here with node:crypto", async () => {
      const created = await api.request("POST", "/api/v1/settings/webhook-secret", { token: u.token });
      expect(created.status).toBe(201);
      secret = created.body.secret;
      const before = receiver.received.length;
      const result = await testNotification(u, "webhook");
      expect(result).toEqual({ ok: true, message: expect.stringContaining("HTTP 200") });
      expect(receiver.received).toHaveLength(before + 1);
      const hook = receiver.received[before];
      expect(hook.method).toBe("POST");
      expect(hook.path).toBe("/hooks/autocbot");
      expect(hook.headers["content-type"]).toBe("application/json");

      const id = String(hook.headers["webhook-id"]);
      const timestamp = String(hook.headers["webhook-timestamp"]);
      const signatures = String(hook.headers["webhook-signature"]).split(" ");
      expect(id).not.toBe("");
      expect(id).not.toContain(".");
      expect(timestamp).toMatch(/^\d+$/);
      expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThanOrEqual(300);

      const sign = (key: string) => `v1,${createHmac("sha256", Buffer.from(key.slice("whsec_".length), "base64")).update(`${id}.${timestamp}.${hook.rawBody}`).digest("base64")}`;
      expect(signatures).toContain(sign(secret));
      // The same check with another secret, or over a re-serialised body, fails: the verification above means something.
      expect(signatures).not.toContain(sign(`whsec_${randomBytes(32).toString("base64")}`));
      const body = JSON.parse(hook.rawBody);
      expect(body).toMatchObject({ type: "test", message: "AutoCbot test notification", sent_at: expect.any(Number) });
      expect(hook.rawBody).not.toContain(secret.slice("whsec_".length));
    });

    it("signs with the new secret after it is regenerated, never the old one", async () => {
      const created = await api.request("POST", "/api/v1/settings/webhook-secret", { token: u.token });
      const fresh: string = created.body.secret;
      const before = receiver.received.length;
      expect((await testNotification(u, "webhook")).ok).toBe(true);
      const hook = receiver.received[before];
      const signed = (key: string) =>
        `v1,${createHmac("sha256", Buffer.from(key.slice("whsec_".length), "base64")).update(`${hook.headers["webhook-id"]}.${hook.headers["webhook-timestamp"]}.${hook.rawBody}`).digest("base64")}`;
      const signatures = String(hook.headers["webhook-signature"]).split(" ");
      expect(signatures).toContain(signed(fresh));
      expect(signatures).not.toContain(signed(secret));
      secret = fresh;
    });

    it("reports an endpoint that answers with an error", async () => {
      receiver.setStatus(500);
      const result = await testNotification(u, "webhook");
      expect(result.ok).toBe(false);
      expect(result.message).toMatch(/HTTP 500/);
    });

    it.each([
      ["https://10.0.0.1/hook", /private network address/],
      ["https://127.0.0.1:1/x", /loopback/],
      ["https://169.254.169.254/latest/meta-data/", /metadata/],
      ["https://[::1]:8443/hook", /loopback/],
      ["https://localhost:8443/hook", /loopback/],
    ])("refuses the private target %s and delivers nothing", async (url, reason) => {
      await save(u, { notifications: { webhook_url: url } });
      const before = receiver.received.length;
      const result = await testNotification(u, "webhook");
      expect(result.ok).toBe(false);
      expect(result.message).toMatch(reason);
      expect(result.message).toMatch(/public internet/);
      expect(receiver.received.length).toBe(before);
      expect(outsider.received).toHaveLength(0);
    });

    it("refuses plain http to a host that is not allowed when saving", async () => {
      for (const url of [`http://127.0.0.1:${outsider.port}/hook`, `http://localhost:${receiver.port}/hook`, "http://hooks.internal.test:8080/hook"]) {
        const res = await api.request("PUT", "/api/v1/settings", { token: u.token, body: { notifications: { webhook_url: url } } });
        expect(res.status, url).toBe(422);
        expect(Object.keys(res.body.error.fields)).toEqual(["notifications.webhook_url"]);
      }
    });

    it("matches an allowed host:port entry with the URL's effective port, and allows only http besides https", async () => {
      // http on the default port: the URL parser drops ":80", the entry names it.
      for (const url of ["http://hooks.internal.test/hook", "http://hooks.internal.test:80/hook"]) {
        const res = await api.request("PUT", "/api/v1/settings", { token: u.token, body: { notifications: { webhook_url: url } } });
        expect(res.status, `${url}: ${res.text}`).toBe(200);
      }
      for (const url of [`ftp://127.0.0.1:${receiver.port}/hook`, `ws://127.0.0.1:${receiver.port}/hook`]) {
        const res = await api.request("PUT", "/api/v1/settings", { token: u.token, body: { notifications: { webhook_url: url } } });
        expect(res.status, url).toBe(422);
        expect(Object.keys(res.body.error.fields)).toEqual(["notifications.webhook_url"]);
      }
    });

    it("refuses a redirect from the allowed receiver to a private address", async () => {
      await save(u, { notifications: { webhook_url: receiver.url } });
      for (const location of [`http://127.0.0.1:${outsider.port}/stolen`, `https://127.0.0.1:${outsider.port}/stolen`, "http://169.254.169.254/latest/meta-data/", "https://10.1.2.3/"]) {
        receiver.setRedirect(location);
        const before = receiver.received.length;
        const result = await testNotification(u, "webhook");
        expect(result.ok, location).toBe(false);
        expect(result.message, location).toMatch(/redirected to an address that is not allowed/);
        expect(receiver.received.length, location).toBe(before + 1);
      }
      expect(outsider.received).toHaveLength(0);
    });
  });
});

describe("no secret in any answer or in the server's output", () => {
  it("holds for every key, secret, token and signing secret used above", () => {
    const secrets = [...ACCOUNTS.flatMap((a) => [a.apiKey, a.secret]), BOT_TOKEN, BOT_TOKEN.split(":")[1]];
    expect(answers.length).toBeGreaterThan(20);
    for (const { label, text } of answers) for (const s of secrets) expect(text.includes(s), `${label} carries a secret`).toBe(false);
    const logs = server.logs.join("\n");
    expect(logs).toMatch(/exchange key tested/);
    for (const s of secrets) expect(logs.includes(s), "server output carries a secret").toBe(false);
  });
});

describe("rate limit at the real limits (RATE_LIMIT_SCALE=1)", () => {
  let limited: TestServer;
  let limitedApi: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    limited = await startTestServer({ env: { RATE_LIMIT_SCALE: "1", EXCHANGE_BASE_URL: exchange.url, TELEGRAM_API_BASE_URL: telegram.url } });
    limitedApi = apiClient(limited.url);
  });
  afterAll(async () => {
    await limited?.stop();
  });

  it("the 11th outbound test within a minute answers 429 (policy outbound_test, 10/min per user)", async () => {
    const u = await newUser("checks-limit", () => limitedApi);
    const other = await newUser("checks-limit-other", () => limitedApi);
    const call = (who: User, i: number) =>
      i % 2 === 0
        ? limitedApi.request("POST", "/api/v1/settings/test-notification", { token: who.token, body: { channel: "telegram" } })
        : limitedApi.request("POST", "/api/v1/settings/test-exchange", { token: who.token, body: {} });
    for (let i = 0; i < 10; i++) {
      const res = await call(u, i);
      expect(res.status, `call ${i + 1}: ${res.text}`).toBe(200);
    }
    for (const i of [10, 11]) {
      const res = await call(u, i);
      expect(res.status, `call ${i + 1}: ${res.text}`).toBe(429);
      expect(res.body).toMatchObject({ error: { code: "rate_limited", request_id: expect.any(String) } });
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(Number(res.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    }
    // Settings themselves are not behind this policy, and another user has a budget of their own.
    expect((await limitedApi.request("GET", "/api/v1/settings", { token: u.token })).status).toBe(200);
    expect((await call(other, 0)).status).toBe(200);
  });
});
