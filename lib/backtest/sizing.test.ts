import { describe, expect, it } from "vitest";
import { floorToStep, NO_FILTERS, roundToTick } from "./market-filters";
import { sizeEntry } from "./sizing";

describe("position sizing with fees (trading-semantics.md §1.8, §7.1)", () => {
  const base = { equity: 10_000, freeCash: 10_000, positionSizePct: 100, fillPrice: 100 * (1 + 10 / 10_000), feeRate: 0.001 };

  it("spends p% of equity including the entry fee", () => {
    const { amount, rejected } = sizeEntry({ ...base, filters: NO_FILTERS });
    expect(rejected).toBeNull();
    expect(base.fillPrice).toBeCloseTo(100.1, 12);
    expect(amount).toBeCloseTo(99.8002996, 7);
    const cost = amount * base.fillPrice;
    const fee = cost * base.feeRate;
    expect(cost).toBeCloseTo(9990.01, 2);
    expect(fee).toBeCloseTo(9.99, 2);
    expect(cost + fee).toBeCloseTo(10_000, 8);
  });

  it("floors the amount to the market's step", () => {
    expect(sizeEntry({ ...base, filters: { ...NO_FILTERS, amount_step: 0.001 } }).amount).toBe(99.8);
  });

  it("rejects by reason: cash-limited entries that do not fit, and sizes below the minimums", () => {
    const filters = { ...NO_FILTERS, amount_step: 0.001, min_notional: 5 };
    expect(sizeEntry({ ...base, freeCash: 3, filters })).toEqual({ amount: 0, rejected: "insufficient_cash" });
    expect(sizeEntry({ ...base, freeCash: 0, filters: NO_FILTERS })).toEqual({ amount: 0, rejected: "insufficient_cash" });
    expect(sizeEntry({ ...base, equity: 40, freeCash: 40, positionSizePct: 10, filters })).toEqual({ amount: 0, rejected: "below_min_notional" });
    expect(sizeEntry({ ...base, equity: 50, freeCash: 50, filters: { ...NO_FILTERS, amount_step: 1 } })).toEqual({ amount: 0, rejected: "below_min_amount" });
    expect(sizeEntry({ ...base, filters: { ...NO_FILTERS, min_amount: 100 } })).toEqual({ amount: 0, rejected: "below_min_amount" });
    // Cash-limited but still above the minimums: a smaller entry fills.
    expect(sizeEntry({ ...base, freeCash: 1_000, filters }).amount).toBe(9.98);
  });
});

describe("precision", () => {
  it("floors to steps and rounds to ticks without binary noise", () => {
    expect(floorToStep(99.80029960, 0.001)).toBe(99.8);
    expect(floorToStep(0.3, 0.1)).toBe(0.3);
    expect(floorToStep(12.34, 0)).toBe(12.34);
    expect(roundToTick(104.5000000001, 0.01)).toBe(104.5);
    expect(roundToTick(110 * 0.95, 0.01)).toBe(104.5);
    expect(roundToTick(123.456, 0.5)).toBe(123.5);
    expect(roundToTick(NaN, 0.01)).toBeNaN();
  });
});
