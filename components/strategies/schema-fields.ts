/**
 * Form field descriptors read from a strategy type's parameter JSON Schema (GET
 * /api/v1/strategies/types), so a new parameter or a changed range reaches the form without a UI
 * change. Pure: server pages compute these and hand the small result to the client form.
 */

export type JsonSchema = Record<string, unknown>;

type FieldText = { label: string; hint?: string; unit?: string; noneLabel?: string; options?: Record<string, string> };

export type NumberField = {
  kind: "number";
  key: string;
  label: string;
  hint?: string;
  unit?: string;
  integer: boolean;
  min?: number;
  max?: number;
  /** Whole numbers step by one; decimals take any step so the browser never calls 2.35 out of step. */
  step: number | "any";
  /** null is a valid value ("none"): the form shows a checkbox beside the number. */
  nullable: boolean;
  noneLabel: string;
  defaultValue: number | null;
};

export type EnumField = {
  kind: "enum";
  key: string;
  label: string;
  hint?: string;
  options: { value: string; label: string }[];
  defaultValue: string;
};

export type BooleanField = { kind: "boolean"; key: string; label: string; hint?: string; defaultValue: boolean };

/** A list of small objects with number fields only (mean_reversion's roi_table). */
export type TableField = {
  kind: "table";
  key: string;
  label: string;
  hint?: string;
  columns: NumberField[];
  maxItems?: number;
  defaultValue: Record<string, number>[];
};

export type ParamField = NumberField | EnumField | BooleanField | TableField;

/**
 * Wording for the parameters the schema names only by key ("<type>.<key>" where a key means
 * something else in one type). A `title` or `description` in the schema takes precedence, so the
 * server can take this over field by field.
 */
const FIELD_TEXT: Record<string, FieldText> = {
  // Moving-average crossover
  ma_type: { label: "Average", options: { sma: "Simple (SMA)", ema: "Exponential (EMA)" } },
  fast_period: { label: "Fast period", unit: "candles" },
  slow_period: { label: "Slow period", unit: "candles", hint: "Longer than the fast period." },
  // MACD momentum
  macd_fast: { label: "MACD fast period", unit: "candles" },
  macd_slow: { label: "MACD slow period", unit: "candles" },
  macd_signal: { label: "MACD signal period", unit: "candles" },
  trend_ema_period: { label: "Trend EMA period", unit: "candles", noneLabel: "no trend filter", hint: "Entries only in the direction of this EMA." },
  // Donchian breakout
  channel_period: { label: "Entry channel period", unit: "candles" },
  exit_period: { label: "Exit channel period", unit: "candles" },
  atr_period: { label: "ATR period", unit: "candles" },
  atr_stop_mult: { label: "ATR stop multiple", unit: "× ATR", noneLabel: "no ATR stop", hint: "Stop distance fixed at entry." },
  // Mean reversion
  bb_period: { label: "Bollinger period", unit: "candles" },
  bb_std: { label: "Bollinger width", unit: "σ" },
  buy_rsi_period: { label: "RSI period", unit: "candles" },
  buy_rsi: { label: "Buy below RSI" },
  sell_rsi: { label: "Sell above RSI" },
  zscore_period: { label: "Z-score period", unit: "candles" },
  adx_period: { label: "ADX period", unit: "candles" },
  zscore_entry: { label: "Entry z-score" },
  zscore_exit: { label: "Exit z-score", hint: "Above the entry z-score." },
  adx_entry_max: { label: "Max ADX to enter" },
  adx_exit_min: { label: "ADX to exit" },
  volume_ma_period: { label: "Volume average period", unit: "candles" },
  trend_sma_period: { label: "Trend SMA period", unit: "candles", noneLabel: "no trend filter" },
  min_bb_width: { label: "Minimum band width", hint: "As a fraction of the middle band (0.02 = 2%)." },
  roi_table: { label: "Minimal ROI", hint: "Exit once a trade held this long earns this much." },
  after_minutes: { label: "After", unit: "min" },
  pct: { label: "ROI", unit: "%" },
  trailing_offset_pct: { label: "Trailing offset", unit: "%", noneLabel: "trail from entry", hint: "The trailing stop starts once the trade is this far in profit." },
  dynamic_stop: { label: "Dynamic ATR stop", hint: "Tightens the stop at every close." },
  stop_atr_period: { label: "Stop ATR period", unit: "candles" },
  stop_atr_mult: { label: "Stop ATR multiple", unit: "× ATR" },
  // DCA
  quote_amount: { label: "Amount per buy", hint: "In the stake currency, fees included." },
  interval_candles: { label: "Buy every", unit: "candles" },
  "dca.take_profit_pct": { label: "Take profit above average", unit: "%", noneLabel: "no take-profit" },
  max_buys: { label: "Max buys", noneLabel: "no cap", hint: "Per position, from flat to flat." },
  // Grid
  lower_price: { label: "Lower price" },
  upper_price: { label: "Upper price" },
  levels: { label: "Levels" },
  spacing: { label: "Spacing", options: { arithmetic: "Even steps (arithmetic)", geometric: "Even ratios (geometric)" } },
  quote_per_level: { label: "Amount per level", hint: "In the stake currency, fees included." },
  // Risk
  position_size_pct: { label: "Position size", unit: "%", hint: "Of equity per trade." },
  max_open_trades: { label: "Max open trades" },
  stop_loss_pct: { label: "Stop loss", unit: "%" },
  take_profit_pct: { label: "Take profit", unit: "%" },
  trailing_stop_pct: { label: "Trailing stop", unit: "%" },
  allow_short: { label: "Allow shorts", hint: "Backtests can short; bots cannot trade shorts yet." },
  // Rule indicator parameters
  period: { label: "Period" },
  fast: { label: "Fast" },
  slow: { label: "Slow" },
  signal: { label: "Signal" },
  mult: { label: "Width (σ)" },
  fast_k: { label: "%K period" },
  slow_k: { label: "%K smoothing" },
  slow_d: { label: "%D period" },
};

