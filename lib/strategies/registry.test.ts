import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { describeStrategyTypes, parseStrategyConfig, STRATEGY_TYPES, strategyConfigSchema } from "./index";

function errorPaths(input: unknown): Record<string, string> {
  const result = strategyConfigSchema.safeParse(input);
  if (result.success) throw new Error("expected a validation error");
  return Object.fromEntries((result.error as z.ZodError).issues.map((i) => [i.path.join("."), i.message]));
}

describe("strategy config", () => {
  it("accepts the issue's create request and fills the risk defaults", () => {
    const config = parseStrategyConfig({
      type: "ma_cross",
      parameters: { ma_type: "sma", fast_period: 10, slow_period: 30 },
      risk: { position_size_pct: 100, max_open_trades: 1, stop_loss_pct: null, take_profit_pct: null, trailing_stop_pct: null },
    });
    expect(config).toEqual({
      type: "ma_cross",
      parameters: { ma_type: "sma", fast_period: 10, slow_period: 30 },
      risk: { position_size_pct: 100, max_open_trades: 1, stop_loss_pct: null, take_profit_pct: null, trailing_stop_pct: null, allow_short: false },
    });
  });

  it("fills every type's parameter defaults from an empty object (except rules, which need an entry, and grid, which needs its prices)", () => {
    for (const type of STRATEGY_TYPES.filter((t) => t !== "rules" && t !== "grid")) {
      expect(parseStrategyConfig({ type }).type).toBe(type);
    }
    expect(parseStrategyConfig({ type: "mean_reversion" }).parameters).toMatchObject({
      bb_period: 20,
      bb_std: 2,
      buy_rsi_period: 14,
      buy_rsi: 30,
      sell_rsi: 70,
      zscore_period: 30,
      adx_period: 14,
      roi_table: [
        { after_minutes: 0, pct: 10 },
        { after_minutes: 20, pct: 5 },
        { after_minutes: 40, pct: 3 },
        { after_minutes: 60, pct: 1 },
      ],
      trailing_offset_pct: 2,
    });
    expect(errorPaths({ type: "rules" })).toEqual({ "parameters.entry": "Add the entry rules." });
    expect(errorPaths({ type: "grid" })).toEqual({ "parameters.lower_price": "Enter the lower price.", "parameters.upper_price": "Enter the upper price." });
    expect(parseStrategyConfig({ type: "dca" }).parameters).toEqual({ quote_amount: 100, interval_candles: 24, take_profit_pct: 3, max_buys: 10 });
    expect(parseStrategyConfig({ type: "grid", parameters: { lower_price: 90, upper_price: 110 } }).parameters).toEqual({
      lower_price: 90,
      upper_price: 110,
      levels: 10,
      spacing: "arithmetic",
      quote_per_level: 100,
    });
  });

  it("reports errors under dotted wire paths", () => {
    expect(errorPaths({ type: "ma_cross", parameters: { fast_period: 30, slow_period: 10 } })).toEqual({
      "parameters.slow_period": "The slow period must be longer than the fast period.",
    });
    expect(errorPaths({ type: "momentum", parameters: { macd_fast: 1.5 } })).toEqual({
      "parameters.macd_fast": "The MACD fast period must be a whole number.",
    });
    expect(errorPaths({ type: "breakout", parameters: { channel_period: 1, colour: "red" }, risk: { stop_loss_pct: 0 } })).toEqual({
      "parameters.channel_period": "The channel period must be between 2 and 1,000.",
      parameters: 'Unrecognized key: "colour"',
      "risk.stop_loss_pct": "The stop-loss must be between 0.01% and 99.9%.",
    });
    expect(errorPaths({ type: "mean_reversion", parameters: { bb_period: 30, roi_table: [{ after_minutes: -1, pct: 1 }] } })).toEqual({
      "parameters.bb_period": "The Bollinger period must be between 15 and 25.",
      "parameters.roi_table.0.after_minutes": "Minutes cannot be negative.",
    });
    expect(errorPaths({ type: "arbitrage" })).toEqual({ type: "The type must be one of ma_cross, momentum, breakout, mean_reversion, rules, dca, grid." });
  });

  it("checks dca and grid parameters under dotted paths", () => {
    expect(errorPaths({ type: "dca", parameters: { quote_amount: 0, interval_candles: 2.5, take_profit_pct: -1, max_buys: 0 } })).toEqual({
      "parameters.quote_amount": "The amount per buy must be between 0.01 and 1,000,000,000.",
      "parameters.interval_candles": "The buy interval must be a whole number.",
      "parameters.take_profit_pct": "The take-profit must be between 0.01% and 10,000%.",
      "parameters.max_buys": "Max buys must be between 1 and 10,000.",
    });
    expect(parseStrategyConfig({ type: "dca", parameters: { take_profit_pct: null, max_buys: null } }).parameters).toMatchObject({ take_profit_pct: null, max_buys: null });
    expect(errorPaths({ type: "grid", parameters: { lower_price: 110, upper_price: 90 } })).toEqual({
      "parameters.upper_price": "The upper price must be above the lower price.",
    });
    expect(errorPaths({ type: "grid", parameters: { lower_price: 0, upper_price: "100", levels: 201, spacing: "log", quote_per_level: 0 } })).toEqual({
      "parameters.lower_price": "The lower price must be above 0.",
      "parameters.upper_price": "The upper price must be a number.",
      "parameters.levels": "The number of levels must be between 2 and 200.",
      "parameters.spacing": "The spacing must be arithmetic or geometric.",
      "parameters.quote_per_level": "The amount per level must be between 0.01 and 1,000,000,000.",
    });
    expect(errorPaths({ type: "dca", risk: { allow_short: true } })).toEqual({ "risk.allow_short": "The DCA strategy is long only." });
    expect(errorPaths({ type: "grid", parameters: { lower_price: 1, upper_price: 2 }, risk: { allow_short: true } })).toEqual({ "risk.allow_short": "The Grid strategy is long only." });
  });

  it("reports rule errors down to the operand", () => {
    const rsiBelow = (left: unknown) => ({
      type: "rules",
      parameters: { entry: { combine: "all", conditions: [{ left, op: "<", right: { kind: "constant", value: 30 } }] } },
    });
    expect(errorPaths(rsiBelow({ kind: "indicator", name: "rsi", params: { period: 0 } }))).toEqual({
      "parameters.entry.conditions.0.left.params.period": "The RSI period must be between 1 and 500.",
    });
    expect(Object.keys(errorPaths(rsiBelow({ kind: "indicator", name: "supertrend" })))).toEqual(["parameters.entry.conditions.0.left.name"]);
    expect(errorPaths(rsiBelow({ kind: "indicator", name: "macd", output: "upper" }))).toEqual({
      "parameters.entry.conditions.0.left.output": "The macd output must be one of line, signal, hist.",
    });
    expect(errorPaths(rsiBelow({ kind: "price", field: "vwap" }))).toEqual({
      "parameters.entry.conditions.0.left.field": "The price field must be open, high, low, close or volume.",
    });
    expect(errorPaths({ type: "rules", parameters: { entry: { combine: "all", conditions: [] } } })).toEqual({
      "parameters.entry.conditions": "Add at least one entry condition.",
    });
  });

  it("fills indicator parameters and outputs", () => {
    const config = parseStrategyConfig({
      type: "rules",
      parameters: { entry: { conditions: [{ left: { kind: "indicator", name: "macd" }, op: "crosses_above", right: { kind: "indicator", name: "macd", output: "signal" } }] } },
    });
    expect(config.type === "rules" && config.parameters.entry.conditions[0]).toEqual({
      left: { kind: "indicator", name: "macd", params: { fast: 12, slow: 26, signal: 9 }, output: "line" },
      op: "crosses_above",
      right: { kind: "indicator", name: "macd", params: { fast: 12, slow: 26, signal: 9 }, output: "signal" },
    });
  });

  it("refuses shorts for long-only types", () => {
    expect(errorPaths({ type: "mean_reversion", risk: { allow_short: true } })).toEqual({ "risk.allow_short": "The Mean reversion strategy is long only." });
    expect(parseStrategyConfig({ type: "ma_cross", risk: { allow_short: true } }).risk.allow_short).toBe(true);
  });

  it("describes every type with a JSON Schema of its parameters", () => {
    const types = describeStrategyTypes();
    expect(types.map((t) => t.type)).toEqual(STRATEGY_TYPES);
    const maCross = types.find((t) => t.type === "ma_cross")!;
    expect(maCross.parameters_schema).toMatchObject({
      type: "object",
      properties: { ma_type: { enum: ["sma", "ema"], default: "sma" }, fast_period: { type: "integer", default: 10 } },
    });
    expect(maCross.risk_schema).toMatchObject({ properties: { allow_short: { type: "boolean", default: false } } });
    expect(types.find((t) => t.type === "dca")!.parameters_schema).toMatchObject({
      type: "object",
      properties: {
        quote_amount: { type: "number", default: 100 },
        interval_candles: { type: "integer", default: 24 },
        take_profit_pct: { default: 3 },
        max_buys: { default: 10 },
      },
    });
    const grid = types.find((t) => t.type === "grid")!;
    expect(grid).toMatchObject({
      can_short: false,
      single_symbol: true,
      ignored_risk: ["position_size_pct", "stop_loss_pct", "take_profit_pct", "trailing_stop_pct"],
      description: expect.stringMatching(/exactly one pair/),
    });
    expect(maCross).toMatchObject({ single_symbol: false, ignored_risk: [] });
    expect(grid.parameters_schema).toMatchObject({
      type: "object",
      required: ["lower_price", "upper_price"],
      properties: { lower_price: { type: "number", exclusiveMinimum: 0 }, levels: { type: "integer", minimum: 2, maximum: 200, default: 10 }, spacing: { enum: ["arithmetic", "geometric"] } },
    });
  });
});
