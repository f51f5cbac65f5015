import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAKE_MARKET_SYMBOLS, startFakeExchange, type FakeExchange } from "../../e2e/fixtures/fake-exchange";
import { apiClient } from "../support/api-client";
import { startTestServer, type TestServer } from "../support/test-server";

/**
 * The exchange source end to end: ccxt in the server talking HTTP to the fake exchange (Binance's
 * wire format). MARKET_DATA_SOURCE=auto picks it at the first start and keeps it; when it stops
 * answering, the last good data is served stale under the exchange's name, never simulated data.
 */

const H = 3_600_000;
let exchange: FakeExchange;
let server: TestServer;
let api: ReturnType<typeof apiClient>;
let token: string;

beforeAll(async () => {
  exchange = await startFakeExchange({ symbols: FAKE_MARKET_SYMBOLS });
  server = await startTestServer({
    env: { MARKET_DATA_SOURCE: "auto", EXCHANGE_BASE_URL: exchange.url, EXCHANGE_TIMEOUT_MS: "5000", PRICE_POLL_MS: "500", MARKET_SYNC_TIMEFRAMES: "1m" },
  });
  api = apiClient(server.url);
  token = (await api.newUser("exchange")).tokens.access_token;
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await exchange?.stop();
});

const get = (path: string) => api.request("GET", path, { token });

describe("auto source with a reachable exchange", () => {
  it("chooses the exchange and serves its markets, tickers and closed candles", async () => {
    // Fresh once the first ticker refresh after start-up has answered.
    await expect.poll(async () => (await get("/api/v1/market/symbols")).body.stale, { timeout: 15_000 }).toBe(false);
    const symbols = await get("/api/v1/market/symbols");
    expect({ ...symbols.body, items: symbols.body.items.length }).toMatchObject({ source: "exchange:binance", stale: false, items: 10 });
    expect(symbols.body.items.find((m: { symbol: string }) => m.symbol === "BTC/USDT")).toMatchObject({ price_tick: 0.01, amount_step: 0.00001, min_notional: 5 });

    const prices = await get("/api/v1/market/prices?symbols=BTC/USDT,ETH/USDT");
    expect(prices.status).toBe(200);
    expect(prices.body).toMatchObject({ source: "exchange:binance", stale: false });
    expect(exchange.requests.some((r) => r.path === "/api/v3/ticker/24hr")).toBe(true);

    const candles = await get("/api/v1/market/candles/BTC%2FUSDT?timeframe=1h&limit=50");
    expect(candles.body).toMatchObject({ source: "exchange:binance", stale: false });
    const items = candles.body.items as { open_time: number }[];
    expect(items).toHaveLength(50);
    // The fake, like Binance, sends the forming candle last; it never reaches the store.
    expect(items[49].open_time + H).toBeLessThanOrEqual(candles.body.as_of);
    expect(exchange.requests.some((r) => r.path === "/api/v3/klines")).toBe(true);
  });
});

describe("when the exchange stops answering", () => {
  it("serves the last good data stale, with an as_of that stops moving, under the exchange's name", async () => {
    const before = await get("/api/v1/market/price/BTC%2FUSDT");
    expect(before.body.stale).toBe(false);
    const candlesBefore = await get("/api/v1/market/candles/BTC%2FUSDT?timeframe=1h&limit=50");

    exchange.setFailure("http500");
    let during = before;
    for (let i = 0; i < 40 && !during.body.stale; i++) {
      await new Promise((r) => setTimeout(r, 250));
      during = await get("/api/v1/market/price/BTC%2FUSDT");
    }
    expect(during.body).toMatchObject({ source: "exchange:binance", stale: true });
    await new Promise((r) => setTimeout(r, 1_200));
    const later = await get("/api/v1/market/price/BTC%2FUSDT");
    expect(later.body).toMatchObject({ source: "exchange:binance", stale: true, as_of: during.body.as_of, price: during.body.price });
    // The age of the data grows while the outage lasts.
    expect(Date.now() - later.body.as_of).toBeGreaterThan(1_000);

    // A window past what the store holds cannot be filled: the stored candles are served, stale.
    const candles = await get("/api/v1/market/candles/BTC%2FUSDT?timeframe=1h&limit=60");
    expect(candles.body).toMatchObject({ source: "exchange:binance", stale: true });
    expect(candles.body.items.slice(-50)).toEqual(candlesBefore.body.items);
    expect(JSON.stringify(candles.body)).not.toContain("simulated");
  });

  it("keeps the recorded choice across a restart; with nothing cached it says unavailable rather than inventing prices", async () => {
    await server.restart();
    token = (await api.login((await api.register()).email)).access_token;
    const symbols = await get("/api/v1/market/symbols");
    expect(symbols.status).toBe(503);
    expect(symbols.body.error.code).toBe("unavailable");
    const price = await get("/api/v1/market/prices?symbols=BTC/USDT");
    expect(price.status).toBe(503);

    exchange.setFailure("none");
    let back = price;
    // The market list's breaker opened while the exchange failed; it tries again within seconds.
    for (let i = 0; i < 80 && back.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 250));
      back = await get("/api/v1/market/price/BTC%2FUSDT");
    }
    expect(back.body).toMatchObject({ source: "exchange:binance", stale: false });
  });
});

describe("auto source without a reachable exchange", () => {
  it("chooses the simulated market at the first start", async () => {
    const offline = await startTestServer({ env: { MARKET_DATA_SOURCE: "auto", EXCHANGE_BASE_URL: "http://127.0.0.1:9", SIMULATED_SEED: "42" } });
    try {
      const res = await apiClient(offline.url).request("GET", "/api/v1/market/symbols");
      expect(res.body).toMatchObject({ source: "simulated:v1:42", stale: false });
    } finally {
      await offline.stop();
    }
  });
});
