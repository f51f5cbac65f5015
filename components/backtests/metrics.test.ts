import { describe, expect, it } from "vitest";
import { betterOf, CARD_METRICS, formatMetric, METRICS } from "./metrics";
import type { BacktestMetrics } from "./types";

const metrics = {
  final_equity: 10_512.345,
  total_return_pct: 5.12345,
  cagr_pct: null,
  cagr_short_sample: true,
  max_drawdown_pct: 3.2,
  sharpe: -0.456,
  sortino: null,
  calmar: null,
  win_rate: 0.5534,
  profit_factor: 1.5,
  expectancy: -2.5,
  trades_count: 1234,
  fees_paid: 12.3,
  exposure_pct: 45.678,
  buy_and_hold_return_pct: -1.2,
  avg_holding_ms: 3 * 86_400_000 + 4 * 3_600_000,
} as unknown as BacktestMetrics;

describe("formatMetric", () => {
  it("writes each kind", () => {
    const text = (key: string) => formatMetric(METRICS[key], metrics, {}, "USDT").text;
    expect(text("total_return_pct")).toBe("+5.12%");
    expect(text("max_drawdown_pct")).toBe("3.20%");
    expect(text("sharpe")).toBe("−0.46");
    expect(text("win_rate")).toBe("55.3%");
    expect(text("profit_factor")).toBe("1.50");
    expect(text("expectancy")).toBe("−2.50 USDT");
    expect(text("trades_count")).toBe("1,234");
    expect(text("fees_paid")).toBe("12.30 USDT");
    expect(text("exposure_pct")).toBe("45.68%");
    expect(text("final_equity")).toBe("10,512.35 USDT");
    expect(text("avg_holding_ms")).toBe("3d 4h");
  });

  it("shows a dash with the reason for a null metric", () => {
    const cagr = formatMetric(METRICS.cagr_pct, metrics, { cagr_pct: "empty_range" });
    expect(cagr).toEqual({ text: "—", reason: "The range is empty.", tone: "neutral" });
    const sortino = formatMetric(METRICS.sortino, metrics, { sortino: "some_new_reason" });
    expect(sortino.reason).toBe("Some new reason.");
    expect(formatMetric(METRICS.calmar, metrics, null).reason).toBe("Not available for this run.");
  });

  it("tones returns by sign and drawdown as a loss", () => {
    expect(formatMetric(METRICS.total_return_pct, metrics, {}).tone).toBe("up");
    expect(formatMetric(METRICS.buy_and_hold_return_pct, metrics, {}).tone).toBe("down");
    expect(formatMetric(METRICS.max_drawdown_pct, metrics, {}).tone).toBe("down");
    expect(formatMetric(METRICS.trades_count, metrics, {}).tone).toBe("neutral");
  });

  it("has a card for every metric the results page promises", () => {
    expect(CARD_METRICS.map((m) => m.label)).toEqual([
      "Total return",
      "CAGR",
      "Max drawdown",
      "Sharpe",
      "Sortino",
      "Calmar",
      "Win rate",
      "Profit factor",
      "Expectancy",
      "Trades",
      "Fees paid",
      "Exposure",
      "Final equity",
      "Buy & hold",
      "Avg holding time",
    ]);
  });
});

describe("betterOf", () => {
  it("prefers the higher value where higher is better", () => {
    expect(betterOf("higher", 2, 1)).toBe("a");
    expect(betterOf("higher", -3, 1)).toBe("b");
  });

  it("prefers the lower value where lower is better (drawdown, fees)", () => {
    expect(betterOf("lower", 5, 10)).toBe("a");
    expect(betterOf("lower", 10, 5)).toBe("b");
  });

  it("names no winner for ties, missing values or descriptive metrics", () => {
    expect(betterOf("higher", 1, 1)).toBeNull();
    expect(betterOf("higher", 1, 1 + 1e-12)).toBeNull();
    expect(betterOf("higher", null, 1)).toBeNull();
    expect(betterOf("lower", 1, undefined)).toBeNull();
    expect(betterOf("none", 1, 2)).toBeNull();
    expect(betterOf("higher", Number.NaN, 2)).toBeNull();
  });
});
