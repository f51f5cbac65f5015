/**
 * Rules as a trader reads them: "Close crosses above SMA(50)", "RSI(14) is below 30".
 */
import { indicatorLabel, OPERATOR_LABELS, outputLabel, priceLabel } from "./rule-catalogue";

export type OperandValue =
  | { kind: "indicator"; name: string; params?: Record<string, unknown>; output?: string }
  | { kind: "price"; field: string }
  | { kind: "constant"; value: number };

export type ConditionValue = { left: OperandValue; op: string; right: OperandValue };
export type BlockValue = { combine: "all" | "any"; conditions: ConditionValue[] };
export type RulesValue = {
  entry: BlockValue;
  exit: BlockValue;
  short_entry: BlockValue | null;
  short_exit: BlockValue | null;
};

export type RuleBlockKey = keyof RulesValue;
export const RULE_BLOCKS: readonly RuleBlockKey[] = ["entry", "exit", "short_entry", "short_exit"];
export const BLOCK_LABELS: Record<RuleBlockKey, string> = {
  entry: "Entry",
  exit: "Exit",
  short_entry: "Short entry",
  short_exit: "Short exit",
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A number as the sentences show it; "?" for one not typed yet (the builder's live preview). */
export function formatNumber(n: number): string {
  return Number.isFinite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: 8 }) : "?";
}

/** An operand as words; `leading` capitalises a candle field that opens the sentence. */
export function describeOperand(operand: OperandValue, leading = false): string {
  switch (operand.kind) {
    case "price": {
      const label = priceLabel(operand.field);
      return leading ? label : label.toLowerCase();
    }
    case "constant":
      return formatNumber(operand.value);
    case "indicator": {
      const label = indicatorLabel(operand.name);
      const params = Object.values(operand.params ?? {}).map((v) => (typeof v === "number" ? formatNumber(v) : String(v)));
      const call = params.length > 0 ? `${label}(${params.join(", ")})` : label;
      const output = operand.output;
      if (!output || output === "value") return call;
      const out = outputLabel(output);
      // ADX's own line needs no suffix: "ADX(14)", not "ADX(14) ADX".
      return out.toLowerCase() === label.toLowerCase() ? call : `${call} ${out}`;
    }
  }
}

export function describeCondition(condition: ConditionValue): string {
  const op = OPERATOR_LABELS[condition.op] ?? condition.op;
  return `${describeOperand(condition.left, true)} ${op} ${describeOperand(condition.right)}`;
}

/** The sentence that introduces a block's conditions. */
export function describeCombine(block: BlockValue): string {
  if (block.conditions.length <= 1) return "When";
  return block.combine === "any" ? "When any of these is true" : "When all of these are true";
}

/** Stored rules parameters, read defensively: anything malformed is left out rather than thrown on. */
export function readRules(parameters: unknown): RulesValue | null {
  if (!isRecord(parameters) || !isRecord(parameters.entry)) return null;
  const block = (v: unknown): BlockValue | null => {
    if (!isRecord(v) || !Array.isArray(v.conditions)) return null;
    const conditions = v.conditions.filter(
      (c): c is ConditionValue => isRecord(c) && isRecord(c.left) && isRecord(c.right) && typeof c.op === "string",
    );
    return { combine: v.combine === "any" ? "any" : "all", conditions };
  };
  const entry = block(parameters.entry);
  if (!entry) return null;
  return {
    entry,
    exit: block(parameters.exit) ?? { combine: "any", conditions: [] },
    short_entry: block(parameters.short_entry),
    short_exit: block(parameters.short_exit),
  };
}
