import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  FAKE_MARKET_SYMBOLS,
  startFakeExchange,
  type FailureMode,
  type FakeExchange,
} from "@/e2e/fixtures/fake-exchange";
import { ExchangeError, type ExchangeErrorKind } from "@/lib/exchange/errors";
import { createExchangeProvider } from "./exchange-provider";
import type { MarketProvider } from "./provider";

const NOW = Date.UTC(2025, 5, 1, 12, 30, 30, 250);
const HOUR = 3_600_000;

let fake: FakeExchange;
let clock = NOW;

beforeAll(async () => {
  fake = await startFakeExchange({ symbols: FAKE_MARKET_SYMBOLS, now: () => clock });
});

afterEach(() => {
  fake.setFailure("none");
  clock = NOW;
});

afterAll(async () => {
  await fake?.stop();
});

const provider = (timeoutMs = 5000) => createExchangeProvider("binance", { baseUrl: fake.url, timeoutMs });

async function rawKlines(query: string): Promise<unknown[][]> {
  const res = await fetch(`${fake.url}/api/v3/klines?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as unknown[][];
}

describe("fake exchange market data", () => {
  it("serves klines in Binance's wire format, forming candle last", async () => {
    const rows = await rawKlines("symbol=BTCUSDT&interval=1h&limit=3");
    expect(rows.map((r) => r[0])).toEqual([NOW - 2 * HOUR, NOW - HOUR, NOW].map((t) => Math.floor(t / HOUR) * HOUR));
    for (const r of rows) {
      expect(r).toHaveLength(12);
      expect(r[6]).toBe((r[0] as number) + HOUR - 1);
      for (const i of [1, 2, 3, 4, 5, 7, 9, 10]) expect(r[i]).toMatch(/^\d+\.\d{8}$/);
      expect(Number.isInteger(r[8])).toBe(true);
      expect(r[11]).toBe("0");
    }
  });

  it("moves the forming candle with its clock and stays deterministic", async () => {
    const before = await rawKlines("symbol=ETHUSDT&interval=1m&limit=2");
    clock = NOW + 20_000;
    const after = await rawKlines("symbol=ETHUSDT&interval=1m&limit=2");
    expect(after[0]).toEqual(before[0]);
    expect(after[1][0]).toBe(before[1][0]);
    clock = NOW;
    expect(await rawKlines("symbol=ETHUSDT&interval=1m&limit=2")).toEqual(before);
  });

  it("answers an unknown symbol the way Binance does", async () => {
    for (const path of ["klines?symbol=FOOUSDT&interval=1m", "ticker/24hr?symbol=FOOUSDT", "ticker/bookTicker?symbol=FOOUSDT"]) {
      const res = await fetch(`${fake.url}/api/v3/${path}`);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ code: -1121, msg: "Invalid symbol." });
    }
  });

  it("keeps the two-pair listing by default", async () => {
    const plain = await startFakeExchange();
    try {
      const info = (await (await fetch(`${plain.url}/api/v3/exchangeInfo`)).json()) as { symbols: { symbol: string }[] };
      expect(info.symbols.map((s) => s.symbol)).toEqual(["BTCUSDT", "ETHUSDT"]);
    } finally {
      await plain.stop();
    }
  });
});

describe("exchange provider", () => {
  it("labels everything exchange:binance", async () => {
    const p = provider();
    expect(p.id).toBe("exchange:binance");
    expect((await p.ticker("BTC/USDT")).source).toBe("exchange:binance");
    expect((await p.candles("BTC/USDT", "1h", { limit: 2 })).source).toBe("exchange:binance");
  });

  it("passes on exactly what came over the wire, minus the forming candle", async () => {
    const c = await provider().candles("SOL/USDT", "15m", { limit: 10 });
    const wire = await rawKlines("symbol=SOLUSDT&interval=15m&limit=11");
    const closed = wire.slice(0, -1);
    expect([...c.openTime]).toEqual(closed.map((r) => r[0]));
    expect([...c.open]).toEqual(closed.map((r) => Number(r[1])));
    expect([...c.high]).toEqual(closed.map((r) => Number(r[2])));
    expect([...c.low]).toEqual(closed.map((r) => Number(r[3])));
    expect([...c.close]).toEqual(closed.map((r) => Number(r[4])));
    expect([...c.volume]).toEqual(closed.map((r) => Number(r[5])));
  });

  it("drops a candle that closes only after the server time it read", async () => {
    const p = provider();
    const minute = Math.floor(NOW / 60_000) * 60_000;
    const since = minute - 5 * 60_000;
    const c1 = await p.candles("BTC/USDT", "1m", { since });
    expect(c1.openTime.length).toBe(5);
    // Exactly on the boundary the candle that just closed is in; one ms earlier it is not.
    clock = minute + 60_000;
    const c2 = await p.candles("BTC/USDT", "1m", { since });
    expect(c2.openTime.length).toBe(6);
    expect(c2.as_of).toBe(clock);
    clock -= 1;
    const c3 = await p.candles("BTC/USDT", "1m", { since });
    expect(c3.openTime.length).toBe(5);
  });

  it("names an unknown symbol clearly, as an invalid request", async () => {
    const err = await provider()
      .ticker("NOPE/USDT")
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExchangeError);
    expect(err).toMatchObject({ kind: "invalid_request" });
    expect((err as Error).message).toContain("NOPE/USDT");
  });

  const failures: [FailureMode, ExchangeErrorKind][] = [
    ["timeout", "unreachable"],
    ["http500", "unreachable"],
    ["http429", "rate_limited"],
    ["malformed", "temporary"],
  ];
  const calls: [string, string, (p: MarketProvider) => Promise<unknown>][] = [
    ["markets", "/api/v3/exchangeInfo", (p) => p.markets()],
    ["ticker", "/api/v3/ticker/24hr", (p) => p.ticker("BTC/USDT")],
    ["tickers", "/api/v3/ticker/24hr", (p) => p.tickers(["BTC/USDT", "ETH/USDT"])],
    ["candles", "/api/v3/klines", (p) => p.candles("BTC/USDT", "1h", { limit: 5 })],
    ["serverTime", "/api/v3/time", (p) => p.serverTime()],
  ];

  describe.each(failures)("when the exchange fails with %s", (mode, kind) => {
    it.each(calls)("%s throws ExchangeError(%s) and returns no data", async (_name, path, fn) => {
      // Limited to the endpoint under test, so exchangeInfo (loaded first) still answers.
      const p = provider(300);
      fake.setFailure(mode, { path });
      const result = await fn(p).then(
        (data) => ({ data }),
        (error: unknown) => ({ error }),
      );
      expect(result).not.toHaveProperty("data");
      const err = (result as { error: unknown }).error;
      expect(err).toBeInstanceOf(ExchangeError);
      expect((err as ExchangeError).kind).toBe(kind);
    });

    it("fails before any market is loaded, and the same provider recovers", async () => {
      const p = provider(300);
      fake.setFailure(mode);
      await expect(p.candles("BTC/USDT", "1h", { limit: 5 })).rejects.toMatchObject({ kind });
      fake.setFailure("none");
      const c = await p.candles("BTC/USDT", "1h", { limit: 5 });
      expect(c.openTime.length).toBe(5);
      expect(c.source).toBe("exchange:binance");
    });
  });
});
