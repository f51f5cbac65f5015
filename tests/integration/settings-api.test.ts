/**
 * /api/v1/settings over HTTP against the shared test server: defaults, partial updates, null and
 * "" semantics, validation with dotted wire paths for every field, isolation between users, reset,
 * the webhook signing secret and its mask, authentication and CSRF. Secret values never come back:
 * each answer is checked to carry masks only.
 */
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { apiClient, type ApiResponse } from "../support/api-client";

const baseUrl = inject("baseUrl");
const api = apiClient(baseUrl);
let db: Database.Database;

beforeAll(() => {
  db = new Database(inject("databasePath"), { fileMustExist: true, readonly: true });
  db.pragma("busy_timeout = 5000");
});
afterAll(() => db?.close());

const DEFAULT_TRADING = {
  stake_currency: "USDT",
  default_pairs: ["BTC/USDT", "ETH/USDT"],
  paper_starting_balance: 10_000,
  max_open_positions: 3,
  max_position_size_pct: 10,
  risk_per_trade_pct: 1,
  stop_loss_pct: 2,
  take_profit_pct: 4,
  trailing_stop_pct: null,
  daily_loss_limit_pct: 5,
  fee_rate: 0.001,
  slippage_bps: 5,
};
const DEFAULT_DISPLAY = { time_zone: "UTC", theme: "dark" };
const ALL_EVENTS = ["fills", "stops", "bot_errors", "daily_summary"];
const UNSET = { set: false };

/** Letters and digits only, so a value is never mistaken for JSON syntax when searched in a body. */
const randomSecret = (length: number) => {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join("");
};
const telegramToken = () => `123456789:${randomSecret(35)}`;

type User = { email: string; id: string; token: string };

async function newUser(label: string): Promise<User> {
  const { email, user, tokens } = await api.newUser(label);
  return { email, id: user.id, token: tokens.access_token };
}

const getSettings = (u: User) => api.request("GET", "/api/v1/settings", { token: u.token });
const putSettings = (u: User, body: unknown) => api.request("PUT", "/api/v1/settings", { token: u.token, body });

