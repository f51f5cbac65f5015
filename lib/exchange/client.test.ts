import { createHmac, randomBytes } from "node:crypto";
import ccxt from "ccxt";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFakeExchange, type FakeAccount, type FakeExchange } from "@/e2e/fixtures/fake-exchange";
import { createExchange, UnsupportedExchange } from "./client";
import { callExchange, ExchangeError, toExchangeError } from "./errors";

// Pinned before the first env() call, so a developer's shell cannot change what these tests expect.
process.env.SUPPORTED_EXCHANGES = "binance";
process.env.EXCHANGE_TIMEOUT_MS = "10000";

const token = () => randomBytes(32).toString("hex");
const alice: FakeAccount = {
  apiKey: token(),
  secret: token(),
  balances: [
    { asset: "USDT", free: "1234.50000000", locked: "10.00000000" },
    { asset: "BTC", free: "0.50000000", locked: "0.00000000" },
  ],
  enableWithdrawals: false,
  ipRestrict: true,
  enableReading: true,
  enableSpotAndMarginTrading: true,
};

let fake: FakeExchange;
beforeAll(async () => {
  fake = await startFakeExchange({ accounts: [alice] });
});
afterAll(() => fake.stop());
afterEach(() => {
  fake.setFailure("none");
  fake.requests.length = 0;
});

