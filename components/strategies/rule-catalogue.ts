/**
 * What a rules strategy can compare, read from the rules type's parameter JSON Schema: each
 * indicator with its parameters and outputs, the candle fields and the comparisons. Adding an
 * indicator on the server makes it appear in the builder without a UI change.
 */
import { fieldsFromSchema, type JsonSchema, type NumberField } from "./schema-fields";

export type Option = { value: string; label: string };

export type IndicatorSpec = {
  name: string;
  label: string;
  params: NumberField[];
  outputs: Option[];
  defaultOutput: string;
};

export type RuleCatalogue = {
  indicators: IndicatorSpec[];
  priceFields: Option[];
  operators: Option[];
};

export type RuleOp = ">" | "<" | "crosses_above" | "crosses_below";
export const RULE_OPS: readonly RuleOp[] = [">", "<", "crosses_above", "crosses_below"];

export const OPERATOR_LABELS: Record<string, string> = {
  ">": "is above",
  "<": "is below",
  crosses_above: "crosses above",
  crosses_below: "crosses below",
};

const INDICATOR_LABELS: Record<string, string> = {
  sma: "SMA",
  ema: "EMA",
  rsi: "RSI",
  macd: "MACD",
  bollinger: "Bollinger",
  atr: "ATR",
  stochastic: "Stochastic",
  adx: "ADX",
  stddev: "Std dev",
  zscore: "Z-score",
  donchian: "Donchian",
  volume_ma: "Volume MA",
  vwap: "VWAP",
};

const OUTPUT_LABELS: Record<string, string> = {
  value: "value",
  line: "line",
  signal: "signal",
  hist: "histogram",
  middle: "middle band",
  upper: "upper band",
  lower: "lower band",
  k: "%K",
  d: "%D",
  adx: "ADX",
  plus_di: "+DI",
  minus_di: "−DI",
};

const PRICE_LABELS: Record<string, string> = { open: "Open", high: "High", low: "Low", close: "Close", volume: "Volume" };

export const indicatorLabel = (name: string): string => INDICATOR_LABELS[name] ?? name.toUpperCase();
export const outputLabel = (output: string): string => OUTPUT_LABELS[output] ?? output.replace(/_/g, " ");
export const priceLabel = (field: string): string => PRICE_LABELS[field] ?? field.charAt(0).toUpperCase() + field.slice(1);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Every object schema under nested oneOf/anyOf groups. */
function variantsOf(schema: unknown): JsonSchema[] {
  if (!isRecord(schema)) return [];
  const group = schema.oneOf ?? schema.anyOf;
  if (Array.isArray(group)) return group.flatMap(variantsOf);
  return [schema];
}

const constOf = (schema: unknown): unknown => (isRecord(schema) ? schema.const : undefined);

/** The operand schema of the rules type: entry → conditions → items → left. */
function operandSchema(rulesSchema: unknown): unknown {
  if (!isRecord(rulesSchema) || !isRecord(rulesSchema.properties)) return undefined;
  const entry = variantsOf(rulesSchema.properties.entry).find((v) => isRecord(v.properties));
  const conditions = isRecord(entry?.properties) ? entry.properties.conditions : undefined;
  const items = isRecord(conditions) ? conditions.items : undefined;
  return isRecord(items) && isRecord(items.properties) ? items.properties.left : undefined;
}

function operatorsOf(rulesSchema: unknown): string[] {
  if (!isRecord(rulesSchema) || !isRecord(rulesSchema.properties)) return [];
  const entry = variantsOf(rulesSchema.properties.entry).find((v) => isRecord(v.properties));
  const conditions = isRecord(entry?.properties) ? entry.properties.conditions : undefined;
  const items = isRecord(conditions) ? conditions.items : undefined;
  const op = isRecord(items) && isRecord(items.properties) ? items.properties.op : undefined;
  return isRecord(op) && Array.isArray(op.enum) ? op.enum.filter((v): v is string => typeof v === "string") : [];
}

export function ruleCatalogue(rulesSchema: unknown): RuleCatalogue {
  const indicators: IndicatorSpec[] = [];
  let priceFields: Option[] = [];
  for (const variant of variantsOf(operandSchema(rulesSchema))) {
    const props = isRecord(variant.properties) ? variant.properties : {};
    const kind = constOf(props.kind);
    if (kind === "indicator") {
      const name = constOf(props.name);
      if (typeof name !== "string") continue;
      const output = isRecord(props.output) ? props.output : {};
      const outputs = Array.isArray(output.enum) ? output.enum.filter((v): v is string => typeof v === "string") : ["value"];
      const params = fieldsFromSchema(props.params).filter((f): f is NumberField => f.kind === "number");
      indicators.push({
        name,
        label: indicatorLabel(name),
        params,
        outputs: outputs.map((value) => ({ value, label: outputLabel(value) })),
        defaultOutput: typeof output.default === "string" ? output.default : outputs[0],
      });
    } else if (kind === "price") {
      const field = isRecord(props.field) ? props.field : {};
      const values = Array.isArray(field.enum) ? field.enum.filter((v): v is string => typeof v === "string") : [];
      priceFields = values.map((value) => ({ value, label: priceLabel(value) }));
    }
  }
  const ops = operatorsOf(rulesSchema);
  return {
    indicators,
    priceFields,
    operators: (ops.length > 0 ? ops : RULE_OPS).map((value) => ({ value, label: OPERATOR_LABELS[value] ?? value })),
  };
}