/** "fast_period" → "Fast period", for keys nobody has worded yet. */
export function humanizeKey(key: string): string {
  const words = key.replace(/_/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/** The non-null member of `anyOf: [X, { type: "null" }]`, with whether null was allowed. */
function unwrapNullable(schema: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  const variants = schema.anyOf ?? schema.oneOf;
  if (!Array.isArray(variants)) {
    if (Array.isArray(schema.type) && schema.type.includes("null")) {
      const rest = schema.type.filter((t) => t !== "null");
      return { schema: { ...schema, type: rest.length === 1 ? rest[0] : rest }, nullable: true };
    }
    return { schema, nullable: false };
  }
  const nonNull = variants.filter((v) => !(isRecord(v) && v.type === "null"));
  if (nonNull.length === 1 && nonNull.length < variants.length && isRecord(nonNull[0])) {
    return { schema: { ...schema, ...nonNull[0] }, nullable: true };
  }
  return { schema, nullable: false };
}

function textFor(key: string, schema: JsonSchema, scope?: string): FieldText {
  const known = (scope !== undefined ? FIELD_TEXT[`${scope}.${key}`] : undefined) ?? FIELD_TEXT[key];
  return {
    ...known,
    label: typeof schema.title === "string" ? schema.title : (known?.label ?? humanizeKey(key)),
    hint: typeof schema.description === "string" ? schema.description : known?.hint,
  };
}

function numberField(key: string, schema: JsonSchema, nullable: boolean, text: FieldText, fallbackDefault: unknown): NumberField {
  const integer = schema.type === "integer";
  // Zod writes Number.MAX_SAFE_INTEGER for "no upper bound"; a max attribute that large says nothing.
  const max = num(schema.maximum);
  const def = "default" in schema ? schema.default : fallbackDefault;
  return {
    kind: "number",
    key,
    label: text.label,
    ...(text.hint ? { hint: text.hint } : {}),
    ...(text.unit ? { unit: text.unit } : {}),
    integer,
    ...(num(schema.minimum) !== undefined ? { min: num(schema.minimum) } : {}),
    ...(max !== undefined && max < Number.MAX_SAFE_INTEGER ? { max } : {}),
    step: integer ? 1 : "any",
    nullable,
    noneLabel: text.noneLabel ?? "none",
    defaultValue: num(def) ?? null,
  };
}

/** One property of an object schema as a field, or null for shapes the generic form cannot edit. */
export function fieldFromSchema(key: string, raw: JsonSchema, fallbackDefault?: unknown, scope?: string): ParamField | null {
  const { schema, nullable } = unwrapNullable(raw);
  const text = textFor(key, raw, scope);
  const def = "default" in raw ? raw.default : "default" in schema ? schema.default : fallbackDefault;
  const base = { key, label: text.label, ...(text.hint ? { hint: text.hint } : {}) };

  if (Array.isArray(schema.enum) && schema.enum.every((v) => typeof v === "string")) {
    const values = schema.enum as string[];
    return {
      kind: "enum",
      ...base,
      options: values.map((value) => ({ value, label: text.options?.[value] ?? value })),
      defaultValue: typeof def === "string" && values.includes(def) ? def : values[0],
    };
  }
  if (schema.type === "integer" || schema.type === "number") {
    return numberField(key, { ...schema, default: def }, nullable, text, fallbackDefault);
  }
  if (schema.type === "boolean") return { kind: "boolean", ...base, defaultValue: def === true };
  if (schema.type === "array" && isRecord(schema.items) && isRecord(schema.items.properties)) {
    const columns: NumberField[] = [];
    for (const [columnKey, columnSchema] of Object.entries(schema.items.properties)) {
      if (!isRecord(columnSchema)) return null;
      const column = fieldFromSchema(columnKey, columnSchema);
      if (column?.kind !== "number") return null;
      columns.push(column);
    }
    const rows = Array.isArray(def) ? def.filter(isRecord).map((row) => Object.fromEntries(columns.map((c) => [c.key, num(row[c.key]) ?? 0]))) : [];
    return { kind: "table", ...base, columns, ...(num(schema.maxItems) !== undefined ? { maxItems: num(schema.maxItems) } : {}), defaultValue: rows };
  }
  return null;
}

/**
 * The editable fields of an object schema, in the schema's order; shapes the form cannot edit are
 * left out. `scope` (the strategy type) picks wording meant for that type only.
 */
export function fieldsFromSchema(schema: unknown, scope?: string): ParamField[] {
  if (!isRecord(schema) || !isRecord(schema.properties)) return [];
  const defaults = isRecord(schema.default) ? schema.default : {};
  const fields: ParamField[] = [];
  for (const [key, property] of Object.entries(schema.properties)) {
    if (!isRecord(property)) continue;
    const field = fieldFromSchema(key, property, defaults[key], scope);
    if (field) fields.push(field);
  }
  return fields;
}

/** Every field's default, as the API would fill it. */
export function defaultsOf(fields: readonly ParamField[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f.key, f.defaultValue]));
}

/** A value as the summary pages show it: units attached, null as the field's "none" wording. */
export function formatFieldValue(field: ParamField, value: unknown): string {
  switch (field.kind) {
    case "number": {
      if (value === null || value === undefined) return capitalize(field.noneLabel);
      if (typeof value !== "number") return String(value);
      const n = value.toLocaleString("en-US", { maximumFractionDigits: 8 });
      if (!field.unit) return n;
      return field.unit === "%" ? `${n}%` : `${n} ${field.unit}`;
    }
    case "enum":
      return field.options.find((o) => o.value === value)?.label ?? String(value);
    case "boolean":
      return value ? "On" : "Off";
    case "table": {
      if (!Array.isArray(value) || value.length === 0) return "None";
      return value
        .filter(isRecord)
        .map((row) => field.columns.map((c) => formatFieldValue(c, row[c.key])).join(" → "))
        .join(", ");
    }
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A number input's text as a number, or null when it is empty or not a number. */
export function parseDecimal(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : null;
}

/** A number as a number input shows it. */
export function numberText(value: unknown): string {
  return typeof value === "number" && Number.isFinite(value) ? String(value) : "";
}