/** Signs like Binance's documentation does, independently of ccxt. */
type SignOptions = { apiKey?: string; secret?: string; timestamp?: number; recvWindow?: number };
async function signedGet(path: string, opts: SignOptions = {}) {
  const params = new URLSearchParams({ timestamp: String(opts.timestamp ?? Date.now()) });
  if (opts.recvWindow !== undefined) params.set("recvWindow", String(opts.recvWindow));
  const query = params.toString();
  const signature = createHmac("sha256", opts.secret ?? alice.secret).update(query).digest("hex");
  const headers: Record<string, string> = {};
  if (opts.apiKey !== "") headers["X-MBX-APIKEY"] = opts.apiKey ?? alice.apiKey;
  const res = await fetch(`${fake.url}${path}?${query}&signature=${signature}`, { headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function strings(tree: unknown): string[] {
  if (typeof tree === "string") return [tree];
  if (tree && typeof tree === "object") return Object.values(tree).flatMap(strings);
  return [];
}

describe("fake exchange signature checks", () => {
  it("accepts a request signed by hand with node:crypto", async () => {
    const { status, body } = await signedGet("/api/v3/account");
    expect(status).toBe(200);
    expect(body).toMatchObject({ canTrade: true, accountType: "SPOT", balances: alice.balances });
  });

  it("answers -1022 for a signature made with another secret", async () => {
    const { status, body } = await signedGet("/api/v3/account", { secret: token() });
    expect(status).toBe(400);
    expect(body).toEqual({ code: -1022, msg: "Signature for this request is not valid." });
  });

  it("answers -2015 for an unknown key and -2014 for a missing one", async () => {
    expect(await signedGet("/api/v3/account", { apiKey: token() })).toEqual({
      status: 401,
      body: { code: -2015, msg: "Invalid API-key, IP, or permissions for action." },
    });
    expect((await signedGet("/api/v3/account", { apiKey: "" })).body.code).toBe(-2014);
  });

  it("answers -1021 for a timestamp outside recvWindow or too far ahead", async () => {
    const stale = await signedGet("/api/v3/account", { timestamp: Date.now() - 6000 });
    expect(stale).toEqual({
      status: 400,
      body: { code: -1021, msg: "Timestamp for this request is outside of the recvWindow." },
    });
    expect((await signedGet("/api/v3/account", { timestamp: Date.now() - 6000, recvWindow: 10_000 })).status).toBe(200);
    expect((await signedGet("/api/v3/account", { timestamp: Date.now() + 5000 })).body.code).toBe(-1021);
    expect((await signedGet("/api/v3/account", { recvWindow: 60_001 })).body.code).toBe(-1131);
  });

  it("serves the key's API restrictions in Binance's shape", async () => {
    const { status, body } = await signedGet("/sapi/v1/account/apiRestrictions");
    expect(status).toBe(200);
    expect(body).toMatchObject({
      ipRestrict: true,
      enableWithdrawals: false,
      enableReading: true,
      enableSpotAndMarginTrading: true,
      enableInternalTransfer: false,
      permitsUniversalTransfer: false,
      enableVanillaOptions: false,
      enableFutures: false,
      enableMargin: false,
      tradingAuthorityExpirationTime: 0,
    });
    expect(typeof body.createTime).toBe("number");
  });
});

describe("createExchange", () => {
  it("points every urls.api entry at the base URL and keeps each path", () => {
    const exchange = createExchange("binance", undefined, { baseUrl: fake.url + "/" });
    const urls = strings(exchange.urls.api);
    expect(urls.length).toBeGreaterThan(20);
    for (const url of urls) {
      expect(url.startsWith(fake.url + "/")).toBe(true);
      expect(url).not.toContain("binance.com");
    }
    const api = exchange.urls.api as Record<string, string>;
    expect(api.public).toBe(`${fake.url}/api/v3`);
    expect(api.sapi).toBe(`${fake.url}/sapi/v1`);
    expect(api.fapiPublic).toBe(`${fake.url}/fapi/v1`);
  });

  it("leaves the real URLs alone without a base URL", () => {
    const exchange = createExchange("binance", undefined, { baseUrl: null });
    expect((exchange.urls.api as Record<string, string>).public).toBe("https://api.binance.com/api/v3");
  });

  it("keeps Binance's spot error tables for rewritten URLs", () => {
    const exchange = createExchange("binance", undefined, { baseUrl: fake.url });
    const lookup = (exchange as unknown as { getExceptionsByUrl(url: string, k: string): Record<string, unknown> })
      .getExceptionsByUrl;
    const spotExact = lookup.call(exchange, `${fake.url}/api/v3/order`, "exact");
    expect(spotExact).toHaveProperty("-1099");
  });

  it("configures spot only, the env timeout and Binance's recvWindow", () => {
    const exchange = createExchange("binance");
    expect(exchange.enableRateLimit).toBe(true);
    expect(exchange.timeout).toBe(10_000);
    expect(exchange.options).toMatchObject({
      defaultType: "spot",
      fetchMarkets: { types: ["spot"] },
      fetchMargins: false,
      fetchCurrencies: false,
      adjustForTimeDifference: false,
      recvWindow: 5000,
    });
    expect(createExchange("binance", undefined, { timeoutMs: 750 }).timeout).toBe(750);
  });

  it("refuses exchanges outside SUPPORTED_EXCHANGES", () => {
    expect(() => createExchange("kraken")).toThrow(UnsupportedExchange);
    expect(() => createExchange("not-an-exchange")).toThrow(UnsupportedExchange);
  });

  it("fetches the fake's balances through ccxt's own signing", async () => {
    const exchange = createExchange("binance", { apiKey: alice.apiKey, secret: alice.secret }, { baseUrl: fake.url });
    const balance = await exchange.fetchBalance();
    expect(balance.USDT).toMatchObject({ free: 1234.5, used: 10, total: 1244.5 });
    expect(balance.BTC).toMatchObject({ free: 0.5, used: 0, total: 0.5 });
    const account = fake.requests.find((r) => r.path === "/api/v3/account");
    expect(account?.query).toMatchObject({ recvWindow: "5000" });
    expect(account?.query.signature).toMatch(/^[0-9a-f]{64}$/);
  });

  it("loads markets from the spot endpoint only, even with credentials", async () => {
    const exchange = createExchange("binance", { apiKey: alice.apiKey, secret: alice.secret }, { baseUrl: fake.url });
    const markets = await exchange.loadMarkets();
    expect(fake.requests.map((r) => r.path)).toEqual(["/api/v3/exchangeInfo"]);
    expect(Object.keys(markets).sort()).toEqual(["BTC/USDT", "ETH/USDT"]);
    expect(markets["BTC/USDT"]).toMatchObject({
      spot: true,
      precision: { price: 0.01, amount: 0.00001 },
      limits: { amount: { min: 0.00001 }, cost: { min: 5 } },
    });
  });
});

describe("exchange error taxonomy", () => {
  const client = (secret = alice.secret, timeoutMs?: number) =>
    createExchange("binance", { apiKey: alice.apiKey, secret }, { baseUrl: fake.url, timeoutMs });
  const kindOf = async (fn: () => Promise<unknown>) => {
    try {
      await callExchange(fn, [alice.apiKey, alice.secret]);
    } catch (err) {
      expect(err).toBeInstanceOf(ExchangeError);
      return err as ExchangeError;
    }
    throw new Error("expected the call to fail");
  };

  it("maps a bad signature and an unknown key to auth, with the exchange's code", async () => {
    const badSig = await kindOf(() => client(token()).fetchBalance());
    expect(badSig).toMatchObject({ kind: "auth", exchangeCode: "-1022", source: "AuthenticationError" });
    const unknown = await kindOf(() =>
      createExchange("binance", { apiKey: token(), secret: token() }, { baseUrl: fake.url }).fetchBalance(),
    );
    expect(unknown).toMatchObject({ kind: "auth", exchangeCode: "-2015" });
  });

  it("maps a clock outside recvWindow to a temporary InvalidNonce", async () => {
    const exchange = client();
    exchange.options.timeDifference = 120_000;
    expect(await kindOf(() => exchange.fetchBalance())).toMatchObject({
      kind: "temporary",
      source: "InvalidNonce",
      exchangeCode: "-1021",
    });
  });

  it("maps 429, 5xx and timeouts", async () => {
    fake.setFailure("http429");
    const limited = await kindOf(() => client().fetchTime());
    expect(limited.kind).toBe("rate_limited");
    expect(limited.retryable).toBe(true);
    fake.setFailure("http500");
    const down = await kindOf(() => client().fetchTime());
    expect(down).toMatchObject({ kind: "unreachable", source: "ExchangeNotAvailable" });
    fake.setFailure("timeout");
    const silent = await kindOf(() => client(alice.secret, 500).fetchTime());
    expect(silent).toMatchObject({ kind: "unreachable", source: "RequestTimeout" });
  });

  it("maps a refused request to invalid_request and scrubs what the exchange echoed", async () => {
    fake.setFailure("echo", { path: "/api/v3/account" });
    const err = await kindOf(() => client().fetchBalance());
    expect(err.kind).toBe("invalid_request");
    expect(err.retryable).toBe(false);
    for (const text of [err.message, err.exchangeMessage ?? ""]) {
      expect(text).toContain("[redacted]");
      expect(text).not.toContain(alice.apiKey);
      expect(text).not.toContain(alice.secret);
      expect(text).not.toMatch(/signature=[0-9a-f]{64}/);
    }
  });

  it("rethrows errors that did not come from ccxt", () => {
    const bug = new TypeError("undefined is not a function");
    expect(() => toExchangeError(bug)).toThrow(bug);
    expect(toExchangeError(new ccxt.OnMaintenance("binance down")).kind).toBe("unreachable");
    expect(toExchangeError(new ccxt.PermissionDenied("binance no")).kind).toBe("permission");
    expect(toExchangeError(new ccxt.InsufficientFunds("binance poor")).kind).toBe("invalid_request");
  });
});
