/**
 * The strategy form's state, built from the type descriptions and a stored strategy, and turned
 * back into the body of POST /api/v1/strategies or PUT /api/v1/strategies/{id}. Problems found
 * on the way are keyed by the same dotted paths the API uses, so both kinds show in one place.
 */
import { ruleCatalogue, type RuleCatalogue } from "./rule-catalogue";
import { readRules } from "./rule-sentences";
import { draftRules, rulesValue, type RulesDraft } from "./rules-draft";
import { fieldsFromSchema, numberText, parseDecimal, type ParamField } from "./schema-fields";
import type { StrategyTypeWire, StrategyView } from "./types";

export type FormType = {
  type: string;
  label: string;
  description: string;
  canShort: boolean;
  fields: ParamField[];
  /** Set for the rules type: what its builder offers. */
  rules: RuleCatalogue | null;
};

export type FormConfig = { types: FormType[]; riskFields: ParamField[] };

const RULES_TYPE = "rules";

/** What the form needs from GET /api/v1/strategies/types, small enough to hand to the browser. */
export function formConfig(descriptions: readonly StrategyTypeWire[]): FormConfig {
  return {
    types: descriptions.map((d) => ({
      type: d.type,
      label: d.label,
      description: d.description,
      canShort: d.can_short,
      fields: d.type === RULES_TYPE ? [] : fieldsFromSchema(d.parameters_schema, d.type),
      rules: d.type === RULES_TYPE ? ruleCatalogue(d.parameters_schema) : null,
    })),
    riskFields: descriptions.length > 0 ? fieldsFromSchema(descriptions[0].risk_schema) : [],
  };
}

export type NumberDraft = { text: string; none: boolean };
export type TableDraft = Record<string, string>[];
export type FieldDraft = NumberDraft | string | boolean | TableDraft;
export type FieldDrafts = Record<string, FieldDraft>;

export type StrategyDraft = {
  type: string;
  name: string;
  description: string;
  symbols: string[];
  timeframe: string;
  /** Per type, so switching types and back keeps what was typed. */
  params: Record<string, FieldDrafts>;
  rules: RulesDraft | null;
  risk: FieldDrafts;
};

export type FieldErrorMap = Record<string, string[]>;

export function fieldDraft(field: ParamField, value: unknown): FieldDraft {
  switch (field.kind) {
    case "number":
      // A "none" field keeps the default in its box, ready for when the box is unticked.
      if (value === null || (value === undefined && field.nullable && field.defaultValue === null)) {
        return { text: numberText(field.defaultValue), none: true };
      }
      return { text: numberText(value ?? field.defaultValue), none: false };
    case "enum":
      return typeof value === "string" ? value : field.defaultValue;
    case "boolean":
      return typeof value === "boolean" ? value : field.defaultValue;
    case "table": {
      const rows = Array.isArray(value) ? value : field.defaultValue;
      return rows.map((row) => Object.fromEntries(field.columns.map((c) => [c.key, numberText((row as Record<string, unknown>)?.[c.key])])));
    }
  }
}

export function fieldDrafts(fields: readonly ParamField[], values: Record<string, unknown> = {}): FieldDrafts {
  return Object.fromEntries(fields.map((f) => [f.key, fieldDraft(f, Object.hasOwn(values, f.key) ? values[f.key] : undefined)]));
}

type AddError = (path: string, message: string) => void;

export function fieldValue(field: ParamField, draft: FieldDraft | undefined, path: string, addError: AddError): unknown {
  switch (field.kind) {
    case "number": {
      const d = (draft as NumberDraft | undefined) ?? { text: numberText(field.defaultValue), none: field.defaultValue === null };
      if (field.nullable && d.none) return null;
      const n = parseDecimal(d.text);
      if (n === null) addError(path, "Enter a number.");
      return n;
    }
    case "enum":
      return typeof draft === "string" ? draft : field.defaultValue;
    case "boolean":
      return typeof draft === "boolean" ? draft : field.defaultValue;
    case "table": {
      const rows = Array.isArray(draft) ? draft : [];
      return rows.map((row, i) =>
        Object.fromEntries(
          field.columns.map((c) => {
            const n = parseDecimal(row[c.key] ?? "");
            if (n === null) addError(`${path}.${i}.${c.key}`, "Enter a number.");
            return [c.key, n];
          }),
        ),
      );
    }
  }
}

/** A stored strategy's fields the form starts from (a create starts from defaults instead). */
export type StrategySource = Pick<StrategyView, "type" | "name" | "description" | "symbols" | "timeframe" | "parameters" | "risk">;

