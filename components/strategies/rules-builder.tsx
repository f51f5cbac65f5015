"use client";

import { Plus, Trash2 } from "lucide-react";
import type { ComponentProps, ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/class-names";
import { FieldErrors } from "@/components/ui/field-errors";
import { Input } from "@/components/ui/input";
import { errorsUnder, fieldDomId, type FieldErrorMap } from "./form-state";
import type { RuleCatalogue } from "./rule-catalogue";
import { BLOCK_LABELS, describeCondition, type RuleBlockKey } from "./rule-sentences";
import {
  OPERAND_KINDS,
  indicatorDraft,
  newCondition,
  operandOfKind,
  previewCondition,
  type BlockDraft,
  type ConditionDraft,
  type OperandDraft,
  type OperandKind,
  type RulesDraft,
} from "./rules-draft";

const MAX_CONDITIONS = 20;

const BLOCK_INTRO: Record<RuleBlockKey, string> = {
  entry: "Opens a long position.",
  exit: "Closes the long position. With none, it closes only through the stop-loss, take-profit or trailing stop.",
  short_entry: "Opens a short position.",
  short_exit: "Closes the short position. With none, it closes only through the stop-loss, take-profit or trailing stop.",
};

type RulesBuilderProps = {
  catalogue: RuleCatalogue;
  rules: RulesDraft;
  onChange: (rules: RulesDraft) => void;
  allowShort: boolean;
  errors: FieldErrorMap;
  nextId: () => string;
  disabled?: boolean;
};

/** Entry and exit conditions (and the short ones when shorts are allowed), built from menus and numbers. */
export function RulesBuilder({ catalogue, rules, onChange, allowShort, errors, nextId, disabled }: RulesBuilderProps) {
  const blocks: RuleBlockKey[] = allowShort ? ["entry", "exit", "short_entry", "short_exit"] : ["entry", "exit"];
  return (
    <div className="flex flex-col gap-4" data-testid="rules-builder">
      {blocks.map((key) => (
        <RuleBlock
          key={key}
          blockKey={key}
          block={rules[key]}
          catalogue={catalogue}
          errors={errors}
          nextId={nextId}
          disabled={disabled}
          onChange={(block) => onChange({ ...rules, [key]: block })}
        />
      ))}
    </div>
  );
}

/** Puts focus on an element once React has rendered it. */
function focusSoon(id: string) {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}

function RuleBlock({
  blockKey,
  block,
  catalogue,
  errors,
  nextId,
  disabled,
  onChange,
}: {
  blockKey: RuleBlockKey;
  block: BlockDraft;
  catalogue: RuleCatalogue;
  errors: FieldErrorMap;
  nextId: () => string;
  disabled?: boolean;
  onChange: (block: BlockDraft) => void;
}) {
  const label = BLOCK_LABELS[blockKey];
  const lower = label.toLowerCase();
  const path = `parameters.${blockKey}`;
  const id = fieldDomId(path);
  const combineId = fieldDomId(`${path}.combine`);
  const addId = `${id}-add`;
  const blockErrors = [...(errors[path] ?? []), ...(errors[`${path}.conditions`] ?? [])];
  const combineErrors = errors[`${path}.combine`] ?? [];

  function add() {
    const condition = newCondition(catalogue, nextId());
    onChange({ ...block, conditions: [...block.conditions, condition] });
    focusSoon(fieldDomId(`${path}.conditions.${block.conditions.length}.left`) + "-kind");
  }

  function remove(index: number) {
    onChange({ ...block, conditions: block.conditions.filter((_, i) => i !== index) });
    focusSoon(addId);
  }

  return (
    <fieldset
      id={id}
      tabIndex={-1}
      className="rounded-md border border-border bg-background/40 p-3"
      aria-describedby={blockErrors.length > 0 ? `${id}-errors` : undefined}
    >
      <legend className="px-1 text-xs font-semibold uppercase tracking-wide text-muted-foreground">{label}</legend>
      <div className="mb-3 flex flex-wrap items-center gap-x-3 gap-y-1.5">
        <p className="text-[11px] text-muted-foreground">{BLOCK_INTRO[blockKey]}</p>
        {block.conditions.length > 1 ? (
          <span className="flex items-center gap-1.5 text-xs">
            <label htmlFor={combineId} className="text-muted-foreground">
              Match
            </label>
            <select
              id={combineId}
              className={selectClass("h-7 w-auto")}
              value={block.combine}
              disabled={disabled}
              aria-invalid={combineErrors.length > 0 || undefined}
              onChange={(event) => onChange({ ...block, combine: event.target.value === "any" ? "any" : "all" })}
            >
              <option value="all">all conditions</option>
              <option value="any">any condition</option>
            </select>
          </span>
        ) : null}
      </div>
      <FieldErrors name={`${path}.combine`} id={`${combineId}-errors`} messages={combineErrors} />
      {block.conditions.length === 0 ? (
        <p className="mb-3 text-xs text-muted-foreground">No {lower} conditions.</p>
      ) : (
        <ol className="mb-3 flex flex-col gap-2">
          {block.conditions.map((condition, i) => (
            <li key={condition.id}>
              <ConditionRow
                blockKey={blockKey}
                index={i}
                condition={condition}
                catalogue={catalogue}
                errors={errors}
                disabled={disabled}
                onChange={(next) => onChange({ ...block, conditions: block.conditions.map((c, j) => (j === i ? next : c)) })}
                onRemove={() => remove(i)}
              />
            </li>
          ))}
        </ol>
      )}
      <Button id={addId} variant="secondary" size="sm" onClick={add} disabled={disabled || block.conditions.length >= MAX_CONDITIONS}>
        <Plus className="size-3.5" aria-hidden="true" />
        Add {lower} condition
      </Button>
      <FieldErrors name={path} id={`${id}-errors`} messages={blockErrors} />
    </fieldset>
  );
}

function ConditionRow({
  blockKey,
  index,
  condition,
  catalogue,
  errors,
  disabled,
  onChange,
  onRemove,
}: {
  blockKey: RuleBlockKey;
  index: number;
  condition: ConditionDraft;
  catalogue: RuleCatalogue;
  errors: FieldErrorMap;
  disabled?: boolean;
  onChange: (condition: ConditionDraft) => void;
  onRemove: () => void;
}) {
  const label = `${BLOCK_LABELS[blockKey]} condition ${index + 1}`;
  const path = `parameters.${blockKey}.conditions.${index}`;
  const id = fieldDomId(path);
  const opId = fieldDomId(`${path}.op`);
  const rowErrors = errors[path] ?? [];
  const opErrors = errors[`${path}.op`] ?? [];
  const invalid = errorsUnder(errors, path).length > 0;
  return (
    <fieldset
      id={id}
      tabIndex={-1}
      data-testid="rule-condition"
      className={cn("rounded-md border bg-card p-2.5", invalid ? "border-danger/50" : "border-border")}
      aria-describedby={rowErrors.length > 0 ? `${id}-errors` : undefined}
    >
      <legend className="sr-only">{label}</legend>
      <div className="grid items-start gap-2 lg:grid-cols-[minmax(0,1fr)_8.5rem_minmax(0,1fr)_auto]">
        <OperandPicker side="Left" path={`${path}.left`} operand={condition.left} catalogue={catalogue} errors={errors} disabled={disabled} onChange={(left) => onChange({ ...condition, left })} />
        <MiniField id={opId} label="Comparison" errors={opErrors}>
          <select
            id={opId}
            className={selectClass()}
            value={condition.op}
            disabled={disabled}
            aria-invalid={opErrors.length > 0 || undefined}
            aria-describedby={opErrors.length > 0 ? `${opId}-errors` : undefined}
            onChange={(event) => onChange({ ...condition, op: event.target.value })}
          >
            {catalogue.operators.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </MiniField>
        <OperandPicker side="Right" path={`${path}.right`} operand={condition.right} catalogue={catalogue} errors={errors} disabled={disabled} onChange={(right) => onChange({ ...condition, right })} />
        <div className="flex justify-end lg:pt-5">
          <Button variant="ghost" size="icon" className="size-8 hover:text-danger" aria-label={`Remove ${label.toLowerCase()}`} title="Remove condition" disabled={disabled} onClick={onRemove}>
            <Trash2 className="size-3.5" aria-hidden="true" />
          </Button>
        </div>
      </div>
      <p className="mt-2 text-[11px] text-muted-foreground">
        <span className="sr-only">Reads: </span>
        {describeCondition(previewCondition(condition))}
      </p>
      <FieldErrors name={path} id={`${id}-errors`} messages={rowErrors} />
    </fieldset>
  );
}

function OperandPicker({
  side,
  path,
  operand,
  catalogue,
  errors,
  disabled,
  onChange,
}: {
  side: "Left" | "Right";
  path: string;
  operand: OperandDraft;
  catalogue: RuleCatalogue;
  errors: FieldErrorMap;
  disabled?: boolean;
  onChange: (operand: OperandDraft) => void;
}) {
  const id = fieldDomId(path);
  const kindId = `${id}-kind`;
  // A failed union ("an operand is an indicator, a price or a constant") is reported on the operand itself.
  const kindErrors = [...(errors[path] ?? []), ...(errors[`${path}.kind`] ?? [])];
  return (
    <fieldset id={id} tabIndex={-1} className="min-w-0">
      <legend className="sr-only">{side}</legend>
      <div className="flex flex-wrap items-start gap-2">
        <MiniField id={kindId} label={side === "Left" ? "Left: type" : "Right: type"} visibleLabel="Type" errors={kindErrors} className="w-28">
          <select
            id={kindId}
            className={selectClass()}
            value={operand.kind}
            disabled={disabled}
            aria-invalid={kindErrors.length > 0 || undefined}
            aria-describedby={kindErrors.length > 0 ? `${kindId}-errors` : undefined}
            onChange={(event) => onChange(operandOfKind(catalogue, event.target.value as OperandKind))}
          >
            {OPERAND_KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </MiniField>
        {operand.kind === "indicator" ? <IndicatorFields path={path} operand={operand} catalogue={catalogue} errors={errors} disabled={disabled} onChange={onChange} /> : null}
        {operand.kind === "price" ? (
          <SelectMini
            path={`${path}.field`}
            label="Price field"
            value={operand.field}
            options={catalogue.priceFields}
            errors={errors}
            disabled={disabled}
            className="w-28"
            onChange={(field) => onChange({ kind: "price", field })}
          />
        ) : null}
        {operand.kind === "constant" ? (
          <NumberMini
            path={`${path}.value`}
            label="Value"
            value={operand.value}
            errors={errors}
            disabled={disabled}
            className="w-28"
            onChange={(value) => onChange({ kind: "constant", value })}
          />
        ) : null}
      </div>
    </fieldset>
  );
}

function IndicatorFields({
  path,
  operand,
  catalogue,
  errors,
  disabled,
  onChange,
}: {
  path: string;
  operand: Extract<OperandDraft, { kind: "indicator" }>;
  catalogue: RuleCatalogue;
  errors: FieldErrorMap;
  disabled?: boolean;
  onChange: (operand: OperandDraft) => void;
}) {
  const spec = catalogue.indicators.find((i) => i.name === operand.name);
  const nameErrors = [...(errors[`${path}.name`] ?? []), ...(errors[`${path}.params`] ?? [])];
  return (
    <>
      <SelectMini
        path={`${path}.name`}
        label="Indicator"
        value={operand.name}
        options={catalogue.indicators.map((i) => ({ value: i.name, label: i.label }))}
        errors={{ [`${path}.name`]: nameErrors }}
        disabled={disabled}
        className="w-32"
        onChange={(name) => onChange(indicatorDraft(catalogue, name))}
      />
      {spec?.params.map((p) => (
        <NumberMini
          key={p.key}
          path={`${path}.params.${p.key}`}
          label={p.label}
          value={operand.params[p.key] ?? ""}
          errors={errors}
          disabled={disabled}
          min={p.min}
          max={p.max}
          step={p.step}
          integer={p.integer}
          className="w-20"
          onChange={(text) => onChange({ ...operand, params: { ...operand.params, [p.key]: text } })}
        />
      ))}
      {spec && spec.outputs.length > 1 ? (
        <SelectMini
          path={`${path}.output`}
          label="Output"
          value={operand.output}
          options={spec.outputs}
          errors={errors}
          disabled={disabled}
          className="w-32"
          onChange={(output) => onChange({ ...operand, output })}
        />
      ) : null}
    </>
  );
}

function selectClass(extra?: string) {
  return cn(
    "h-8 w-full rounded-md border border-border-strong bg-background px-2 text-xs text-foreground transition-colors",
    "hover:border-muted-foreground/40 focus-visible:border-primary focus-visible:outline-primary/60 focus-visible:outline-offset-0",
    "aria-[invalid=true]:border-danger disabled:cursor-not-allowed disabled:opacity-50",
    extra,
  );
}

/** A small label above a small control, with the control's errors below it. */
function MiniField({
  id,
  label,
  visibleLabel,
  errors,
  className,
  children,
}: {
  id: string;
  /** The accessible name, when the visible text alone is too terse out of context. */
  label: string;
  visibleLabel?: string;
  errors: readonly string[];
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={cn("flex min-w-0 flex-col gap-1", className)}>
      <label htmlFor={id} className="text-[11px] leading-4 text-muted-foreground">
        {visibleLabel ? (
          <>
            <span aria-hidden="true">{visibleLabel}</span>
            <span className="sr-only">{label}</span>
          </>
        ) : (
          label
        )}
      </label>
      {children}
      <FieldErrors name={id} id={`${id}-errors`} messages={errors} />
    </div>
  );
}

function SelectMini({
  path,
  label,
  value,
  options,
  errors,
  disabled,
  className,
  onChange,
}: {
  path: string;
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  errors: FieldErrorMap;
  disabled?: boolean;
  className?: string;
  onChange: (value: string) => void;
}) {
  const id = fieldDomId(path);
  const messages = errors[path] ?? [];
  return (
    <MiniField id={id} label={label} errors={messages} className={className}>
      <select
        id={id}
        className={selectClass()}
        value={value}
        disabled={disabled}
        aria-invalid={messages.length > 0 || undefined}
        aria-describedby={messages.length > 0 ? `${id}-errors` : undefined}
        onChange={(event) => onChange(event.target.value)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </MiniField>
  );
}

function NumberMini({
  path,
  label,
  value,
  errors,
  disabled,
  className,
  integer,
  onChange,
  ...limits
}: {
  path: string;
  label: string;
  value: string;
  errors: FieldErrorMap;
  disabled?: boolean;
  className?: string;
  integer?: boolean;
  onChange: (value: string) => void;
} & Pick<ComponentProps<"input">, "min" | "max" | "step">) {
  const id = fieldDomId(path);
  const messages = errors[path] ?? [];
  return (
    <MiniField id={id} label={label} errors={messages} className={className}>
      <Input
        id={id}
        type="number"
        inputMode={integer ? "numeric" : "decimal"}
        className="h-8 px-2 text-xs tabular-nums"
        value={value}
        disabled={disabled}
        aria-invalid={messages.length > 0 || undefined}
        aria-describedby={messages.length > 0 ? `${id}-errors` : undefined}
        onChange={(event) => onChange(event.target.value)}
        {...limits}
        step={limits.step ?? "any"}
      />
    </MiniField>
  );
}
