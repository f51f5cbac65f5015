import { describe, expect, it } from "vitest";
import { DEFAULT_SIMULATED_SYMBOLS, marketInfo, parseSimulatedSourceId, SIMULATED_VERSION, simulatedMarkets, simulatedSourceId } from "./index";
import { getSimulatedSymbol, normalizeSymbol } from "./symbols";

describe("simulated source identity", () => {
  it("names the source simulated:v<N>:<seed> and parses it back", () => {
    expect(SIMULATED_VERSION).toBe(1);
    expect(simulatedSourceId("abc")).toBe("simulated:v1:abc");
    expect(simulatedSourceId(42)).toBe("simulated:v1:42");
    expect(parseSimulatedSourceId("simulated:v1:abc")).toEqual({ version: 1, seed: "abc" });
    expect(parseSimulatedSourceId("simulated:v2:abc")).toBeNull();
    expect(parseSimulatedSourceId("binance")).toBeNull();
    expect(() => simulatedSourceId("a:b")).toThrow(RangeError);
    expect(() => simulatedSourceId("")).toThrow(RangeError);
  });
});

describe("simulated market metadata", () => {
  it("tracks the ten default USDT pairs", () => {
    expect(DEFAULT_SIMULATED_SYMBOLS).toEqual(["BTC", "ETH", "BNB", "SOL", "XRP", "ADA", "DOGE", "AVAX", "DOT", "POL"].map((b) => `${b}/USDT`));
  });

  it.each(DEFAULT_SIMULATED_SYMBOLS)("%s publishes positive Binance-style filters in ccxt's shape", (symbol) => {
    const m = marketInfo(symbol);
    expect(m.symbol).toBe(symbol);
    expect(m.id).toBe(symbol.replace("/", ""));
    expect(m.precision.price).toBeGreaterThan(0);
    expect(m.precision.amount).toBeGreaterThan(0);
    expect(m.limits.amount.min).toBeGreaterThan(0);
    expect(m.limits.amount.max).toBeGreaterThan(m.limits.amount.min);
    expect(m.limits.cost.min).toBe(5);
    // Ticks and steps are powers of ten, as on Binance.
    expect(Math.log10(m.precision.price) % 1).toBeCloseTo(0, 12);
    expect(Math.log10(m.precision.amount) % 1).toBeCloseTo(0, 12);
    // A tick is a small fraction of the price level, or candles would be staircase-shaped.
    expect(m.precision.price / getSimulatedSymbol(symbol).startPrice).toBeLessThan(1e-3);
  });

  it("matches Binance's BTC/USDT filters exactly", () => {
    const m = marketInfo("BTC/USDT");
    expect(m.precision).toEqual({ price: 0.01, amount: 0.00001 });
    expect(m.limits.amount.min).toBe(0.00001);
    expect(m.limits.cost.min).toBe(5);
    expect(simulatedMarkets().map((x) => x.symbol)).toEqual(DEFAULT_SIMULATED_SYMBOLS);
    expect(normalizeSymbol("ethusdt")).toBe("ETH/USDT");
  });
});
