/**
 * Where saved secrets may and may not appear, against a server of its own (logging at trace, so
 * every line the server can print is searched). Known random secrets are saved for every secret
 * field; then each is searched for, in plain, base64 and base64url (at every byte alignment), hex
 * and UTF-16 form, in the raw database file and its WAL (while the server runs and after a
 * checkpoint), the server's output, every API answer, the /settings page's HTML and RSC payload
 * and the OpenAPI document. Stored values are checked against the documented format by
 * decrypting them here with node:crypto; moved, copied and tampered ciphertexts read as
 * "unreadable" with a 200 page and one audit event.
 */
import { createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, type ApiResponse } from "../support/api-client";
import { startTestServer, TEST_ENCRYPTION_KEY, type TestServer } from "../support/test-server";

let server: TestServer;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  server = await startTestServer({
    env: {
      RATE_LIMIT_SCALE: "1000",
      LOG_LEVEL: "trace",
      // Nothing may leave the machine: Telegram is a closed local port, so a test message fails fast.
      TELEGRAM_API_BASE_URL: "http://127.0.0.1:1",
    },
  });
  api = apiClient(server.url);
});
afterAll(async () => {
  await server?.stop();
});

const alphanumeric = (length: number) => {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join("");
};

const urlToken = alphanumeric(32);
const telegramPart = alphanumeric(35);
const coingeckoPart = alphanumeric(24);
const SECRETS = {
  "exchange.api_key": alphanumeric(32),
  "exchange.api_secret": alphanumeric(48),
  "exchange.passphrase": alphanumeric(20),
  "market_data.coingecko_api_key": `CG-${coingeckoPart}`,
  "notifications.telegram_bot_token": `123456789:${telegramPart}`,
  "notifications.webhook_url": `https://hooks.example.test/${urlToken}`,
};
let webhookSecret = "";

// ---------------------------------------------------------------------------------------------
// Encodings

type Needle = { label: string; bytes: Buffer };

/** base64 text of `bytes` at each of the three byte alignments, minus the characters that depend on neighbouring bytes. */
function base64Cores(bytes: Buffer, encoding: "base64" | "base64url"): string[] {
  const cores: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const text = Buffer.concat([Buffer.alloc(shift), bytes]).toString(encoding).replace(/=+$/, "");
    const skipStart = Math.ceil((shift * 8) / 6);
    const skipEnd = (shift + bytes.length) % 3 === 0 ? 0 : 1;
    cores.push(text.slice(skipStart, text.length - skipEnd));
  }
  return cores;
}

function byteNeedles(label: string, bytes: Buffer): Needle[] {
  const out: Needle[] = [
    { label: `${label} (raw)`, bytes },
    { label: `${label} (hex)`, bytes: Buffer.from(bytes.toString("hex")) },
    { label: `${label} (HEX)`, bytes: Buffer.from(bytes.toString("hex").toUpperCase()) },
  ];
  for (const encoding of ["base64", "base64url"] as const) {
    base64Cores(bytes, encoding).forEach((core, shift) => out.push({ label: `${label} (${encoding}@${shift})`, bytes: Buffer.from(core) }));
  }
  return out;
}

function textNeedles(label: string, text: string): Needle[] {
  const le = Buffer.from(text, "utf16le");
  const be = Buffer.from(le).swap16();
  return [
    ...byteNeedles(label, Buffer.from(text, "utf8")),
    { label: `${label} (utf-16le)`, bytes: le },
    { label: `${label} (utf-16be)`, bytes: be },
  ];
}

/** Every secret, and its random part alone, in every form; the webhook secret also as its raw key bytes. */
function allNeedles(): Needle[] {
  const needles: Needle[] = [];
  for (const [field, value] of Object.entries(SECRETS)) needles.push(...textNeedles(field, value));
  needles.push(...textNeedles("coingecko random part", coingeckoPart));
  needles.push(...textNeedles("telegram token part", telegramPart));
  needles.push(...textNeedles("webhook URL token", urlToken));
  expect(webhookSecret).toMatch(/^whsec_/);
  needles.push(...textNeedles("notifications.webhook_secret", webhookSecret));
  needles.push(...textNeedles("webhook secret base64 part", webhookSecret.slice("whsec_".length)));
  needles.push(...byteNeedles("webhook secret key bytes", Buffer.from(webhookSecret.slice("whsec_".length), "base64")));
  for (const n of needles) expect(n.bytes.length, n.label).toBeGreaterThanOrEqual(16);
  return needles;
}

