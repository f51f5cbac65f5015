import { describe, expect, it } from "vitest";
import { describeStrategyTypes } from "@/lib/strategies/registry";
import { rulesParameters } from "@/lib/strategies/rules";
import { ruleCatalogue } from "./rule-catalogue";
import { describeCombine, describeCondition, describeOperand, readRules } from "./rule-sentences";
import { draftRules, exampleRules, idSource, indicatorDraft, newCondition, operandOfKind, previewCondition, rulesValue } from "./rules-draft";

const rulesSchema = describeStrategyTypes().find((t) => t.type === "rules")!.parameters_schema;
const catalogue = ruleCatalogue(rulesSchema);

describe("ruleCatalogue", () => {
  it("lists every indicator of the schema with params, defaults and outputs", () => {
    expect(catalogue.indicators.map((i) => i.name)).toEqual(["sma", "ema", "rsi", "macd", "bollinger", "atr", "stochastic", "adx", "stddev", "zscore", "donchian", "volume_ma", "vwap"]);
    const macd = catalogue.indicators.find((i) => i.name === "macd")!;
    expect(macd.params.map((p) => [p.key, p.defaultValue, p.min, p.max])).toEqual([
      ["fast", 12, 1, 500],
      ["slow", 26, 2, 1000],
      ["signal", 9, 1, 500],
    ]);
    expect(macd.outputs.map((o) => o.value)).toEqual(["line", "signal", "hist"]);
    expect(macd.defaultOutput).toBe("line");
    const bollinger = catalogue.indicators.find((i) => i.name === "bollinger")!;
    expect(bollinger.params.find((p) => p.key === "mult")).toMatchObject({ integer: false, defaultValue: 2 });
    expect(catalogue.indicators.find((i) => i.name === "vwap")!.params).toEqual([]);
  });

  it("lists the candle fields and the comparisons", () => {
    expect(catalogue.priceFields.map((f) => f.value)).toEqual(["open", "high", "low", "close", "volume"]);
    expect(catalogue.operators).toEqual([
      { value: ">", label: "is above" },
      { value: "<", label: "is below" },
      { value: "crosses_above", label: "crosses above" },
      { value: "crosses_below", label: "crosses below" },
    ]);
  });

  it("is empty, not an exception, for a schema of another shape", () => {
    expect(ruleCatalogue({ type: "object" }).indicators).toEqual([]);
    expect(ruleCatalogue(null).priceFields).toEqual([]);
  });
});

describe("sentences", () => {
  it("words operands and conditions", () => {
    expect(describeCondition({ left: { kind: "price", field: "close" }, op: "crosses_above", right: { kind: "indicator", name: "sma", params: { period: 50 }, output: "value" } })).toBe(
      "Close crosses above SMA(50)",
    );
    expect(describeCondition({ left: { kind: "indicator", name: "rsi", params: { period: 14 } }, op: "<", right: { kind: "constant", value: 30 } })).toBe("RSI(14) is below 30");
    expect(describeCondition({ left: { kind: "indicator", name: "macd", params: { fast: 12, slow: 26, signal: 9 }, output: "line" }, op: ">", right: { kind: "indicator", name: "macd", params: { fast: 12, slow: 26, signal: 9 }, output: "signal" } })).toBe(
      "MACD(12, 26, 9) line is above MACD(12, 26, 9) signal",
    );
    expect(describeOperand({ kind: "indicator", name: "bollinger", params: { period: 20, mult: 2.5 }, output: "lower" })).toBe("Bollinger(20, 2.5) lower band");
    expect(describeOperand({ kind: "indicator", name: "adx", params: { period: 14 }, output: "adx" })).toBe("ADX(14)");
    expect(describeOperand({ kind: "indicator", name: "vwap", params: {}, output: "value" })).toBe("VWAP");
    expect(describeOperand({ kind: "price", field: "volume" })).toBe("volume");
    expect(describeOperand({ kind: "constant", value: 1234.5 })).toBe("1,234.5");
  });

  it("introduces a block by how it combines", () => {
    const c = { left: { kind: "price" as const, field: "close" }, op: ">", right: { kind: "constant" as const, value: 1 } };
    expect(describeCombine({ combine: "all", conditions: [c] })).toBe("When");
    expect(describeCombine({ combine: "all", conditions: [c, c] })).toBe("When all of these are true");
    expect(describeCombine({ combine: "any", conditions: [c, c] })).toBe("When any of these is true");
  });

  it("reads stored rules defensively", () => {
    expect(readRules({ ma_type: "sma" })).toBeNull();
    expect(readRules({ entry: { combine: "any", conditions: [{ left: {}, op: ">", right: {} }, { nope: 1 }] } })).toEqual({
      entry: { combine: "any", conditions: [{ left: {}, op: ">", right: {} }] },
      exit: { combine: "any", conditions: [] },
      short_entry: null,
      short_exit: null,
    });
  });
});