export function initialDraft(
  config: FormConfig,
  options: {
    strategy?: StrategySource | null;
    riskDefaults?: Record<string, unknown>;
    /** A new strategy's pairs (the trader's default pairs). */
    symbols?: readonly string[];
    timeframe?: string;
    nextId: () => string;
  },
): StrategyDraft {
  const { strategy, nextId } = options;
  const type = strategy?.type ?? config.types[0]?.type ?? "";
  const params: Record<string, FieldDrafts> = {};
  for (const t of config.types) params[t.type] = fieldDrafts(t.fields, t.type === type ? (strategy?.parameters ?? {}) : {});
  const rulesType = config.types.find((t) => t.rules !== null);
  const stored = strategy && rulesType && strategy.type === rulesType.type ? readRules(strategy.parameters) : null;
  return {
    type,
    name: strategy?.name ?? "",
    description: strategy?.description ?? "",
    symbols: [...(strategy?.symbols ?? options.symbols ?? [])],
    timeframe: strategy?.timeframe ?? options.timeframe ?? "1h",
    params,
    rules: rulesType?.rules ? draftRules(rulesType.rules, stored, nextId) : null,
    risk: fieldDrafts(config.riskFields, (strategy?.risk as Record<string, unknown> | undefined) ?? options.riskDefaults ?? {}),
  };
}

const PAIR = /^([A-Za-z0-9]{1,20})[/-]([A-Za-z0-9]{1,20})$/;

/** "btc-usdt" → "BTC/USDT", as the API normalises pairs; null when it is not a pair. */
export function normalizePair(text: string): string | null {
  const match = PAIR.exec(text.trim());
  return match ? `${match[1].toUpperCase()}/${match[2].toUpperCase()}` : null;
}

export type StrategyBody = {
  name: string;
  description: string;
  type: string;
  symbols: string[];
  timeframe: string;
  parameters: Record<string, unknown>;
  risk: Record<string, unknown>;
};

/** The request body, and what the browser can already tell is wrong with it. */
export function requestBody(config: FormConfig, draft: StrategyDraft): { body: StrategyBody; errors: FieldErrorMap } {
  const errors: FieldErrorMap = {};
  const addError: AddError = (path, message) => (errors[path] ??= []).push(message);
  const type = config.types.find((t) => t.type === draft.type);

  const name = draft.name.trim();
  if (!name) addError("name", "Enter a name.");
  if (!type) addError("type", "Choose a strategy type.");
  if (draft.symbols.length === 0) addError("symbols", "Add at least one pair.");

  const risk: Record<string, unknown> = {};
  for (const field of config.riskFields) risk[field.key] = fieldValue(field, draft.risk[field.key], `risk.${field.key}`, addError);
  // A long-only type cannot allow shorts; its checkbox is disabled, so a value left from another type is dropped.
  if ("allow_short" in risk && type && !type.canShort) risk.allow_short = false;

  let parameters: Record<string, unknown> = {};
  if (type?.rules && draft.rules) {
    parameters = rulesValue(draft.rules, risk.allow_short === true, addError);
  } else if (type) {
    const drafts = draft.params[type.type] ?? {};
    for (const field of type.fields) parameters[field.key] = fieldValue(field, drafts[field.key], `parameters.${field.key}`, addError);
  }

  return {
    body: { name, description: draft.description.trim(), type: draft.type, symbols: draft.symbols, timeframe: draft.timeframe, parameters, risk },
    errors,
  };
}

/** The element id of the control for a dotted path ("parameters.fast_period" → "sf-parameters-fast_period"). */
export function fieldDomId(path: string): string {
  return `sf-${path.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}

/** The path itself, then each shorter prefix: where to look for the control an error belongs to. */
export function pathPrefixes(path: string): string[] {
  const parts = path.split(".");
  return parts.map((_, i) => parts.slice(0, parts.length - i).join("."));
}

/** Messages at a path and below it ("symbols" collects "symbols.0", "symbols.1"…). */
export function errorsUnder(errors: FieldErrorMap, prefix: string): string[] {
  return Object.entries(errors)
    .filter(([path]) => path === prefix || path.startsWith(`${prefix}.`))
    .flatMap(([, messages]) => messages);
}

/**
 * Pairs typed or pasted into the pairs box ("btc-usdt, ETH/USDT"), added to the list once each.
 * Returns the new list and what could not be added, worded for the field's error line.
 */
export function addPairs(current: readonly string[], text: string): { symbols: string[]; problem: string | null } {
  const symbols = [...current];
  const bad: string[] = [];
  const repeated: string[] = [];
  for (const part of text.split(/[\s,;]+/).filter(Boolean)) {
    const pair = normalizePair(part);
    if (!pair) bad.push(part);
    else if (symbols.includes(pair)) repeated.push(pair);
    else symbols.push(pair);
  }
  const problems = [
    bad.length > 0 ? `${bad.join(", ")} ${bad.length === 1 ? "is not a pair" : "are not pairs"} like BTC/USDT.` : null,
    repeated.length > 0 ? `${repeated.join(", ")} ${repeated.length === 1 ? "is" : "are"} already in the list.` : null,
  ].filter(Boolean);
  return { symbols, problem: problems.length > 0 ? problems.join(" ") : null };
}
