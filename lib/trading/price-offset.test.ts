import { describe, expect, it } from "vitest";
import { parseDecimal } from "@/lib/trading/core";
import { offsetPrice } from "./price-offset";

const u = (s: string) => parseDecimal(s, 8);
const market = { price_tick: u("0.01") };

describe("offsetPrice", () => {
  it("puts a stop pct below the price, down to the tick", () => {
    expect(offsetPrice(u("100"), 2, -1, market)).toBe(u("98"));
    expect(offsetPrice(u("100.01"), 2, -1, market)).toBe(u("98")); // 98.0098 → 98.00
  });

  it("puts a target pct above the price, up to the tick", () => {
    expect(offsetPrice(u("100"), 4, 1, market)).toBe(u("104"));
    expect(offsetPrice(u("100.01"), 4, 1, market)).toBe(u("104.02")); // 104.0104 → 104.02
  });
});
