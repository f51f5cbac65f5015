import { describe, expect, it } from "vitest";
import { DONUT_CIRCUMFERENCE, donutSegments } from "./donut";

describe("donutSegments", () => {
  it("lays slices end to end around the whole circle, largest first", () => {
    const segments = donutSegments([
      { asset: "BTC", value: 250, pct: 25 },
      { asset: "USDT", value: 750, pct: 75 },
    ]);
    expect(segments.map((s) => s.asset)).toEqual(["USDT", "BTC"]);
    expect(segments[0].pct).toBeCloseTo(75);
    expect(segments[0].length).toBeCloseTo(DONUT_CIRCUMFERENCE * 0.75);
    expect(segments[0].offset).toBeCloseTo(0);
    expect(segments[1].offset).toBeCloseTo(-DONUT_CIRCUMFERENCE * 0.75);
    expect(segments.reduce((sum, s) => sum + s.length, 0)).toBeCloseTo(DONUT_CIRCUMFERENCE);
  });

  it("draws a single asset as a full ring", () => {
    const [only] = donutSegments([{ asset: "USDT", value: 10_000, pct: 100 }]);
    expect(only.length).toBeCloseTo(DONUT_CIRCUMFERENCE);
  });

  it("merges tiny slices into Other and ignores empty ones", () => {
    const segments = donutSegments([
      { asset: "USDT", value: 990, pct: 99 },
      { asset: "DOGE", value: 5, pct: 0.5 },
      { asset: "SHIB", value: 5, pct: 0.5 },
      { asset: "ETH", value: 0, pct: 0 },
    ]);
    expect(segments.map((s) => [s.asset, s.value])).toEqual([
      ["USDT", 990],
      ["Other", 10],
    ]);
  });

  it("has nothing to draw for an empty account", () => {
    expect(donutSegments([])).toEqual([]);
    expect(donutSegments([{ asset: "USDT", value: 0, pct: 0 }])).toEqual([]);
  });
});