async function settingsOf(u: User) {
  const res = await getSettings(u);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

async function save(u: User, body: unknown) {
  const res = await putSettings(u, body);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

function expectValidation(res: ApiResponse<any>, paths: string[]) {
  expect(res.status, res.text).toBe(422);
  expect(res.body.error).toMatchObject({ code: "validation_failed", message: expect.any(String), request_id: expect.any(String) });
  expect(Object.keys(res.body.error.fields).sort()).toEqual([...paths].sort());
  for (const messages of Object.values(res.body.error.fields) as string[][]) {
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) expect(typeof m === "string" && m.length > 0).toBe(true);
  }
}

function expectError(res: ApiResponse, status: number, code: string) {
  expect(res.status, res.text).toBe(status);
  expect(res.body).toMatchObject({ error: { code, message: expect.any(String), request_id: expect.any(String) } });
}

const setMask = (last4?: string) =>
  last4 === undefined ? { set: true, updated_at: expect.any(Number) } : { set: true, last4, updated_at: expect.any(Number) };

describe("GET /api/v1/settings", () => {
  it("gives a new user the documented defaults with every secret unset", async () => {
    const u = await newUser("settings-defaults");
    const res = await getSettings(u);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    const body = res.body;
    expect(body.exchange).toMatchObject({ id: "binance", api_key: UNSET, api_secret: UNSET, passphrase: UNSET, mode: "paper" });
    expect(body.market_data).toEqual({ coingecko_api_key: UNSET });
    expect(body.notifications).toMatchObject({
      telegram_bot_token: UNSET,
      telegram_chat_id: null,
      webhook_url: UNSET,
      events: ALL_EVENTS,
    });
    expect(body.trading).toEqual(DEFAULT_TRADING);
    expect(body.display).toEqual(DEFAULT_DISPLAY);
    // The documented groups, and every documented field in each.
    for (const group of ["exchange", "market_data", "notifications", "trading", "display"]) expect(body).toHaveProperty(group);
    for (const key of ["id", "api_key", "api_secret", "passphrase", "mode"]) expect(body.exchange).toHaveProperty(key);
    for (const key of ["telegram_bot_token", "telegram_chat_id", "webhook_url", "events"]) expect(body.notifications).toHaveProperty(key);
  });

  it("answers 401 without credentials or with a bad token, on every settings endpoint", async () => {
    expectError(await api.request("GET", "/api/v1/settings"), 401, "unauthenticated");
    expectError(await api.request("GET", "/api/v1/settings", { token: "not-a-token" }), 401, "unauthenticated");
    expectError(await api.request("PUT", "/api/v1/settings", { body: { display: { theme: "light" } } }), 401, "unauthenticated");
    expectError(await api.request("POST", "/api/v1/settings/reset", { body: {} }), 401, "unauthenticated");
    expectError(await api.request("POST", "/api/v1/settings/webhook-secret"), 401, "unauthenticated");
    expectError(await api.request("POST", "/api/v1/settings/test-exchange", { body: {} }), 401, "unauthenticated");
    expectError(await api.request("POST", "/api/v1/settings/test-notification", { body: { channel: "telegram" } }), 401, "unauthenticated");
  });
});

describe("PUT /api/v1/settings", () => {
  it("changes only the fields sent and keeps every omitted field, secrets included", async () => {
    const u = await newUser("settings-partial");
    const apiKey = randomSecret(32);
    const first = await save(u, {
      exchange: { api_key: apiKey },
      trading: { risk_per_trade_pct: 2.5 },
    });
    expect(first.trading).toEqual({ ...DEFAULT_TRADING, risk_per_trade_pct: 2.5 });
    expect(first.exchange.api_key).toEqual(setMask(apiKey.slice(-4)));
    const keySavedAt = first.exchange.api_key.updated_at;
    expect(Math.abs(keySavedAt - Date.now())).toBeLessThan(5 * 60_000);

    const second = await save(u, { display: { theme: "light" }, trading: { stop_loss_pct: 3 } });
    expect(second.trading).toEqual({ ...DEFAULT_TRADING, risk_per_trade_pct: 2.5, stop_loss_pct: 3 });
    expect(second.display).toEqual({ time_zone: "UTC", theme: "light" });
    // The secret was not part of this save: same mask, same timestamp.
    expect(second.exchange.api_key).toEqual({ set: true, last4: apiKey.slice(-4), updated_at: keySavedAt });

    const third = await save(u, { display: { time_zone: "Europe/Berlin" }, notifications: { events: ["fills"] } });
    expect(third.display).toEqual({ time_zone: "Europe/Berlin", theme: "light" });
    expect(third.notifications.events).toEqual(["fills"]);

    // An empty object per group, and an empty body, change nothing.
    await save(u, { trading: {}, display: {} });
    await save(u, {});
    const after = await settingsOf(u);
    expect(after.trading).toEqual(third.trading);
    expect(after.display).toEqual(third.display);
    expect(after.exchange.api_key).toEqual({ set: true, last4: apiKey.slice(-4), updated_at: keySavedAt });
    expect(after.notifications.events).toEqual(["fills"]);
    expect(JSON.stringify(after)).not.toContain(apiKey);
  });

  it("concurrent saves of different fields are all kept (no lost update)", async () => {
    const u = await newUser("settings-concurrent");
    const changes: Record<string, unknown>[] = [
      { trading: { max_open_positions: 9 } },
      { trading: { risk_per_trade_pct: 0.7 } },
      { trading: { stop_loss_pct: 7 } },
      { trading: { take_profit_pct: 12 } },
      { trading: { trailing_stop_pct: 1.1 } },
      { trading: { fee_rate: 0.002 } },
      { trading: { slippage_bps: 12 } },
      { display: { theme: "light" } },
      { display: { time_zone: "Europe/Paris" } },
      { notifications: { telegram_chat_id: "777777" } },
      { exchange: { api_key: randomSecret(32) } },
      { market_data: { coingecko_api_key: randomSecret(24) } },
    ];
    const results = await Promise.all(changes.map((body) => putSettings(u, body)));
    for (const res of results) expect(res.status, res.text).toBe(200);
    const after = await settingsOf(u);
    expect(after.trading).toEqual({
      ...DEFAULT_TRADING,
      max_open_positions: 9,
      risk_per_trade_pct: 0.7,
      stop_loss_pct: 7,
      take_profit_pct: 12,
      trailing_stop_pct: 1.1,
      fee_rate: 0.002,
      slippage_bps: 12,
    });
    expect(after.display).toEqual({ time_zone: "Europe/Paris", theme: "light" });
    expect(after.notifications.telegram_chat_id).toBe("777777");
    expect(after.exchange.api_key.set).toBe(true);
    expect(after.market_data.coingecko_api_key.set).toBe(true);
  });

  it("normalises currency codes and pairs, and accepts a new stake currency with pairs quoted in it", async () => {
    const u = await newUser("settings-normalise");
    const body = await save(u, { trading: { stake_currency: "eur", default_pairs: ["btc/eur", "ETH-EUR"] } });
    expect(body.trading).toMatchObject({ stake_currency: "EUR", default_pairs: ["BTC/EUR", "ETH/EUR"] });
    expect((await settingsOf(u)).trading).toMatchObject({ stake_currency: "EUR", default_pairs: ["BTC/EUR", "ETH/EUR"] });
  });

  it("accepts both ends of every range", async () => {
    const u = await newUser("settings-bounds");
    const low = {
      default_pairs: ["BTC/USDT"],
      paper_starting_balance: 10,
      max_open_positions: 1,
      max_position_size_pct: 1,
      risk_per_trade_pct: 0.1,
      stop_loss_pct: 0.1,
      take_profit_pct: 0.1,
      trailing_stop_pct: 0.1,
      daily_loss_limit_pct: 0.5,
      fee_rate: 0,
      slippage_bps: 0,
    };
    expect((await save(u, { trading: low })).trading).toEqual({ ...DEFAULT_TRADING, ...low });
    const twenty = Array.from({ length: 20 }, (_, i) => `C${String.fromCharCode(65 + i)}X/USDT`);
    const high = {
      default_pairs: twenty,
      paper_starting_balance: 10_000_000,
      max_open_positions: 100,
      max_position_size_pct: 100,
      risk_per_trade_pct: 5,
      stop_loss_pct: 50,
      take_profit_pct: 1000,
      trailing_stop_pct: 50,
      daily_loss_limit_pct: 100,
      fee_rate: 0.01,
      slippage_bps: 500,
    };
    expect((await save(u, { trading: high })).trading).toEqual({ ...DEFAULT_TRADING, ...high });
    expect((await settingsOf(u)).trading).toEqual({ ...DEFAULT_TRADING, ...high });
  });

  it("null resets trailing_stop_pct, daily_loss_limit_pct and the chat id, and removes a secret", async () => {
    const u = await newUser("settings-null");
    const apiKey = randomSecret(32);
    const apiSecret = randomSecret(48);
    await save(u, {
      exchange: { api_key: apiKey, api_secret: apiSecret },
      trading: { trailing_stop_pct: 1.5, daily_loss_limit_pct: 7 },
      notifications: { telegram_chat_id: "-1001234567890" },
    });
    const before = await settingsOf(u);
    expect(before.trading).toMatchObject({ trailing_stop_pct: 1.5, daily_loss_limit_pct: 7 });
    expect(before.notifications.telegram_chat_id).toBe("-1001234567890");

    const after = await save(u, {
      exchange: { api_key: null },
      trading: { trailing_stop_pct: null, daily_loss_limit_pct: null },
      notifications: { telegram_chat_id: null },
    });
    expect(after.trading).toEqual({ ...DEFAULT_TRADING, trailing_stop_pct: null, daily_loss_limit_pct: null });
    expect(after.notifications.telegram_chat_id).toBeNull();
    expect(after.exchange.api_key).toEqual(UNSET);
    // Only the field set to null is removed.
    expect(after.exchange.api_secret).toEqual(before.exchange.api_secret);
    expect(await settingsOf(u)).toEqual(after);
    const rows = db.prepare("SELECT field FROM user_secrets WHERE user_id = ? ORDER BY field").all(u.id) as { field: string }[];
    expect(rows.map((r) => r.field)).toEqual(["exchange.api_secret"]);

    // Removing a secret that is not set is fine too.
    expect((await save(u, { exchange: { passphrase: null } })).exchange.passphrase).toEqual(UNSET);
  });

  it('refuses "" for a secret with 422 exchange.api_key and keeps the stored value', async () => {
    const u = await newUser("settings-empty-secret");
    const apiKey = randomSecret(40);
    const saved = await save(u, { exchange: { api_key: apiKey } });
    const res = await putSettings(u, { exchange: { api_key: "" } });
    expectValidation(res, ["exchange.api_key"]);
    expect((await settingsOf(u)).exchange.api_key).toEqual(saved.exchange.api_key);
  });

  it("refuses unknown groups and fields with their dotted paths", async () => {
    const u = await newUser("settings-unknown");
    expectValidation(await putSettings(u, { foo: {} }), ["foo"]);
    expectValidation(await putSettings(u, { trading: { leverage: 5 } }), ["trading.leverage"]);
    expectValidation(await putSettings(u, { exchange: { secret: "x" } }), ["exchange.secret"]);
    expectValidation(await putSettings(u, { notifications: { email: "a@b.test" } }), ["notifications.email"]);
    expectValidation(await putSettings(u, { display: { language: "de" } }), ["display.language"]);
    expectValidation(await putSettings(u, { market_data: { binance_key: "x" } }), ["market_data.binance_key"]);
    expectValidation(await putSettings(u, { exchange: { live_trading_enabled: true } }), ["exchange.live_trading_enabled"]);
    expectValidation(await putSettings(u, { updated_at: 1 }), ["updated_at"]);
    expectValidation(await putSettings(u, { trading: { leverage: 5, margin: true }, display: { theme: "light" } }), [
      "trading.leverage",
      "trading.margin",
    ]);
    // Keys a JavaScript object treats specially are still just unknown keys, and nothing is polluted.
    const proto = await api.request("PUT", "/api/v1/settings", { token: u.token, rawBody: '{"__proto__":{"trading":{"fee_rate":0.5}}}' });
    expectValidation(proto, ["__proto__"]);
    const ctor = await api.request("PUT", "/api/v1/settings", { token: u.token, rawBody: '{"trading":{"constructor":{"x":1},"__proto__":{"fee_rate":0.5}}}' });
    expectValidation(ctor, ["trading.__proto__", "trading.constructor"]);
    // A group of the wrong type is reported on the group.
    expectValidation(await putSettings(u, { trading: "fast" }), ["trading"]);
    expectValidation(await putSettings(u, { display: null }), ["display"]);
    expectValidation(await putSettings(u, { notifications: [] }), ["notifications"]);
    const after = await settingsOf(u);
    expect(after.trading).toEqual(DEFAULT_TRADING);
    expect(after.display).toEqual(DEFAULT_DISPLAY);
    expect(after.updated_at).toBeNull();
  });

  describe("every invalid field answers 422 with exactly its dotted path, and changes nothing", () => {
    let u: User;
    let snapshot: unknown;
    beforeAll(async () => {
      u = await newUser("settings-invalid");
      await save(u, { exchange: { api_key: randomSecret(32) } });
      snapshot = await settingsOf(u);
    });

    const twentyOne = Array.from({ length: 21 }, (_, i) => `C${String.fromCharCode(65 + i)}X/USDT`);
    // [group, field, value, path when it is not "group.field"]
    const cases: [string, string, unknown, string?][] = [
      ["trading", "stake_currency", ""],
      ["trading", "stake_currency", "US DOLLAR"],
      ["trading", "stake_currency", "ABCDEFGHIJK"],
      ["trading", "stake_currency", 42],
      ["trading", "stake_currency", null],
      // A valid code the default pairs are not quoted in.
      ["trading", "stake_currency", "EUR"],
      ["trading", "default_pairs", []],
      ["trading", "default_pairs", twentyOne],
      ["trading", "default_pairs", ["BTC/USDT", "BTC/USDT"]],
      ["trading", "default_pairs", ["BTC/USDT", "btc-usdt"]],
      ["trading", "default_pairs", ["BTCUSDT"], "trading.default_pairs.0"],
      ["trading", "default_pairs", ["BTC/USDT", "BTC/"], "trading.default_pairs.1"],
      ["trading", "default_pairs", ["BTC/USDT", "BTC/EUR"], "trading.default_pairs.1"],
      ["trading", "default_pairs", [42], "trading.default_pairs.0"],
      ["trading", "default_pairs", "BTC/USDT"],
      ["trading", "default_pairs", null],
      ["trading", "paper_starting_balance", 9.99],
      ["trading", "paper_starting_balance", 10_000_000.01],
      ["trading", "paper_starting_balance", "10000"],
      ["trading", "paper_starting_balance", null],
      ["trading", "max_open_positions", 0],
      ["trading", "max_open_positions", 101],
      ["trading", "max_open_positions", 2.5],
      ["trading", "max_open_positions", "3"],
      ["trading", "max_position_size_pct", 0.99],
      ["trading", "max_position_size_pct", 100.01],
      ["trading", "max_position_size_pct", "10"],
      ["trading", "risk_per_trade_pct", 0.09],
      ["trading", "risk_per_trade_pct", 5.01],
      ["trading", "risk_per_trade_pct", true],
      ["trading", "stop_loss_pct", 0.09],
      ["trading", "stop_loss_pct", 50.01],
      ["trading", "stop_loss_pct", "2"],
      ["trading", "take_profit_pct", 0.09],
      ["trading", "take_profit_pct", 1000.01],
      ["trading", "take_profit_pct", []],
      ["trading", "trailing_stop_pct", 0.09],
      ["trading", "trailing_stop_pct", 50.01],
      ["trading", "trailing_stop_pct", "1"],
      ["trading", "daily_loss_limit_pct", 0.49],
      ["trading", "daily_loss_limit_pct", 100.01],
      ["trading", "daily_loss_limit_pct", "5"],
      ["trading", "fee_rate", -0.0001],
      ["trading", "fee_rate", 0.0101],
      ["trading", "fee_rate", "0.001"],
      ["trading", "fee_rate", null],
      ["trading", "slippage_bps", -1],
      ["trading", "slippage_bps", 500.5],
      ["trading", "slippage_bps", "5"],
      ["trading", "slippage_bps", null],
      ["display", "time_zone", "Mars/Olympus_Mons"],
      ["display", "time_zone", ""],
      ["display", "time_zone", 0],
      ["display", "time_zone", null],
      ["display", "theme", "blue"],
      ["display", "theme", ""],
      ["display", "theme", 1],
      ["display", "theme", null],
      ["notifications", "telegram_bot_token", ""],
      ["notifications", "telegram_bot_token", "not-a-token"],
      ["notifications", "telegram_bot_token", "123456789:short"],
      ["notifications", "telegram_bot_token", ` ${telegramToken()}`],
      ["notifications", "telegram_bot_token", 123456789],
      ["notifications", "telegram_chat_id", ""],
      ["notifications", "telegram_chat_id", "abc"],
      ["notifications", "telegram_chat_id", "@abc"],
      ["notifications", "telegram_chat_id", 12345],
      ["notifications", "webhook_url", ""],
      ["notifications", "webhook_url", "not a url"],
      ["notifications", "webhook_url", "http://hooks.example.test/plain-http"],
      ["notifications", "webhook_url", `https://hooks.example.test/${"a".repeat(2048)}`],
      ["notifications", "webhook_url", 5],
      ["notifications", "webhook_secret", `whsec_${randomBytes(32).toString("base64")}`],
      ["notifications", "webhook_secret", ""],
      ["notifications", "events", "fills"],
      ["notifications", "events", ["fills", "fills"]],
      ["notifications", "events", ["fills", "trades"], "notifications.events.1"],
      ["notifications", "events", [1], "notifications.events.0"],
      ["notifications", "events", null],
      ["exchange", "id", "kraken"],
      ["exchange", "id", ""],
      ["exchange", "id", 5],
      ["exchange", "id", null],
      ["exchange", "api_key", ""],
      ["exchange", "api_key", ` ${randomSecret(31)}`],
      ["exchange", "api_key", randomSecret(257)],
      ["exchange", "api_key", 5],
      ["exchange", "api_secret", ""],
      ["exchange", "api_secret", `${randomSecret(47)}\n`],
      ["exchange", "api_secret", { value: "x" }],
      ["exchange", "passphrase", ""],
      ["exchange", "passphrase", 1234],
      // ENABLE_LIVE_TRADING is off on the test server.
      ["exchange", "mode", "live"],
      ["exchange", "mode", "demo"],
      ["exchange", "mode", null],
      ["market_data", "coingecko_api_key", ""],
      ["market_data", "coingecko_api_key", `${randomSecret(20)} `],
      ["market_data", "coingecko_api_key", 5],
    ];

    it.each(cases)("%s.%s = %j", async (group, field, value, path) => {
      const res = await putSettings(u, { [group]: { [field]: value } });
      expectValidation(res, [path ?? `${group}.${field}`]);
      // A refusal must not echo a submitted secret back.
      if (typeof value === "string" && value.length >= 8) expect(res.text).not.toContain(value.trim());
    });

    it("a number too large for a double is refused on its path", async () => {
      const res = await api.request("PUT", "/api/v1/settings", { token: u.token, rawBody: '{"trading":{"fee_rate":1e999}}' });
      expectValidation(res, ["trading.fee_rate"]);
    });

    it("reports several invalid fields of several groups together", async () => {
      const res = await putSettings(u, {
        trading: { max_open_positions: 0, fee_rate: 1, default_pairs: ["BTCUSDT"] },
        display: { theme: "neon" },
        exchange: { api_key: "" },
      });
      expectValidation(res, ["trading.max_open_positions", "trading.fee_rate", "trading.default_pairs.0", "display.theme", "exchange.api_key"]);
    });

    it("does not apply the valid half of an update whose other half is invalid", async () => {
      expectValidation(await putSettings(u, { display: { theme: "light" }, exchange: { mode: "live" } }), ["exchange.mode"]);
      expectValidation(await putSettings(u, { exchange: { api_key: randomSecret(32), id: "kraken" } }), ["exchange.id"]);
    });

    it("unsupported exchange ids and live mode explain themselves", async () => {
      const id = await putSettings(u, { exchange: { id: "kraken" } });
      expectValidation(id, ["exchange.id"]);
      expect(id.body.error.fields["exchange.id"].join(" ")).toContain("binance");
      const live = await putSettings(u, { exchange: { mode: "live" } });
      expectValidation(live, ["exchange.mode"]);
      expect(live.body.error.fields["exchange.mode"].join(" ")).toMatch(/ENABLE_LIVE_TRADING/);
      const pairs = await putSettings(u, { trading: { default_pairs: ["BTC/USDT", "BTC/EUR"] } });
      expect(pairs.body.error.fields["trading.default_pairs.1"].join(" ")).toMatch(/stake currency USDT/);
    });

    it("not one of the refused updates left a trace, not even updated_at", async () => {
      expect(await settingsOf(u)).toEqual(snapshot);
    });
  });
});

describe("isolation between users", () => {
  it("a save by one user never changes what another sees", async () => {
    const [a, b] = await Promise.all([newUser("settings-iso-a"), newUser("settings-iso-b")]);
    const bBefore = await settingsOf(b);
    const secretA = randomSecret(32);
    await save(a, {
      exchange: { api_key: secretA, api_secret: randomSecret(48), passphrase: randomSecret(20) },
      market_data: { coingecko_api_key: randomSecret(24) },
      notifications: { telegram_bot_token: telegramToken(), telegram_chat_id: "424242", webhook_url: `https://hooks.example.test/${randomSecret(24)}`, events: ["stops"] },
      trading: { stake_currency: "EUR", default_pairs: ["BTC/EUR"], risk_per_trade_pct: 4 },
      display: { time_zone: "Asia/Tokyo", theme: "system" },
    });
    expect((await api.request("POST", "/api/v1/settings/webhook-secret", { token: a.token })).status).toBe(201);
    expect(await settingsOf(b)).toEqual(bBefore);

    const bSecret = randomSecret(36);
    await save(b, { exchange: { api_key: bSecret }, trading: { risk_per_trade_pct: 0.5 } });
    const aAfter = await settingsOf(a);
    expect(aAfter.exchange.api_key.last4).toBe(secretA.slice(-4));
    expect(aAfter.trading.risk_per_trade_pct).toBe(4);
    expect(aAfter.display).toEqual({ time_zone: "Asia/Tokyo", theme: "system" });
    const bAfter = await settingsOf(b);
    expect(bAfter.exchange.api_key.last4).toBe(bSecret.slice(-4));
    expect(bAfter.trading).toEqual({ ...DEFAULT_TRADING, risk_per_trade_pct: 0.5 });
    expect(bAfter.notifications).toMatchObject({ telegram_bot_token: UNSET, webhook_url: UNSET, webhook_secret: UNSET, events: ALL_EVENTS });

    // A reset with secrets by B leaves A's secrets alone.
    expect((await api.request("POST", "/api/v1/settings/reset", { token: b.token, body: { include_secrets: true } })).status).toBe(200);
    expect(await settingsOf(a)).toEqual(aAfter);

    // A brand-new user still gets the defaults.
    const c = await newUser("settings-iso-c");
    const fresh = await settingsOf(c);
    expect(fresh.trading).toEqual(DEFAULT_TRADING);
    expect(fresh.display).toEqual(DEFAULT_DISPLAY);
    expect(fresh.exchange).toMatchObject({ id: "binance", mode: "paper", api_key: UNSET });
  });
});

describe("POST /api/v1/settings/reset", () => {
  const everything = () => ({
    exchange: { api_key: randomSecret(32), api_secret: randomSecret(48), passphrase: randomSecret(20) },
    market_data: { coingecko_api_key: randomSecret(24) },
    notifications: { telegram_bot_token: telegramToken(), telegram_chat_id: "424242", webhook_url: `https://hooks.example.test/${randomSecret(24)}`, events: ["fills", "stops"] },
    trading: { max_open_positions: 7, trailing_stop_pct: 2, daily_loss_limit_pct: null, slippage_bps: 50 },
    display: { time_zone: "America/New_York", theme: "light" },
  });

  it("puts preferences back to defaults and keeps every secret", async () => {
    const u = await newUser("settings-reset");
    await save(u, everything());
    await api.request("POST", "/api/v1/settings/webhook-secret", { token: u.token });
    const before = await settingsOf(u);
    const res = await api.request("POST", "/api/v1/settings/reset", { token: u.token, body: {} });
    expect(res.status, res.text).toBe(200);
    expect(res.body.trading).toEqual(DEFAULT_TRADING);
    expect(res.body.display).toEqual(DEFAULT_DISPLAY);
    expect(res.body.notifications.events).toEqual(ALL_EVENTS);
    expect(res.body.exchange.mode).toBe("paper");
    for (const [group, field] of [
      ["exchange", "api_key"],
      ["exchange", "api_secret"],
      ["exchange", "passphrase"],
      ["market_data", "coingecko_api_key"],
      ["notifications", "telegram_bot_token"],
      ["notifications", "webhook_url"],
      ["notifications", "webhook_secret"],
    ]) {
      expect(res.body[group][field], `${group}.${field}`).toEqual(before[group][field]);
      expect(res.body[group][field].set).toBe(true);
    }
    expect(await settingsOf(u)).toEqual(res.body);
    expect(res.text).not.toContain("whsec_");
  });

  it('removes the secrets too with {"include_secrets": true}', async () => {
    const u = await newUser("settings-reset-all");
    await save(u, everything());
    await api.request("POST", "/api/v1/settings/webhook-secret", { token: u.token });
    const res = await api.request("POST", "/api/v1/settings/reset", { token: u.token, body: { include_secrets: true } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.exchange).toMatchObject({ api_key: UNSET, api_secret: UNSET, passphrase: UNSET, mode: "paper" });
    expect(res.body.market_data).toEqual({ coingecko_api_key: UNSET });
    expect(res.body.notifications).toMatchObject({ telegram_bot_token: UNSET, webhook_url: UNSET, webhook_secret: UNSET, events: ALL_EVENTS });
    expect(res.body.trading).toEqual(DEFAULT_TRADING);
    expect(db.prepare("SELECT count(*) AS n FROM user_secrets WHERE user_id = ?").get(u.id)).toEqual({ n: 0 });
  });

  it("validates its body", async () => {
    const u = await newUser("settings-reset-bad");
    await save(u, { trading: { max_open_positions: 9 } });
    expectValidation(await api.request("POST", "/api/v1/settings/reset", { token: u.token, body: { include_secrets: "yes" } }), ["include_secrets"]);
    expectValidation(await api.request("POST", "/api/v1/settings/reset", { token: u.token, body: { include_secret: true } }), ["include_secret"]);
    expect((await settingsOf(u)).trading.max_open_positions).toBe(9);
  });
});

describe("POST /api/v1/settings/webhook-secret", () => {
  it("answers 201 with a whsec_ secret once; afterwards only its mask is shown", async () => {
    const u = await newUser("settings-whsec");
    const res = await api.request("POST", "/api/v1/settings/webhook-secret", { token: u.token });
    expect(res.status, res.text).toBe(201);
    expect(Object.keys(res.body)).toEqual(["secret"]);
    const secret: string = res.body.secret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    const key = Buffer.from(secret.slice("whsec_".length), "base64");
    expect(key.length).toBeGreaterThanOrEqual(24);
    expect(key.length).toBeLessThanOrEqual(64);

    const view = await settingsOf(u);
    expect(view.notifications.webhook_secret).toEqual(setMask(secret.slice(-4)));
    const text = JSON.stringify(view);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(secret.slice("whsec_".length, -4));

    const again = await api.request("POST", "/api/v1/settings/webhook-secret", { token: u.token });
    expect(again.status).toBe(201);
    expect(again.body.secret).not.toBe(secret);
    expect((await settingsOf(u)).notifications.webhook_secret.last4).toBe(again.body.secret.slice(-4));

    // It can be removed with null, but never set through PUT.
    expectValidation(await putSettings(u, { notifications: { webhook_secret: secret } }), ["notifications.webhook_secret"]);
    expect((await save(u, { notifications: { webhook_secret: null } })).notifications.webhook_secret).toEqual(UNSET);
  });
});

describe("secret masks", () => {
  it("carry last4 only for secrets of 16 or more characters, and never more than that", async () => {
    const u = await newUser("settings-mask");
    const short = randomSecret(15);
    const exact = randomSecret(16);
    const passphrase = randomSecret(8);
    const coingecko = `CG-${randomSecret(25)}`;
    const body = await save(u, {
      exchange: { api_key: exact, api_secret: short, passphrase },
      market_data: { coingecko_api_key: coingecko },
    });
    expect(body.exchange.api_key).toEqual(setMask(exact.slice(-4)));
    expect(body.exchange.api_secret).toEqual(setMask());
    expect(body.exchange.api_secret).not.toHaveProperty("last4");
    expect(body.exchange.passphrase).toEqual(setMask());
    expect(body.market_data.coingecko_api_key).toEqual(setMask(coingecko.slice(-4)));
    const view = await settingsOf(u);
    expect(view.exchange).toMatchObject({ api_key: body.exchange.api_key, api_secret: body.exchange.api_secret, passphrase: body.exchange.passphrase });
    for (const text of [JSON.stringify(body), JSON.stringify(view)]) {
      for (const s of [short, exact, passphrase, coingecko]) expect(text).not.toContain(s);
      expect(text).not.toContain(exact.slice(-5));
    }
  });
});

describe("cookie-authenticated writes", () => {
  it("need a same-origin request: cross-site PUTs answer 403 csrf_failed and change nothing", async () => {
    const u = await newUser("settings-csrf");
    const cookie = await api.browserLogin(u.email);
    const byCookie = await api.request("GET", "/api/v1/settings", { cookie });
    expect(byCookie.status, byCookie.text).toBe(200);
    expect(byCookie.body.trading).toEqual(DEFAULT_TRADING);

    const attack = { trading: { max_open_positions: 99 }, exchange: { api_key: null } };
    const refusals: Record<string, string>[] = [
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
      { "sec-fetch-site": "none" },
      { origin: "https://evil.example" },
      {},
    ];
    for (const headers of refusals) {
      const res = await api.request("PUT", "/api/v1/settings", { cookie, body: attack, headers });
      expectError(res, 403, "csrf_failed");
    }
    const form = await api.request("PUT", "/api/v1/settings", {
      cookie,
      rawBody: JSON.stringify(attack),
      headers: { "content-type": "text/plain", "sec-fetch-site": "same-origin" },
    });
    expectError(form, 403, "csrf_failed");
    for (const path of ["/api/v1/settings/reset", "/api/v1/settings/webhook-secret"]) {
      expectError(await api.request("POST", path, { cookie, body: {}, headers: { "sec-fetch-site": "cross-site" } }), 403, "csrf_failed");
    }
    expect((await settingsOf(u)).trading.max_open_positions).toBe(3);
    expect((await settingsOf(u)).notifications.webhook_secret).toEqual(UNSET);

    const sameOrigin = await api.request("PUT", "/api/v1/settings", { cookie, body: { trading: { max_open_positions: 4 } }, headers: { "sec-fetch-site": "same-origin" } });
    expect(sameOrigin.status, sameOrigin.text).toBe(200);
    const byOrigin = await api.request("PUT", "/api/v1/settings", { cookie, body: { trading: { max_open_positions: 5 } }, headers: { origin: baseUrl } });
    expect(byOrigin.status, byOrigin.text).toBe(200);
    expect((await settingsOf(u)).trading.max_open_positions).toBe(5);
  });
});

describe("audit", () => {
  it("records settings changes by field name only, never a value", async () => {
    const u = await newUser("settings-audit");
    const apiKey = randomSecret(32);
    await save(u, { exchange: { api_key: apiKey }, trading: { max_open_positions: 4 } });
    await save(u, { exchange: { api_key: null } });
    const rows = db
      .prepare("SELECT details FROM audit_events WHERE user_id = ? AND action = 'settings.update' ORDER BY created_at")
      .all(u.id) as { details: string }[];
    expect(rows).toHaveLength(2);
    expect(JSON.parse(rows[0].details)).toMatchObject({ secrets: ["exchange.api_key:set"] });
    expect(JSON.parse(rows[1].details)).toMatchObject({ secrets: ["exchange.api_key:removed"] });
    for (const row of rows) expect(row.details).not.toContain(apiKey);
  });
});
