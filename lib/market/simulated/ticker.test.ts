import { describe, expect, it } from "vitest";
import { simulatedFormingCandle } from "./candles";
import { simulatedTicker } from "./ticker";
import { DEFAULT_SIMULATED_SYMBOLS, getSimulatedSymbol } from "./symbols";

const SEED = "ticker-test";
const T0 = Date.UTC(2025, 5, 3, 14, 7, 31, 640);

describe("simulated ticker", () => {
  it.each(DEFAULT_SIMULATED_SYMBOLS)("%s: last is the forming 1m candle's close; bid < last < ask", (symbol) => {
    for (const at of [T0, T0 + 29_000, Date.UTC(2025, 5, 4), Date.UTC(2025, 5, 4, 0, 0, 0, 999)]) {
      const t = simulatedTicker({ seed: SEED, symbol, at });
      const forming = simulatedFormingCandle({ seed: SEED, symbol, at });
      expect(t.last).toBe(forming.close);
      expect(forming.openTime).toBe(Math.floor(at / 60_000) * 60_000);
      expect(t.bid).toBeLessThan(t.last);
      expect(t.ask).toBeGreaterThan(t.last);
      expect(t.timestamp).toBe(Math.floor(at / 1000) * 1000);
      const spec = getSimulatedSymbol(symbol);
      const units = t.bid / spec.priceTick;
      expect(Math.abs(units - Math.round(units))).toBeLessThan(1e-6);
    }
  });

  it("uses Binance's rolling 24 h window: change = last − tick(t − 24 h)", () => {
    const t = simulatedTicker({ seed: SEED, symbol: "ETH/USDT", at: T0 });
    const before = simulatedTicker({ seed: SEED, symbol: "ETH/USDT", at: T0 - 86_400_000 });
    expect(t.change_24h).toBeCloseTo(t.last - before.last, 8);
    expect(t.change_24h_pct).toBeCloseTo(((t.last - before.last) / before.last) * 100, 3);
    expect(t.high_24h).toBeGreaterThanOrEqual(t.last);
    expect(t.low_24h).toBeLessThanOrEqual(t.last);
    expect(t.volume_24h).toBeGreaterThan(0);
  });

  it("high/low over (t − 24 h, t] match the 1m candles plus the forming minute", async () => {
    const { simulatedCandles } = await import("./candles");
    const at = Date.UTC(2025, 5, 3, 14, 8, 0); // minute boundary: the window is whole candles
    const t = simulatedTicker({ seed: SEED, symbol: "BTC/USDT", at });
    const c = simulatedCandles({ seed: SEED, symbol: "BTC/USDT", timeframe: "1m", from: at - 86_400_000, to: at });
    // The first candle's open is the tick at t − 24 h, outside the half-open window, so compare highs/lows of ticks only.
    expect(t.high_24h).toBeLessThanOrEqual(Math.max(...c.high));
    expect(t.low_24h).toBeGreaterThanOrEqual(Math.min(...c.low));
    expect(t.high_24h).toBeGreaterThanOrEqual(Math.max(...c.close));
    expect(t.low_24h).toBeLessThanOrEqual(Math.min(...c.close));
    const v = c.volume.reduce((a, b) => a + b, 0);
    expect(Math.abs(t.volume_24h - v) / v).toBeLessThan(1e-3);
  });

  it("agrees within the same second, changes across seconds, and needs 24 h of history", () => {
    const a = simulatedTicker({ seed: SEED, symbol: "SOL/USDT", at: T0 });
    const b = simulatedTicker({ seed: SEED, symbol: "SOL/USDT", at: T0 - 640 + 999 });
    expect(b).toEqual(a);
    expect(() => simulatedTicker({ seed: SEED, symbol: "SOL/USDT", at: Date.UTC(2018, 0, 1, 12) })).toThrow(RangeError);
  });
});