describe("rule drafts", () => {
  it("start from the example: close crosses SMA(50), which the server accepts", () => {
    const draft = exampleRules(catalogue, idSource("c"));
    const errors: string[] = [];
    const value = rulesValue(draft, false, (path) => errors.push(path));
    expect(errors).toEqual([]);
    expect(value.entry.conditions.map(describeCondition)).toEqual(["Close crosses above SMA(50)"]);
    expect(value.exit.conditions.map(describeCondition)).toEqual(["Close crosses below SMA(50)"]);
    expect(value.short_entry).toBeNull();
    expect(rulesParameters.safeParse(value).success).toBe(true);
  });

  it("send the short blocks only when shorts are allowed", () => {
    const value = rulesValue(exampleRules(catalogue, idSource("c")), true, () => {});
    expect(value.short_entry?.conditions.map(describeCondition)).toEqual(["Close crosses below SMA(50)"]);
    expect(rulesParameters.safeParse(value).success).toBe(true);
  });

  it("round-trip stored rules, filling an indicator's missing params with defaults", () => {
    const stored = readRules({
      entry: { combine: "any", conditions: [{ left: { kind: "indicator", name: "macd", params: { fast: 8 }, output: "hist" }, op: ">", right: { kind: "constant", value: 0 } }] },
      exit: { combine: "all", conditions: [] },
      short_entry: null,
      short_exit: null,
    });
    const draft = draftRules(catalogue, stored, idSource("c"));
    expect(draft.entry.combine).toBe("any");
    expect(draft.entry.conditions[0].left).toEqual({ kind: "indicator", name: "macd", params: { fast: "8", slow: "26", signal: "9" }, output: "hist" });
    const value = rulesValue(draft, false, () => {});
    expect(value.entry.conditions[0]).toEqual({ left: { kind: "indicator", name: "macd", params: { fast: 8, slow: 26, signal: 9 }, output: "hist" }, op: ">", right: { kind: "constant", value: 0 } });
    expect(value.exit).toEqual({ combine: "all", conditions: [] });
  });

  it("report unreadable numbers under the API's dotted paths", () => {
    const draft = exampleRules(catalogue, idSource("c"));
    draft.entry.conditions.push({ ...newCondition(catalogue, "x"), right: { kind: "constant", value: "" } });
    draft.entry.conditions[0].right = { kind: "indicator", name: "rsi", params: { period: "" }, output: "value" };
    const errors: string[] = [];
    rulesValue(draft, false, (path) => errors.push(path));
    expect(errors).toEqual(["parameters.entry.conditions.0.right.params.period", "parameters.entry.conditions.1.right.value"]);
  });

  it("switch an operand's kind to that kind's defaults", () => {
    expect(operandOfKind(catalogue, "indicator")).toEqual({ kind: "indicator", name: "sma", params: { period: "20" }, output: "value" });
    expect(operandOfKind(catalogue, "price")).toEqual({ kind: "price", field: "close" });
    expect(operandOfKind(catalogue, "constant")).toEqual({ kind: "constant", value: "0" });
    expect(indicatorDraft(catalogue, "stochastic")).toEqual({ kind: "indicator", name: "stochastic", params: { fast_k: "14", slow_k: "3", slow_d: "3" }, output: "k" });
  });
});

describe("previewCondition", () => {
  it("reads a condition being edited, with '?' for a number not typed yet", () => {
    const c = { id: "x", left: indicatorDraft(catalogue, "rsi"), op: "<", right: { kind: "constant" as const, value: "" } };
    expect(describeCondition(previewCondition(c))).toBe("RSI(14) is below ?");
  });
});
