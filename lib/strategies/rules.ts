import { z } from "zod";
import type { CandleArrays } from "@/lib/market/simulated";
import { RULE_INDICATOR_NAMES, ruleIndicator, type RuleIndicatorName } from "./rule-indicators";
import { defineStrategy, ENTER_LONG, ENTER_SHORT, EXIT_LONG, EXIT_SHORT } from "./types";
import { warmupBars } from "./warmup";

const indicatorOperands = RULE_INDICATOR_NAMES.map((name) => {
  const spec = ruleIndicator(name);
  return z
    .object({
      kind: z.literal("indicator"),
      name: z.literal(name),
      params: spec.params.prefault({}),
      output: z.enum(spec.outputs, { error: `The ${name} output must be one of ${spec.outputs.join(", ")}.` }).default(spec.outputs[0]),
    })
    .strict();
}) as unknown as [z.ZodObject, ...z.ZodObject[]];

const indicatorOperand = z.discriminatedUnion("name", indicatorOperands, {
  error: `The indicator must be one of ${RULE_INDICATOR_NAMES.join(", ")}.`,
});

const priceOperand = z
  .object({
    kind: z.literal("price"),
    field: z.enum(["open", "high", "low", "close", "volume"], { error: "The price field must be open, high, low, close or volume." }),
  })
  .strict();

const constantOperand = z
  .object({ kind: z.literal("constant"), value: z.number({ error: "The constant must be a number." }) })
  .strict();

/** An indicator output as the schema leaves it: params validated and defaulted per indicator. */
export interface IndicatorOperand {
  kind: "indicator";
  name: RuleIndicatorName;
  params: Record<string, unknown>;
  output: string;
}
export type RuleOperand = IndicatorOperand | z.output<typeof priceOperand> | z.output<typeof constantOperand>;
type RuleOperandInput =
  | { kind: "indicator"; name: RuleIndicatorName; params?: Record<string, unknown>; output?: string }
  | z.input<typeof priceOperand>
  | z.input<typeof constantOperand>;

// The indicator members are built from a table, so their static types are generic; the runtime
// schema is exact and the declared type says what it produces.
export const operandSchema: z.ZodType<RuleOperand, RuleOperandInput> = z.discriminatedUnion(
  "kind",
  [indicatorOperand, priceOperand, constantOperand],
  { error: "An operand is an indicator, a price or a constant." },
) as never;

export const conditionSchema = z
  .object({
    left: operandSchema,
    op: z.enum([">", "<", "crosses_above", "crosses_below"], { error: "The comparison must be >, <, crosses_above or crosses_below." }),
    right: operandSchema,
  })
  .strict();

const block = (label: string, minConditions: number) =>
  z
    .object(
      {
      combine: z.enum(["all", "any"], { error: "Combine must be all or any." }).default("all"),
      conditions: z
        .array(conditionSchema, { error: `The ${label} conditions must be a list.` })
        .min(minConditions, `Add at least one ${label} condition.`)
        .max(20, `Use at most 20 ${label} conditions.`),
      },
      { error: (issue) => (issue.input === undefined ? `Add the ${label} rules.` : `The ${label} rules must be an object with combine and conditions.`) },
    )
    .strict();

const NO_CONDITIONS = { combine: "any" as const, conditions: [] };

export const rulesParameters = z
  .object({
    entry: block("entry", 1),
    /** Without exit conditions a position leaves only through the risk settings (stop, target, trail). */
    exit: block("exit", 0).default(NO_CONDITIONS),
    /** Used only when the risk settings allow shorts. */
    short_entry: block("short entry", 1).nullable().default(null),
    short_exit: block("short exit", 0).nullable().default(null),
  })
  .strict();

export type RulesParameters = z.output<typeof rulesParameters>;
export type RulesParametersInput = z.input<typeof rulesParameters>;
export type RuleCondition = z.output<typeof conditionSchema>;
type RuleBlock = z.output<ReturnType<typeof block>>;

function blocks(p: RulesParameters): RuleBlock[] {
  return [p.entry, p.exit, p.short_entry, p.short_exit].filter((b): b is RuleBlock => b !== null);
}

