import { describe, expect, it } from "vitest";
import { computeFearGreedFromMarket, MIN_CLOSES } from "./computed";

/** Closes from daily log returns, starting at 50 000. */
function series(returns: number[]): Float64Array {
  const out = new Float64Array(returns.length + 1);
  out[0] = 50_000;
  for (let i = 0; i < returns.length; i++) out[i + 1] = out[i] * Math.exp(returns[i]);
  return out;
}

/** Deterministic zig-zag of the given amplitude, so "volatility" is exact and repeatable. */
const wiggle = (n: number, amplitude: number, drift = 0) => Array.from({ length: n }, (_, i) => drift + (i % 2 === 0 ? amplitude : -amplitude));

describe("computeFearGreedFromMarket", () => {
  it("puts a steady rally on the Greed side", () => {
    const closes = series([...wiggle(90, 0.01), ...wiggle(30, 0.01, 0.01)]);
    const r = computeFearGreedFromMarket(closes, { asOf: 1_764_288_000_000 });
    expect(r.source).toBe("computed");
    expect(r.value).toBeGreaterThan(50);
    expect(["Greed", "Extreme Greed"]).toContain(r.classification);
    expect(r.as_of).toBe(1_764_288_000_000);
    expect(r.inputs.momentum_30d).toBeCloseTo(0.3, 6);
  });

  it("puts a crash with rising volatility on the Fear side", () => {
    const closes = series([...wiggle(90, 0.01), ...wiggle(30, 0.06, -0.015)]);
    const r = computeFearGreedFromMarket(closes);
    expect(r.value).toBeLessThan(25);
    expect(r.classification).toBe("Extreme Fear");
    expect(r.inputs.volatility_ratio).toBeGreaterThan(1);
    expect(r).not.toHaveProperty("as_of");
  });

  it("reads a flat, calm market as neutral", () => {
    const r = computeFearGreedFromMarket(series(wiggle(120, 0.01)));
    expect(r.value).toBe(50);
    expect(r.classification).toBe("Neutral");
  });

  it("treats a perfectly smooth series as normal volatility, not a spike", () => {
    const r = computeFearGreedFromMarket(series(Array(60).fill(0.005)));
    expect(r.inputs.volatility_ratio).toBe(1);
    expect(r.value).toBeGreaterThan(50);
  });

  it("is deterministic and stays in 0–100 at the extremes", () => {
    const closes = series([...wiggle(90, 0.001), ...wiggle(30, 0.2, -0.1)]);
    const a = computeFearGreedFromMarket(closes);
    expect(computeFearGreedFromMarket(closes)).toEqual(a);
    expect(a.value).toBeGreaterThanOrEqual(0);
    const up = computeFearGreedFromMarket(series([...wiggle(90, 0.2), ...Array(30).fill(0.1)]));
    expect(up.value).toBeLessThanOrEqual(100);
    expect(up.classification).toBe("Extreme Greed");
  });

  it("rejects too-short or invalid series", () => {
    expect(() => computeFearGreedFromMarket(new Float64Array(MIN_CLOSES - 1).fill(1))).toThrow(RangeError);
    const bad = new Float64Array(MIN_CLOSES).fill(1);
    bad[3] = 0;
    expect(() => computeFearGreedFromMarket(bad)).toThrow(RangeError);
    bad[3] = Number.NaN;
    expect(() => computeFearGreedFromMarket(bad)).toThrow(RangeError);
  });
});
