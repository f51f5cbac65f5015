import { describe, expect, it } from "vitest";
import { describeParams, settingsDiff, stableJson } from "./compare";
import type { BacktestRun } from "./types";

const run = (overrides: Partial<BacktestRun["request"]> = {}, params: Record<string, unknown> = { fast_period: 10, slow_period: 30 }): BacktestRun =>
  ({
    id: "r",
    source: "simulated:v1:7",
    engine_version: "1.0.0",
    strategy_snapshot: { name: "Trend", type: "ma_cross", description: "", symbols: ["BTC/USDT"], timeframe: "1h", parameters: params, risk: { stop_loss_pct: 5 }, version: 2 },
    request: {
      start: Date.UTC(2025, 0, 1),
      end: Date.UTC(2025, 1, 1),
      timeframe: "1h",
      symbols: ["BTC/USDT"],
      source: "market",
      starting_balance: 10_000,
      fee_rate: 0.001,
      slippage_bps: 5,
      detail: null,
      apply_account_caps: true,
      ...overrides,
    },
  }) as unknown as BacktestRun;

describe("settingsDiff", () => {
  it("marks only the rows that differ", () => {
    const rows = settingsDiff(run(), run({ fee_rate: 0.002, timeframe: "4h" }, { slow_period: 30, fast_period: 10 }));
    expect(rows.filter((r) => r.differs).map((r) => r.label)).toEqual(["Timeframe", "Fee rate"]);
    expect(rows.find((r) => r.label === "Fee rate")).toMatchObject({ a: "0.100%", b: "0.200%" });
  });
});

describe("stableJson and describeParams", () => {
  it("ignore key order", () => {
    expect(stableJson({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe(stableJson({ a: [1, { c: 3, d: 2 }], b: 1 }));
    expect(describeParams({ slow_period: 30, fast_period: 10, trail: null })).toBe("fast_period=10, slow_period=30, trail=none");
    expect(describeParams({})).toBe("—");
  });
});
