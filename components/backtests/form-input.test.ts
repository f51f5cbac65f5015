import { describe, expect, it } from "vitest";
import { defaultRange, parseSymbols, rerunBody } from "./form-input";

describe("parseSymbols", () => {
  it("normalises, splits on commas and spaces, and drops repeats", () => {
    expect(parseSymbols(" btc/usdt, ETH-USDT;btc/usdt  sol/usdt ")).toEqual(["BTC/USDT", "ETH/USDT", "SOL/USDT"]);
    expect(parseSymbols("  ")).toEqual([]);
  });
});

describe("defaultRange", () => {
  it("is the 90 days before today's UTC midnight", () => {
    expect(defaultRange(Date.UTC(2025, 5, 15, 13, 45))).toEqual({ start: "2025-03-17", end: "2025-06-15" });
  });
});

describe("rerunBody", () => {
  it("repeats the resolved request", () => {
    const request = {
      start: 1,
      end: 2,
      timeframe: "1h",
      symbols: ["BTC/USDT"],
      source: "import:x",
      starting_balance: 500,
      fee_rate: 0.001,
      slippage_bps: 5,
      detail: "1m" as const,
      apply_account_caps: false,
    };
    expect(rerunBody({ strategy_id: "s1", request })).toEqual({ strategy_id: "s1", ...request });
  });
});
