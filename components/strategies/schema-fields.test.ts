import { describe, expect, it } from "vitest";
import { describeStrategyTypes } from "@/lib/strategies/registry";
import { defaultsOf, fieldFromSchema, fieldsFromSchema, formatFieldValue, humanizeKey, parseDecimal } from "./schema-fields";

const types = describeStrategyTypes();
const schemaOf = (type: string) => types.find((t) => t.type === type)!.parameters_schema;

describe("fieldsFromSchema", () => {
  it("reads ma_cross: an enum and two whole numbers with ranges, defaults and labels", () => {
    const fields = fieldsFromSchema(schemaOf("ma_cross"));
    expect(fields.map((f) => f.key)).toEqual(["ma_type", "fast_period", "slow_period"]);
    expect(fields[0]).toMatchObject({ kind: "enum", label: "Average", defaultValue: "sma", options: [{ value: "sma", label: "Simple (SMA)" }, { value: "ema", label: "Exponential (EMA)" }] });
    expect(fields[1]).toMatchObject({ kind: "number", label: "Fast period", integer: true, min: 1, max: 1000, step: 1, nullable: false, defaultValue: 10 });
    expect(fields[2]).toMatchObject({ kind: "number", min: 2, max: 2000, defaultValue: 30 });
  });

  it("reads a nullable number with its default and its none wording", () => {
    const field = fieldsFromSchema(schemaOf("momentum")).find((f) => f.key === "trend_ema_period");
    expect(field).toMatchObject({ kind: "number", nullable: true, defaultValue: 200, min: 2, max: 1000, noneLabel: "no trend filter" });
    const mult = fieldsFromSchema(schemaOf("breakout")).find((f) => f.key === "atr_stop_mult");
    expect(mult).toMatchObject({ kind: "number", integer: false, step: "any", nullable: true, defaultValue: 2 });
  });

  it("reads mean_reversion's ROI table as rows of number columns, and its boolean", () => {
    const fields = fieldsFromSchema(schemaOf("mean_reversion"));
    const roi = fields.find((f) => f.key === "roi_table");
    expect(roi).toMatchObject({ kind: "table", maxItems: 20, defaultValue: [{ after_minutes: 0, pct: 10 }, { after_minutes: 20, pct: 5 }, { after_minutes: 40, pct: 3 }, { after_minutes: 60, pct: 1 }] });
    if (roi?.kind !== "table") throw new Error("not a table");
    // No upper bound on minutes: the huge safe-integer maximum is not passed on as an input limit.
    expect(roi.columns[0]).toMatchObject({ key: "after_minutes", integer: true, min: 0 });
    expect(roi.columns[0]).not.toHaveProperty("max");
    expect(fields.find((f) => f.key === "dynamic_stop")).toMatchObject({ kind: "boolean", defaultValue: true });
  });

  it("reads the risk schema: nullable percentages default to none", () => {
    const fields = fieldsFromSchema(types[0].risk_schema);
    expect(fields.map((f) => f.key)).toEqual(["position_size_pct", "max_open_trades", "stop_loss_pct", "take_profit_pct", "trailing_stop_pct", "allow_short"]);
    expect(fields.find((f) => f.key === "stop_loss_pct")).toMatchObject({ kind: "number", nullable: true, defaultValue: null, unit: "%" });
  });

  it("leaves out the rules type's nested objects, which have their own builder", () => {
    expect(fieldsFromSchema(schemaOf("rules"))).toEqual([]);
  });

  it("prefers the schema's own title and description, and words unknown keys from the key", () => {
    expect(fieldFromSchema("lookback_days", { type: "integer", default: 3 })).toMatchObject({ label: "Lookback days", defaultValue: 3 });
    expect(fieldFromSchema("fast_period", { type: "integer", title: "Quick", description: "Shorter one." })).toMatchObject({ label: "Quick", hint: "Shorter one." });
  });

  it("gives every field's default", () => {
    expect(defaultsOf(fieldsFromSchema(schemaOf("ma_cross")))).toEqual({ ma_type: "sma", fast_period: 10, slow_period: 30 });
  });
});

describe("formatFieldValue", () => {
  const fields = fieldsFromSchema(schemaOf("mean_reversion"));
  const field = (key: string) => fields.find((f) => f.key === key)!;
  it("words numbers with units, nulls, booleans and tables", () => {
    expect(formatFieldValue(field("bb_period"), 20)).toBe("20 candles");
    expect(formatFieldValue(field("trailing_offset_pct"), 2.5)).toBe("2.5%");
    expect(formatFieldValue(field("trend_sma_period"), null)).toBe("No trend filter");
    expect(formatFieldValue(field("dynamic_stop"), false)).toBe("Off");
    expect(formatFieldValue(field("roi_table"), [{ after_minutes: 0, pct: 10 }, { after_minutes: 20, pct: 5 }])).toBe("0 min → 10%, 20 min → 5%");
  });
});

describe("small helpers", () => {
  it("humanizes keys and parses typed numbers", () => {
    expect(humanizeKey("fast_period")).toBe("Fast period");
    expect(parseDecimal(" 2.5 ")).toBe(2.5);
    expect(parseDecimal("")).toBeNull();
    expect(parseDecimal("abc")).toBeNull();
  });
});

describe("type-scoped wording", () => {
  it("words a key by its type where it means something else there", () => {
    const dca = { type: "object", properties: { take_profit_pct: { default: 3, anyOf: [{ type: "number", minimum: 0.01 }, { type: "null" }] } } };
    expect(fieldsFromSchema(dca, "dca")[0]).toMatchObject({ label: "Take profit above average", nullable: true, defaultValue: 3 });
    expect(fieldsFromSchema(dca)[0]).toMatchObject({ label: "Take profit" });
  });

  it("leaves a required number without a default empty", () => {
    expect(fieldFromSchema("lower_price", { type: "number", exclusiveMinimum: 0 })).toMatchObject({ kind: "number", defaultValue: null, nullable: false });
  });
});
