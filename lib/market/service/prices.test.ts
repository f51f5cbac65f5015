import { describe, expect, it } from "vitest";
import { createSimulatedProvider, type MarketProvider, type MarketTicker } from "../provider";
import { createSourceHealth } from "./health";
import { createPriceBook } from "./prices";

function flakyExchange(): MarketProvider & { calls: number; failing: boolean } {
  const sim = createSimulatedProvider("3", () => 1_800_000_000_000);
  const p = {
    calls: 0,
    failing: false,
    id: "exchange:binance",
    kind: "exchange" as const,
    markets: sim.markets,
    candles: sim.candles,
    serverTime: sim.serverTime,
    ticker: sim.ticker,
    async tickers(symbols: readonly string[]): Promise<MarketTicker[]> {
      p.calls++;
      if (p.failing) throw new Error("ECONNREFUSED");
      return (await sim.tickers(symbols)).map((t) => ({ ...t, source: "exchange:binance" }));
    },
  };
  return p;
}

describe("createPriceBook", () => {
  it("serves the last good tickers stale when the exchange stops answering, never another source", async () => {
    let t = 1_000;
    const provider = flakyExchange();
    const health = createSourceHealth({ alwaysFresh: false, staleAfterMs: 10_000, now: () => t });
    const book = createPriceBook({ provider, health, maxAgeMs: 1_000, now: () => t });
    const [fresh] = await book.get(["BTC/USDT"], { allowFetch: true });
    expect(fresh).toMatchObject({ symbol: "BTC/USDT", source: "exchange:binance", stale: false });

    provider.failing = true;
    t = 5_000;
    const [stale] = await book.get(["BTC/USDT"], { allowFetch: true });
    expect(stale).toMatchObject({ source: "exchange:binance", stale: true, price: fresh.price, as_of: fresh.as_of });
    await expect(book.refresh(["BTC/USDT"])).rejects.toThrow("ECONNREFUSED");
  });

  it("anonymous callers never trigger an exchange fetch", async () => {
    const provider = flakyExchange();
    const health = createSourceHealth({ alwaysFresh: false, staleAfterMs: 10_000 });
    const book = createPriceBook({ provider, health, maxAgeMs: 1_000 });
    expect(await book.get(["BTC/USDT"], { allowFetch: false })).toEqual([]);
    expect(provider.calls).toBe(0);
    await book.refresh(["BTC/USDT"]);
    expect(await book.get(["BTC/USDT"], { allowFetch: false })).toHaveLength(1);
    expect(provider.calls).toBe(1);
  });

  it("coalesces concurrent refreshes of the same symbols", async () => {
    const provider = flakyExchange();
    const book = createPriceBook({ provider, health: createSourceHealth({ alwaysFresh: false, staleAfterMs: 1e9 }), maxAgeMs: 1_000 });
    await Promise.all([book.refresh(["BTC/USDT", "ETH/USDT"]), book.refresh(["ETH/USDT", "BTC/USDT"])]);
    expect(provider.calls).toBe(1);
  });
});
