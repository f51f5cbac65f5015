import { afterAll, describe, expect, it } from "vitest";
import { closeTempDatabases, tempDatabase } from "../candle-store/test-support";
import { coverage } from "../candle-store";
import { createSimulatedProvider, type MarketProvider } from "../provider";
import { createCandleService, pages } from "./candles";
import { createSourceHealth } from "./health";

afterAll(closeTempDatabases);

const NOW = Date.UTC(2026, 10, 20, 12, 34, 56);
const H = 3_600_000;

/** The simulated market relabelled as an exchange that can be switched off. */
function switchableExchange(): MarketProvider & { down: boolean; calls: number } {
  const sim = createSimulatedProvider("5", () => NOW);
  const p = {
    ...sim,
    id: "exchange:binance",
    kind: "exchange" as const,
    down: false,
    calls: 0,
    async candles(...args: Parameters<MarketProvider["candles"]>) {
      p.calls++;
      if (p.down) throw new Error("ECONNREFUSED");
      return { ...(await sim.candles(...args)), source: "exchange:binance" };
    },
  };
  return p;
}

describe("pages", () => {
  it("cuts a range into requests of at most 1,000 candles", () => {
    expect(pages({ start: 0, end: 2_500 * H }, H)).toEqual([
      { start: 0, end: 1_000 * H },
      { start: 1_000 * H, end: 2_000 * H },
      { start: 2_000 * H, end: 2_500 * H },
    ]);
  });
});

describe("createCandleService", () => {
  it("fills the store once, then reads it without asking the source again", async () => {
    const db = tempDatabase();
    const provider = switchableExchange();
    const health = createSourceHealth({ alwaysFresh: false, staleAfterMs: 60_000, now: () => NOW });
    const svc = createCandleService({ db, provider, health, now: () => NOW });
    const first = await svc.window("BTC/USDT", "1h", { limit: 1_500 }, { allowFetch: true });
    expect(first.candles.openTime.length).toBe(1_500);
    expect(first.stale).toBe(false);
    expect(first.candles.openTime[1_499]).toBe(Math.floor(NOW / H) * H - H);
    const calls = provider.calls;
    expect(calls).toBe(2);
    const again = await svc.window("BTC/USDT", "1h", { limit: 1_500 }, { allowFetch: true });
    expect(provider.calls).toBe(calls);
    expect(Array.from(again.candles.close)).toEqual(Array.from(first.candles.close));
  });

  it("serves stored candles stale when the exchange is down, and anonymous reads never fetch", async () => {
    const db = tempDatabase();
    const provider = switchableExchange();
    let now = NOW;
    const health = createSourceHealth({ alwaysFresh: false, staleAfterMs: 60_000, now: () => now });
    const svc = createCandleService({ db, provider, health, now: () => now });
    const anon = await svc.window("ETH/USDT", "1h", { limit: 10 }, { allowFetch: false });
    expect(anon.candles.openTime.length).toBe(0);
    expect(anon.stale).toBe(true);
    expect(provider.calls).toBe(0);

    await svc.window("ETH/USDT", "1h", { limit: 10 }, { allowFetch: true });
    provider.down = true;
    now = NOW + 3 * H;
    const stale = await svc.window("ETH/USDT", "1h", { limit: 10 }, { allowFetch: true });
    expect(stale.stale).toBe(true);
    expect(stale.candles.openTime.length).toBe(7);
    // as_of is the close of the last candle we have, and it does not move while the outage lasts.
    expect(stale.as_of).toBe(Math.floor(NOW / H) * H);
  });

  it("downloads with progress and pagination, and a cancelled download stops between pages", async () => {
    const db = tempDatabase();
    const provider = switchableExchange();
    const health = createSourceHealth({ alwaysFresh: false, staleAfterMs: 60_000, now: () => NOW });
    const svc = createCandleService({ db, provider, health, now: () => NOW });
    const end = Math.floor(NOW / H) * H;
    const progress: number[] = [];
    const stopped = await svc.download("SOL/USDT", "1h", { start: end - 2_500 * H, end }, (done) => (progress.push(done), progress.length < 2));
    expect(stopped).toMatchObject({ requests: 2, complete: false });
    const done = await svc.download("SOL/USDT", "1h", { start: end - 2_500 * H, end }, (d) => (progress.push(d), true));
    expect(done).toMatchObject({ requests: 1, complete: true, missing: [] });
    expect(progress).toEqual([1 / 3, 2 / 3, 1]);
    const [item] = coverage(db, { source: "exchange:binance", symbols: ["SOL/USDT"] });
    expect(item).toMatchObject({ count: 2_500, start: end - 2_500 * H, end, gaps: [] });
  });
});
