/**
 * The rule builder's editable state and its conversion to and from the rules parameters. Numbers
 * stay as typed text until saving, so a half-typed "1." is never rewritten under the cursor.
 */
import type { IndicatorSpec, RuleCatalogue } from "./rule-catalogue";
import { RULE_BLOCKS, type BlockValue, type ConditionValue, type OperandValue, type RuleBlockKey, type RulesValue } from "./rule-sentences";
import { numberText, parseDecimal } from "./schema-fields";

export type OperandKind = OperandValue["kind"];
export const OPERAND_KINDS: readonly { value: OperandKind; label: string }[] = [
  { value: "indicator", label: "Indicator" },
  { value: "price", label: "Price" },
  { value: "constant", label: "Number" },
];

export type OperandDraft =
  | { kind: "indicator"; name: string; params: Record<string, string>; output: string }
  | { kind: "price"; field: string }
  | { kind: "constant"; value: string };

export type ConditionDraft = { id: string; left: OperandDraft; op: string; right: OperandDraft };
export type BlockDraft = { combine: "all" | "any"; conditions: ConditionDraft[] };
export type RulesDraft = Record<RuleBlockKey, BlockDraft>;

/** Deterministic ids, so the server render and the browser's first render agree. */
export function idSource(prefix: string): () => string {
  let n = 0;
  return () => `${prefix}${n++}`;
}

function specOf(catalogue: RuleCatalogue, name: string): IndicatorSpec | undefined {
  return catalogue.indicators.find((i) => i.name === name);
}

/** An indicator operand with its defaults, overridden by any stored params and output. */
export function indicatorDraft(catalogue: RuleCatalogue, name: string, params: Record<string, unknown> = {}, output?: string): OperandDraft {
  const spec = specOf(catalogue, name) ?? catalogue.indicators[0];
  if (!spec) return { kind: "indicator", name, params: {}, output: output ?? "value" };
  return {
    kind: "indicator",
    name: spec.name,
    params: Object.fromEntries(spec.params.map((p) => [p.key, numberText(params[p.key] ?? p.defaultValue)])),
    output: output && spec.outputs.some((o) => o.value === output) ? output : spec.defaultOutput,
  };
}

const DEFAULT_INDICATOR = "sma";

/** A fresh operand of a kind: SMA with its defaults, the close, or zero. */
export function operandOfKind(catalogue: RuleCatalogue, kind: OperandKind): OperandDraft {
  if (kind === "indicator") return indicatorDraft(catalogue, DEFAULT_INDICATOR);
  if (kind === "price") return { kind: "price", field: catalogue.priceFields.some((f) => f.value === "close") ? "close" : (catalogue.priceFields[0]?.value ?? "close") };
  return { kind: "constant", value: "0" };
}

export function operandDraft(catalogue: RuleCatalogue, value: OperandValue): OperandDraft {
  if (value.kind === "indicator") return indicatorDraft(catalogue, value.name, value.params, value.output);
  if (value.kind === "price") return { kind: "price", field: value.field };
  return { kind: "constant", value: numberText(value.value) };
}

/** What "Add condition" adds: close above SMA(20), a neutral start to edit. */
export function newCondition(catalogue: RuleCatalogue, id: string): ConditionDraft {
  return { id, left: operandOfKind(catalogue, "price"), op: ">", right: operandOfKind(catalogue, "indicator") };
}

function cross(catalogue: RuleCatalogue, id: string, op: "crosses_above" | "crosses_below"): ConditionDraft {
  return { id, left: operandOfKind(catalogue, "price"), op, right: indicatorDraft(catalogue, DEFAULT_INDICATOR, { period: 50 }) };
}

/** The example a new rules strategy starts from: in when the close crosses above SMA(50), out when it crosses back. */
export function exampleRules(catalogue: RuleCatalogue, nextId: () => string): RulesDraft {
  return {
    entry: { combine: "all", conditions: [cross(catalogue, nextId(), "crosses_above")] },
    exit: { combine: "any", conditions: [cross(catalogue, nextId(), "crosses_below")] },
    short_entry: { combine: "all", conditions: [cross(catalogue, nextId(), "crosses_below")] },
    short_exit: { combine: "any", conditions: [cross(catalogue, nextId(), "crosses_above")] },
  };
}

/** Stored rules as drafts; a missing short block starts from the example so it is ready when shorts are allowed. */
export function draftRules(catalogue: RuleCatalogue, value: RulesValue | null, nextId: () => string): RulesDraft {
  const example = exampleRules(catalogue, nextId);
  if (!value) return example;
  const block = (b: BlockValue | null, fallback: BlockDraft): BlockDraft =>
    b ? { combine: b.combine, conditions: b.conditions.map((c) => ({ id: nextId(), left: operandDraft(catalogue, c.left), op: c.op, right: operandDraft(catalogue, c.right) })) } : fallback;
  return {
    entry: block(value.entry, example.entry),
    exit: block(value.exit, { combine: "any", conditions: [] }),
    short_entry: block(value.short_entry, example.short_entry),
    short_exit: block(value.short_exit, example.short_exit),
  };
}

export type AddError = (path: string, message: string) => void;

function operandValue(draft: OperandDraft, path: string, addError: AddError): OperandValue {
  if (draft.kind === "price") return { kind: "price", field: draft.field };
  if (draft.kind === "constant") {
    const value = parseDecimal(draft.value);
    if (value === null) addError(`${path}.value`, "Enter a number.");
    return { kind: "constant", value: value ?? 0 };
  }
  const params: Record<string, number> = {};
  for (const [key, text] of Object.entries(draft.params)) {
    const value = parseDecimal(text);
    if (value === null) addError(`${path}.params.${key}`, "Enter a number.");
    else params[key] = value;
  }
  return { kind: "indicator", name: draft.name, params, output: draft.output };
}

function blockValue(draft: BlockDraft, path: string, addError: AddError): BlockValue {
  return {
    combine: draft.combine,
    conditions: draft.conditions.map((c, i) => ({
      left: operandValue(c.left, `${path}.conditions.${i}.left`, addError),
      op: c.op,
      right: operandValue(c.right, `${path}.conditions.${i}.right`, addError),
    })),
  };
}

/**
 * The rules parameters to send. Short blocks go only when shorts are allowed, since the builder
 * hides them otherwise and a hidden block should not decide whether a save succeeds.
 */
export function rulesValue(draft: RulesDraft, allowShort: boolean, addError: AddError, prefix = "parameters"): RulesValue {
  const out = {} as RulesValue;
  for (const key of RULE_BLOCKS) {
    const isShort = key === "short_entry" || key === "short_exit";
    if (isShort && !allowShort) out[key] = null;
    else out[key] = blockValue(draft[key], `${prefix}.${key}`, addError);
  }
  return out;
}

/** A condition as it reads while being edited; numbers not typed yet read as "?". */
export function previewCondition(draft: ConditionDraft): ConditionValue {
  const operand = (o: OperandDraft): OperandValue => {
    if (o.kind === "price") return o;
    if (o.kind === "constant") return { kind: "constant", value: parseDecimal(o.value) ?? Number.NaN };
    return { kind: "indicator", name: o.name, params: Object.fromEntries(Object.entries(o.params).map(([k, v]) => [k, parseDecimal(v) ?? Number.NaN])), output: o.output };
  };
  return { left: operand(draft.left), op: draft.op, right: operand(draft.right) };
}
