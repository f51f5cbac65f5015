import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAKE_MARKET_SYMBOLS, startFakeExchange, type FakeExchange } from "@/e2e/fixtures/fake-exchange";
import { createExchangeProvider } from "./exchange-provider";
import { createSimulatedProvider, type MarketCandles, type MarketProvider, type MarketTimeframe } from "./provider";
import { timeframeMs } from "./simulated";

// Mid-candle for every timeframe, so each query has a forming candle that must not appear.
const NOW = Date.UTC(2025, 5, 1, 12, 30, 30, 250);
const DEFAULT_PAIRS = ["BTC", "ETH", "BNB", "SOL", "XRP", "ADA", "DOGE", "AVAX", "DOT", "POL"].map((b) => `${b}/USDT`);

let fake: FakeExchange;

beforeAll(async () => {
  fake = await startFakeExchange({ symbols: FAKE_MARKET_SYMBOLS, now: () => NOW });
});

afterAll(async () => {
  await fake?.stop();
});

function expectCandleInvariants(c: MarketCandles, timeframe: MarketTimeframe) {
  const tf = timeframeMs(timeframe);
  const n = c.openTime.length;
  for (const col of [c.open, c.high, c.low, c.close, c.volume]) expect(col.length).toBe(n);
  for (let i = 0; i < n; i++) {
    expect(c.openTime[i] % tf).toBe(0);
    if (i > 0) expect(c.openTime[i]).toBeGreaterThan(c.openTime[i - 1]);
    // Closed only, by the source's own clock.
    expect(c.openTime[i] + tf).toBeLessThanOrEqual(c.as_of);
    expect(c.high[i]).toBeGreaterThanOrEqual(Math.max(c.open[i], c.close[i]));
    expect(c.low[i]).toBeLessThanOrEqual(Math.min(c.open[i], c.close[i]));
    expect(c.low[i]).toBeGreaterThan(0);
    expect(c.volume[i]).toBeGreaterThanOrEqual(0);
    for (const v of [c.open[i], c.high[i], c.low[i], c.close[i], c.volume[i]]) expect(Number.isFinite(v)).toBe(true);
  }
}

type Case = { name: string; kind: "exchange" | "simulated"; id: string; make: () => MarketProvider };

const cases: Case[] = [
  {
    name: "simulated",
    kind: "simulated",
    id: "simulated:v1:contract",
    make: () => createSimulatedProvider("contract", () => NOW),
  },
  {
    name: "exchange (ccxt against the fake exchange)",
    kind: "exchange",
    id: "exchange:binance",
    make: () => createExchangeProvider("binance", { baseUrl: fake.url, timeoutMs: 5000 }),
  },
];