/** The labels of the needles found in `haystack`; [] when it is clean. */
function leaks(haystack: Buffer | string): string[] {
  const bytes = typeof haystack === "string" ? Buffer.from(haystack, "utf8") : haystack;
  return allNeedles()
    .filter((n) => bytes.includes(n.bytes))
    .map((n) => n.label);
}

// ---------------------------------------------------------------------------------------------
// The documented format, computed here

function derivedKey(base64Key: string): Buffer {
  return Buffer.from(hkdfSync("sha256", Buffer.from(base64Key, "base64"), Buffer.alloc(0), "autocbot/secrets/v1", 32));
}
const keyIdOf = (key: Buffer) => createHash("sha256").update(key).digest("base64url").slice(0, 8);

function decryptStored(stored: string, userId: string, field: string, key: Buffer): string {
  const [version, , iv, tag, data] = stored.split(".");
  expect(version).toBe("v1");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"), { authTagLength: 16 });
  decipher.setAAD(Buffer.from(`${userId}:${field}`, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}

// ---------------------------------------------------------------------------------------------

type User = { email: string; id: string; token: string };
const apiBodies: { label: string; text: string }[] = [];

async function newUser(label: string): Promise<User> {
  const { email, user, tokens } = await api.newUser(label);
  return { email, id: user.id, token: tokens.access_token };
}

function keep(label: string, res: ApiResponse<any>) {
  apiBodies.push({ label, text: res.text });
  return res;
}

function withDb<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(server.databasePath, { fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

const readIfExists = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file) : Buffer.alloc(0));

/**
 * A page as the browser gets it. Next answers an RSC request whose _rsc value does not match its
 * headers with a redirect to the matching URL, which the router follows with the same headers;
 * so does this (same origin only).
 */
async function page(path: string, cookie: string, headers: Record<string, string> = {}) {
  let target = path;
  for (let hop = 0; ; hop++) {
    const res = await fetch(`${server.url}${target}`, { headers: { cookie, ...headers }, redirect: "manual" });
    const location = res.headers.get("location");
    if (res.status >= 300 && res.status < 400 && location?.startsWith(path.split("?")[0]) && hop < 3) {
      await res.body?.cancel();
      target = location;
      continue;
    }
    return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text(), url: target };
  }
}

let alice: User;
let bob: User;
let aliceCookie: string;

describe("secrets at rest and in transit", () => {
  it("saves a known secret in every secret field and answers with masks only", async () => {
    [alice, bob] = await Promise.all([newUser("secrets-alice"), newUser("secrets-bob")]);
    const put = keep(
      "PUT",
      await api.request("PUT", "/api/v1/settings", {
        token: alice.token,
        body: {
          exchange: { api_key: SECRETS["exchange.api_key"], api_secret: SECRETS["exchange.api_secret"], passphrase: SECRETS["exchange.passphrase"] },
          market_data: { coingecko_api_key: SECRETS["market_data.coingecko_api_key"] },
          notifications: {
            telegram_bot_token: SECRETS["notifications.telegram_bot_token"],
            telegram_chat_id: "424242",
            webhook_url: SECRETS["notifications.webhook_url"],
          },
        },
      }),
    );
    expect(put.status, put.text).toBe(200);

    const created = await api.request("POST", "/api/v1/settings/webhook-secret", { token: alice.token });
    expect(created.status, created.text).toBe(201);
    webhookSecret = created.body.secret;
    // The one answer allowed to carry a secret is this one, and only its own.
    expect(created.text).toContain(webhookSecret);

    const get = keep("GET", await api.request("GET", "/api/v1/settings", { token: alice.token }));
    expect(get.status).toBe(200);
    expect(get.body.exchange.api_key).toEqual({ set: true, last4: SECRETS["exchange.api_key"].slice(-4), updated_at: expect.any(Number) });
    expect(get.body.exchange.passphrase).toEqual({ set: true, last4: SECRETS["exchange.passphrase"].slice(-4), updated_at: expect.any(Number) });
    expect(get.body.notifications.webhook_secret).toEqual({ set: true, last4: webhookSecret.slice(-4), updated_at: expect.any(Number) });

    // A second, unrelated save, and answers that run through the stored secrets.
    keep("PUT display", await api.request("PUT", "/api/v1/settings", { token: alice.token, body: { display: { theme: "light" } } }));
    const telegram = keep("test telegram", await api.request("POST", "/api/v1/settings/test-notification", { token: alice.token, body: { channel: "telegram" } }));
    expect(telegram.status, telegram.text).toBe(200);
    expect(telegram.body.ok).toBe(false);
    const webhook = keep("test webhook", await api.request("POST", "/api/v1/settings/test-notification", { token: alice.token, body: { channel: "webhook" } }));
    expect(webhook.status, webhook.text).toBe(200);
    expect(webhook.body.ok).toBe(false);
    keep("reset", await api.request("POST", "/api/v1/settings/reset", { token: alice.token, body: {} }));
    keep("GET after", await api.request("GET", "/api/v1/settings", { token: alice.token }));
    // A rejected save must not echo the value it rejected.
    const refused = keep(
      "PUT refused",
      await api.request("PUT", "/api/v1/settings", { token: alice.token, body: { exchange: { api_key: ` ${SECRETS["exchange.api_key"]}` } } }),
    );
    expect(refused.status).toBe(422);
  });

  it("stores every secret as v1.<key id>.<iv>.<tag>.<ct> under the configured key, bound to user and field", () => {
    const key = derivedKey(TEST_ENCRYPTION_KEY);
    const keyId = keyIdOf(key);
    const rows = withDb((db) =>
      db.prepare("SELECT field, ciphertext FROM user_secrets WHERE user_id = ? ORDER BY field").all(alice.id),
    ) as { field: string; ciphertext: string }[];
    expect(rows.map((r) => r.field)).toEqual([...Object.keys(SECRETS), "notifications.webhook_secret"].sort());
    const expected: Record<string, string> = { ...SECRETS, "notifications.webhook_secret": webhookSecret };
    for (const row of rows) {
      expect(row.ciphertext).toMatch(/^v1\.[A-Za-z0-9_-]{8}\./);
      expect(row.ciphertext.startsWith(`v1.${keyId}.`), row.field).toBe(true);
      expect(row.ciphertext).toMatch(/^v1\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
      expect(decryptStored(row.ciphertext, alice.id, row.field, key)).toBe(expected[row.field]);
      // The associated data binds it: another user or another field does not decrypt.
      expect(() => decryptStored(row.ciphertext, bob.id, row.field, key)).toThrow();
      expect(() => decryptStored(row.ciphertext, alice.id, row.field === "exchange.api_key" ? "exchange.api_secret" : "exchange.api_key", key)).toThrow();
    }
    // A fresh IV per value: no two stored values share one.
    expect(new Set(rows.map((r) => r.ciphertext.split(".")[2])).size).toBe(rows.length);
  });

  it("the raw database file, its WAL and shared memory hold no secret in any form while the server runs", () => {
    const file = server.databasePath;
    expect(fs.readFileSync(file).length).toBeGreaterThan(0);
    // The saves are recent enough to be in the WAL: the search there is not vacuous.
    const wal = readIfExists(`${file}-wal`);
    expect(wal.length).toBeGreaterThan(0);
    const stored = withDb((db) => db.prepare("SELECT ciphertext FROM user_secrets WHERE user_id = ? AND field = 'exchange.api_key'").get(alice.id)) as {
      ciphertext: string;
    };
    expect(Buffer.concat([fs.readFileSync(file), wal]).includes(Buffer.from(stored.ciphertext))).toBe(true);
    expect(leaks(fs.readFileSync(file))).toEqual([]);
    expect(leaks(wal)).toEqual([]);
    expect(leaks(readIfExists(`${file}-shm`))).toEqual([]);
  });

  it("and none after a checkpoint moves the WAL into the database file", () => {
    const result = withDb((db) => db.pragma("wal_checkpoint(TRUNCATE)")) as { busy: number; log: number; checkpointed: number }[];
    expect(result[0].busy).toBe(0);
    const file = fs.readFileSync(server.databasePath);
    const stored = withDb((db) => db.prepare("SELECT ciphertext FROM user_secrets WHERE user_id = ? AND field = 'exchange.api_secret'").get(alice.id)) as {
      ciphertext: string;
    };
    expect(file.includes(Buffer.from(stored.ciphertext))).toBe(true);
    expect(leaks(file)).toEqual([]);
    expect(leaks(readIfExists(`${server.databasePath}-wal`))).toEqual([]);
  });

  it("no API answer carries a secret, except the webhook secret's own 201", () => {
    expect(apiBodies.length).toBeGreaterThanOrEqual(8);
    for (const { label, text } of apiBodies) expect(leaks(text), label).toEqual([]);
  });

  it("the /settings page's HTML and RSC payload show masks, never a secret", async () => {
    aliceCookie = await api.browserLogin(alice.email);
    const last4 = SECRETS["exchange.api_key"].slice(-4);
    const html = await page("/settings", aliceCookie);
    expect(html.status).toBe(200);
    expect(html.type).toContain("text/html");
    // The page did render this user's stored settings.
    expect(html.text).toContain(last4);
    expect(leaks(html.text)).toEqual([]);

    for (const path of ["/settings", "/settings?_rsc=x"]) {
      const rsc = await page(path, aliceCookie, { RSC: "1" });
      expect(rsc.status, path).toBe(200);
      expect(rsc.type, path).toContain("text/x-component");
      expect(rsc.text, path).toContain(last4);
      expect(leaks(rsc.text), path).toEqual([]);
    }
  });

  it("the OpenAPI document holds no secret", async () => {
    const res = await api.request("GET", "/api/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(res.text).toContain("/api/v1/settings");
    expect(leaks(res.text)).toEqual([]);
  });
});

describe("ciphertexts that do not belong where they are stored", () => {
  const auditRows = (userId: string) =>
    withDb((db) => db.prepare("SELECT details FROM audit_events WHERE user_id = ? AND action = 'secret.unreadable'").all(userId)).map((r) =>
      JSON.parse((r as { details: string }).details),
    ) as { field: string; reason: string }[];

  it("a ciphertext moved to another user by SQL reads as unreadable, with a 200 page and one audit event", async () => {
    const moved = withDb((db) =>
      db.prepare("UPDATE user_secrets SET user_id = ? WHERE user_id = ? AND field = 'exchange.api_key'").run(bob.id, alice.id),
    );
    expect(moved.changes).toBe(1);

    const res = keep("GET bob", await api.request("GET", "/api/v1/settings", { token: bob.token }));
    expect(res.status, res.text).toBe(200);
    expect(res.body.exchange.api_key).toEqual({ set: true, unreadable: true, updated_at: expect.any(Number), message: expect.stringMatching(/enter it again/i) });
    expect(res.body.exchange.api_key).not.toHaveProperty("last4");
    expect(res.body.exchange.api_secret).toEqual({ set: false });
    // Alice no longer has it.
    expect((await api.request("GET", "/api/v1/settings", { token: alice.token })).body.exchange.api_key).toEqual({ set: false });

    const bobCookie = await api.browserLogin(bob.email);
    const html = await page("/settings", bobCookie);
    expect(html.status).toBe(200);
    expect(html.text).toMatch(/Unreadable: enter it again/);
    expect(html.text).toContain('data-testid="unreadable-exchange.api_key"');
    expect(leaks(html.text)).toEqual([]);
    const rsc = await page("/settings", bobCookie, { RSC: "1" });
    expect(rsc.status).toBe(200);
    expect(leaks(rsc.text)).toEqual([]);

    // Read three times (API twice, page once): recorded once, by field and reason only.
    keep("GET bob again", await api.request("GET", "/api/v1/settings", { token: bob.token }));
    expect(auditRows(bob.id)).toEqual([{ field: "exchange.api_key", reason: "tampered_or_moved" }]);

    // Entering it again repairs it.
    const fresh = alphanumeric(32);
    const saved = await api.request("PUT", "/api/v1/settings", { token: bob.token, body: { exchange: { api_key: fresh } } });
    expect(saved.status).toBe(200);
    expect(saved.body.exchange.api_key).toEqual({ set: true, last4: fresh.slice(-4), updated_at: expect.any(Number) });
  });

  it("a ciphertext copied to another field of the same user reads as unreadable", async () => {
    const copied = withDb((db) =>
      db
        .prepare(
          "INSERT OR REPLACE INTO user_secrets (user_id, field, ciphertext, updated_at) " +
            "SELECT user_id, 'market_data.coingecko_api_key', ciphertext, updated_at FROM user_secrets WHERE user_id = ? AND field = 'exchange.api_secret'",
        )
        .run(alice.id),
    );
    expect(copied.changes).toBe(1);
    const res = keep("GET alice copied", await api.request("GET", "/api/v1/settings", { token: alice.token }));
    expect(res.status).toBe(200);
    expect(res.body.market_data.coingecko_api_key).toMatchObject({ set: true, unreadable: true });
    // The original still reads.
    expect(res.body.exchange.api_secret).toEqual({ set: true, last4: SECRETS["exchange.api_secret"].slice(-4), updated_at: expect.any(Number) });
    expect(auditRows(alice.id)).toContainEqual({ field: "market_data.coingecko_api_key", reason: "tampered_or_moved" });
  });

  it("a tampered ciphertext and one under an unknown key id read as unreadable", async () => {
    withDb((db) => {
      const row = db.prepare("SELECT ciphertext FROM user_secrets WHERE user_id = ? AND field = 'exchange.passphrase'").get(alice.id) as { ciphertext: string };
      const parts = row.ciphertext.split(".");
      const data = Buffer.from(parts[4], "base64url");
      data[0] ^= 1;
      parts[4] = data.toString("base64url");
      db.prepare("UPDATE user_secrets SET ciphertext = ? WHERE user_id = ? AND field = 'exchange.passphrase'").run(parts.join("."), alice.id);
      const url = db.prepare("SELECT ciphertext FROM user_secrets WHERE user_id = ? AND field = 'notifications.webhook_url'").get(alice.id) as { ciphertext: string };
      const other = url.ciphertext.split(".");
      other[1] = other[1] === "AAAAAAAA" ? "BBBBBBBB" : "AAAAAAAA";
      db.prepare("UPDATE user_secrets SET ciphertext = ? WHERE user_id = ? AND field = 'notifications.webhook_url'").run(other.join("."), alice.id);
    });
    const res = keep("GET alice tampered", await api.request("GET", "/api/v1/settings", { token: alice.token }));
    expect(res.status).toBe(200);
    expect(res.body.exchange.passphrase).toMatchObject({ set: true, unreadable: true });
    expect(res.body.notifications.webhook_url).toMatchObject({ set: true, unreadable: true });
    expect(auditRows(alice.id)).toEqual(
      expect.arrayContaining([
        { field: "exchange.passphrase", reason: "tampered_or_moved" },
        { field: "notifications.webhook_url", reason: "unknown_key" },
      ]),
    );
    const html = await page("/settings", aliceCookie);
    expect(html.status).toBe(200);
    expect(html.text).toContain('data-testid="unreadable-exchange.passphrase"');
  });

  it("after all of it, neither the answers nor the server's output carry a secret", () => {
    for (const { label, text } of apiBodies) expect(leaks(text), label).toEqual([]);
    const logs = server.logs.join("\n");
    // The server did log what happened, so this search is not over an empty output.
    expect(logs).toMatch(/stored secret is unreadable/);
    expect(leaks(logs)).toEqual([]);
  });
});
