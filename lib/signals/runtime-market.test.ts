import { afterAll, describe, expect, it } from "vitest";
import { closeTempDatabases, tempDatabase } from "@/lib/market/candle-store/test-support";
import { createSimulatedProvider } from "@/lib/market/provider";
import { createCandleService } from "@/lib/market/service/candles";
import { createSourceHealth } from "@/lib/market/service/health";
import type { MarketRuntime } from "@/lib/market/service/runtime";
import { createDbFearGreedHistory } from "@/lib/market/sentiment/db-history";
import { SIGNAL_WINDOW } from "./candle-signals";
import { recordPairSignals } from "./recorder";
import { runtimeSignalMarket } from "./runtime-market";

afterAll(closeTempDatabases);

const NOW = Date.UTC(2026, 10, 20, 12, 34, 56);
const H = 3_600_000;
const TODAY = "2026-11-20";

/** The parts of the market runtime signals read, built from the real simulated market and stores. */
function simulatedRuntime() {
  const db = tempDatabase();
  const provider = createSimulatedProvider("5", () => NOW);
  const health = createSourceHealth({ alwaysFresh: true, staleAfterMs: 60_000, now: () => NOW });
  const rt = {
    source: { id: provider.id },
    candles: createCandleService({ db, provider, health, now: () => NOW }),
    fearGreedHistory: createDbFearGreedHistory(db, () => NOW),
    findMarket: async (symbol: string) => (await provider.markets()).find((m) => m.symbol === symbol) ?? null,
  } as unknown as MarketRuntime;
  return { db, rt, market: runtimeSignalMarket(rt) };
}

describe("runtimeSignalMarket", () => {
  it("serves closed candles only, the newest being the one that closed last", async () => {
    const { market } = simulatedRuntime();
    const got = await market.closedCandles("BTC/USDT", "1h", SIGNAL_WINDOW + 5);
    const n = got!.candles.openTime.length;
    expect(n).toBe(SIGNAL_WINDOW + 5);
    expect(got!.candles.openTime[n - 1]).toBe(Math.floor(NOW / H) * H - H);
    expect(await market.closedCandles("BTC/USDT", "7m", 10)).toBeNull();
    expect(await market.priceTick("BTC/USDT")).toBe(0.01);
    expect(await market.priceTick("NOPE/USDT")).toBeNull();
  });

  it("takes Fear & Greed only from the candle's own UTC date", async () => {
    const { rt, market } = simulatedRuntime();
    await rt.fearGreedHistory.save([{ day: "2026-11-19", value: 30, classification: "Fear", as_of: NOW - 24 * H, source: "alternative.me" }]);
    expect(await market.fearGreedOn(TODAY)).toBeNull();
    expect(await market.fearGreedOn("2026-11-19")).toEqual({ value: 30, date: "2026-11-19", source: "alternative.me" });
    await rt.fearGreedHistory.save([{ day: TODAY, value: 72, classification: "Greed", as_of: NOW - H, source: "computed" }]);
    expect(await market.fearGreedOn(TODAY)).toEqual({ value: 72, date: TODAY, source: "computed" });
  });

  it("records the newest closed candle's signal from the simulated market, not degraded with today's reading", async () => {
    const { db, rt, market } = simulatedRuntime();
    await rt.fearGreedHistory.save([{ day: TODAY, value: 72, classification: "Greed", as_of: NOW - H, source: "computed" }]);
    const r = await recordPairSignals(db, market, { symbol: "BTC/USDT", timeframe: "1h", userIds: [] }, { backfill: 3, now: NOW });
    expect(r.recorded).toBe(3);
    expect(r.latest).toMatchObject({ symbol: "BTC/USDT", candle_time: Math.floor(NOW / H) * H - H, degraded: false, fear_greed_source: "computed", source: "simulated:v1:5" });
    expect(r.latest?.indicators.fear_greed).toBe(72);
  });
});