function indicatorOperandsOf(p: RulesParameters): IndicatorOperand[] {
  const out: IndicatorOperand[] = [];
  for (const b of blocks(p)) {
    for (const c of b.conditions) {
      for (const o of [c.left, c.right]) if (o.kind === "indicator") out.push(o);
    }
  }
  return out;
}

/**
 * Rules built in the UI: `{ entry: { combine, conditions }, exit: { … } }`, each condition comparing
 * two operands (an indicator output, a candle field or a constant). A condition with a NaN operand is
 * false; "a crosses_above b" at t is a[t] > b[t] and a[t−1] ≤ b[t−1] with all four defined.
 * An entry and an exit both true on one candle is a conflict the engine resolves (no entry).
 */
export const rules = defineStrategy({
  type: "rules",
  label: "Rules",
  description: "Entry and exit conditions built from indicators, prices and constants.",
  canShort: true,
  parameters: rulesParameters,
  warmupBars(p, timeframeMs) {
    const operands = indicatorOperandsOf(p);
    return warmupBars({
      lookbacks: operands.map((o) => ruleIndicator(o.name).lookback(o.params, timeframeMs)),
      recursivePeriods: operands.map((o) => ruleIndicator(o.name).recursivePeriod(o.params)),
    });
  },
  signals(candles, p, { allowShort, timeframeMs }) {
    const n = candles.close.length;
    const values = operandValues(candles, timeframeMs);
    const flags = new Uint8Array(n);
    orInto(flags, evaluateBlock(p.entry, values, n), ENTER_LONG);
    if (p.exit.conditions.length > 0) orInto(flags, evaluateBlock(p.exit, values, n), EXIT_LONG);
    if (allowShort && p.short_entry !== null) {
      orInto(flags, evaluateBlock(p.short_entry, values, n), ENTER_SHORT);
      if (p.short_exit !== null && p.short_exit.conditions.length > 0) orInto(flags, evaluateBlock(p.short_exit, values, n), EXIT_SHORT);
    }
    return { flags };
  },
});

/** Operand series, each indicator computed once however many conditions use it. */
function operandValues(candles: CandleArrays, timeframeMs: number): (o: RuleOperand) => Float64Array {
  const cache = new Map<string, Float64Array>();
  const n = candles.close.length;
  return (o) => {
    if (o.kind === "price") return candles[o.field];
    const key = JSON.stringify(o);
    let series = cache.get(key);
    if (series !== undefined) return series;
    if (o.kind === "constant") {
      series = new Float64Array(n).fill(o.value);
    } else {
      series = ruleIndicator(o.name).compute(candles, o.params, timeframeMs)[o.output];
    }
    cache.set(key, series);
    return series;
  };
}

export function evaluateCondition(c: RuleCondition, a: Float64Array, b: Float64Array, out: Uint8Array): void {
  const n = out.length;
  switch (c.op) {
    case ">":
      for (let i = 0; i < n; i++) out[i] = a[i] > b[i] ? 1 : 0;
      return;
    case "<":
      for (let i = 0; i < n; i++) out[i] = a[i] < b[i] ? 1 : 0;
      return;
    case "crosses_above":
      if (n > 0) out[0] = 0;
      for (let i = 1; i < n; i++) out[i] = a[i] > b[i] && a[i - 1] <= b[i - 1] ? 1 : 0;
      return;
    case "crosses_below":
      if (n > 0) out[0] = 0;
      for (let i = 1; i < n; i++) out[i] = a[i] < b[i] && a[i - 1] >= b[i - 1] ? 1 : 0;
      return;
  }
}

function evaluateBlock(b: RuleBlock, values: (o: RuleOperand) => Float64Array, n: number): Uint8Array {
  const result = new Uint8Array(n);
  const scratch = new Uint8Array(n);
  b.conditions.forEach((c, k) => {
    const target = k === 0 ? result : scratch;
    evaluateCondition(c, values(c.left), values(c.right), target);
    if (k === 0) return;
    if (b.combine === "all") for (let i = 0; i < n; i++) result[i] &= scratch[i];
    else for (let i = 0; i < n; i++) result[i] |= scratch[i];
  });
  return result;
}

function orInto(flags: Uint8Array, truth: Uint8Array, flag: number): void {
  for (let i = 0; i < flags.length; i++) if (truth[i] === 1) flags[i] |= flag;
}
