import { describe, expect, it } from "vitest";
import { ceilToStepUnits, floorToStepUnits, nearestStepUnits, tradingMarket, tradingMarketFromFilters } from "./market";

describe("markets in atomic units", () => {
  it("converts a provider's float metadata exactly", () => {
    const m = tradingMarket({ symbol: "BTC/USDT", base: "BTC", quote: "USDT", price_tick: 0.01, amount_step: 0.00001, min_amount: 0.00001, min_notional: 5 });
    expect(m).toMatchObject({ price_tick: BigInt(1_000_000), amount_step: BigInt(1_000), min_amount: BigInt(1_000), min_notional: BigInt(500_000_000), max_amount: BigInt(0) });
  });

  it("never loosens a filter finer than the asset's scale", () => {
    const m = tradingMarket({ symbol: "PEPE/USDT", base: "PEPE", quote: "USDT", price_tick: 1e-10, amount_step: 1, min_amount: 1, min_notional: 1 });
    expect(m.price_tick).toBe(BigInt(1));
    const fine = tradingMarket({ symbol: "PEPE/USDT", base: "PEPE", quote: "USDT", price_tick: 1e-10, amount_step: 1, min_amount: 1, min_notional: 1 }, { base: 8, quote: 8, price: 12 });
    expect(fine.price_tick).toBe(BigInt(100));
  });

  it("reads the backtest's filters for one symbol", () => {
    const m = tradingMarketFromFilters("ETH/USDT", { amount_step: 0.0001, min_amount: 0.0001, min_notional: 5, price_tick: 0.01 });
    expect(m).toMatchObject({ base: "ETH", quote: "USDT", amount_step: BigInt(10_000) });
  });

  it("rounds to a grid down, up and to the nearest step", () => {
    const step = BigInt(1000);
    expect(floorToStepUnits(BigInt(2999), step)).toBe(BigInt(2000));
    expect(ceilToStepUnits(BigInt(2001), step)).toBe(BigInt(3000));
    expect(ceilToStepUnits(BigInt(3000), step)).toBe(BigInt(3000));
    expect(nearestStepUnits(BigInt(2499), step)).toBe(BigInt(2000));
    expect(nearestStepUnits(BigInt(2500), step)).toBe(BigInt(3000));
    expect(floorToStepUnits(BigInt(-1), step)).toBe(BigInt(-1000));
    expect(floorToStepUnits(BigInt(1234), BigInt(0))).toBe(BigInt(1234));
  });
});