describe.each(cases)("market provider contract: $name", ({ kind, id, make }) => {
  let provider: MarketProvider;
  beforeAll(() => {
    provider = make();
  });

  it("names its source", () => {
    expect(provider.kind).toBe(kind);
    expect(provider.id).toBe(id);
  });

  it("reports the source's server time", async () => {
    expect(await provider.serverTime()).toBe(NOW);
  });

  it("lists the default pairs with positive filters", async () => {
    const markets = await provider.markets();
    expect(markets.map((m) => m.symbol).sort()).toEqual([...DEFAULT_PAIRS].sort());
    for (const m of markets) {
      expect(Object.keys(m).sort()).toEqual(
        ["amount_step", "base", "min_amount", "min_notional", "price_tick", "quote", "symbol"].sort(),
      );
      expect(m.symbol).toBe(`${m.base}/${m.quote}`);
      for (const v of [m.price_tick, m.amount_step, m.min_amount, m.min_notional]) expect(v).toBeGreaterThan(0);
    }
    const btc = markets.find((m) => m.symbol === "BTC/USDT");
    expect(btc).toMatchObject({ price_tick: 0.01, amount_step: 0.00001, min_amount: 0.00001, min_notional: 5 });
  });

  it("answers a ticker with every field, labelled with its source", async () => {
    const t = await provider.ticker("ETH/USDT");
    expect(Object.keys(t).sort()).toEqual(
      [
        "as_of",
        "ask",
        "bid",
        "change_24h",
        "change_24h_pct",
        "high_24h",
        "low_24h",
        "price",
        "source",
        "stale",
        "symbol",
        "volume_24h",
      ].sort(),
    );
    expect(t).toMatchObject({ symbol: "ETH/USDT", source: id, stale: false });
    expect(t.bid).toBeLessThanOrEqual(t.price);
    expect(t.ask).toBeGreaterThanOrEqual(t.price);
    expect(t.low_24h).toBeLessThanOrEqual(t.price);
    expect(t.high_24h).toBeGreaterThanOrEqual(t.price);
    expect(t.volume_24h).toBeGreaterThanOrEqual(0);
    expect(t.as_of).toBeLessThanOrEqual(NOW);
    expect(t.as_of).toBeGreaterThan(NOW - 60_000);
  });

  it("answers several tickers in the order asked, accepting exchange-style ids", async () => {
    const ts = await provider.tickers(["SOL/USDT", "BTCUSDT"]);
    expect(ts.map((t) => t.symbol)).toEqual(["SOL/USDT", "BTC/USDT"]);
    for (const t of ts) expect(t.source).toBe(id);
  });

  it.each<MarketTimeframe>(["1m", "15m", "1h", "1d"])("serves the newest closed %s candles and never the forming one", async (tf) => {
    const c = await provider.candles("BTC/USDT", tf, { limit: 30 });
    expect(c).toMatchObject({ symbol: "BTC/USDT", timeframe: tf, source: id, stale: false, as_of: NOW });
    expect(c.openTime.length).toBe(30);
    expectCandleInvariants(c, tf);
    const ms = timeframeMs(tf);
    const forming = Math.floor(NOW / ms) * ms;
    expect(c.openTime[29]).toBe(forming - ms);
    expect([...c.openTime]).not.toContain(forming);
  });

  it("serves a since/until window on the grid", async () => {
    const hour = 3_600_000;
    const since = Date.UTC(2025, 4, 30, 3, 15);
    const until = Date.UTC(2025, 4, 30, 9, 0);
    const c = await provider.candles("XRP/USDT", "1h", { since, until });
    expect([...c.openTime]).toEqual([4, 5, 6, 7, 8].map((h) => Date.UTC(2025, 4, 30, h)));
    expectCandleInvariants(c, "1h");
    const limited = await provider.candles("XRP/USDT", "1h", { since, limit: 2 });
    expect([...limited.openTime]).toEqual([Date.UTC(2025, 4, 30, 4), Date.UTC(2025, 4, 30, 4) + hour]);
  });

  it("stops at the forming candle when since reaches it", async () => {
    const c = await provider.candles("DOGE/USDT", "5m", { since: NOW - 20 * 60_000 });
    const ms = timeframeMs("5m");
    expect(c.openTime.length).toBeGreaterThan(0);
    expect(c.openTime[c.openTime.length - 1]).toBe(Math.floor(NOW / ms) * ms - ms);
    expectCandleInvariants(c, "5m");
    const future = await provider.candles("DOGE/USDT", "5m", { since: NOW + 3_600_000 });
    expect(future.openTime.length).toBe(0);
  });

  it("refuses a limit outside 1..1000 and an unknown symbol", async () => {
    await expect(provider.candles("BTC/USDT", "1m", { limit: 1001 })).rejects.toThrow(/limit/);
    await expect(provider.candles("BTC/USDT", "1m", { limit: 0 })).rejects.toThrow(/limit/);
    await expect(provider.ticker("NOPE/USDT")).rejects.toThrow(/NOPE\/USDT/);
    await expect(provider.candles("NOPE/USDT", "1h")).rejects.toThrow(/NOPE\/USDT/);
  });
});
