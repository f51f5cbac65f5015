"use client";

import { Plus, X } from "lucide-react";
import type { ReactNode } from "react";
import { Choice, FieldHint, NumberField, SelectField, describedBy } from "@/components/settings/fields";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/class-names";
import { FieldErrors } from "@/components/ui/field-errors";
import { Input } from "@/components/ui/input";
import { fieldDomId, type FieldDraft, type FieldErrorMap, type NumberDraft, type TableDraft } from "./form-state";
import { numberText, type NumberField as NumberFieldSpec, type ParamField } from "./schema-fields";

const SPOKEN_UNITS: Record<string, string> = {
  "%": "percent",
  σ: "standard deviations",
  "× ATR": "times ATR",
  min: "minutes",
};

export function unitOf(field: NumberFieldSpec): { short: string; spoken: string } | undefined {
  return field.unit ? { short: field.unit, spoken: SPOKEN_UNITS[field.unit] ?? field.unit } : undefined;
}

type ParamFieldControlProps = {
  field: ParamField;
  /** The dotted wire path ("parameters.fast_period", "risk.stop_loss_pct"): names the control and finds its errors. */
  path: string;
  draft: FieldDraft | undefined;
  onChange: (draft: FieldDraft) => void;
  errors: FieldErrorMap;
  disabled?: boolean;
  /** Extra messages to show on this control (an error reported under another path). */
  extraErrors?: readonly string[];
  /** Replaces the field's hint (a type-specific note). */
  hint?: string;
};

/** One parameter or risk field, rendered from its schema descriptor. */
export function ParamFieldControl({ field, path, draft, onChange, errors, disabled, extraErrors = [], hint }: ParamFieldControlProps) {
  const id = fieldDomId(path);
  const messages = [...(errors[path] ?? []), ...extraErrors];
  const shownHint = hint ?? field.hint;
  switch (field.kind) {
    case "number":
      return <NumberControl field={field} id={id} path={path} draft={draft as NumberDraft | undefined} onChange={onChange} messages={messages} disabled={disabled} hint={shownHint} />;
    case "enum":
      return (
        <SelectField
          name={path}
          id={id}
          label={field.label}
          hint={shownHint}
          errors={messages}
          options={field.options}
          value={typeof draft === "string" ? draft : field.defaultValue}
          onChange={(event) => onChange(event.target.value)}
          disabled={disabled}
        />
      );
    case "boolean":
      return (
        <div className="flex flex-col gap-1 self-end pb-1">
          <Choice
            type="checkbox"
            id={id}
            name={path}
            label={field.label}
            description={shownHint}
            checked={typeof draft === "boolean" ? draft : field.defaultValue}
            onChange={(event) => onChange(event.target.checked)}
            disabled={disabled}
            aria-invalid={messages.length > 0 || undefined}
            aria-describedby={messages.length > 0 ? `${id}-errors` : undefined}
          />
          <FieldErrors name={path} id={`${id}-errors`} messages={messages} />
        </div>
      );
    case "table":
      return <TableControl field={field} id={id} path={path} rows={Array.isArray(draft) ? draft : []} onChange={onChange} errors={errors} disabled={disabled} hint={shownHint} />;
  }
}

function NumberControl({
  field,
  id,
  path,
  draft,
  onChange,
  messages,
  disabled,
  hint,
}: {
  field: NumberFieldSpec;
  id: string;
  path: string;
  draft: NumberDraft | undefined;
  onChange: (draft: NumberDraft) => void;
  messages: string[];
  disabled?: boolean;
  hint?: string;
}) {
  const value = draft ?? { text: numberText(field.defaultValue), none: false };
  const range = rangeHint(field);
  const fullHint = [hint, range].filter(Boolean).join(" ");
  const input = (
    <NumberField
      name={path}
      id={id}
      label={field.label}
      unit={unitOf(field)}
      hint={fullHint || undefined}
      errors={messages}
      value={value.none ? "" : value.text}
      placeholder={value.none ? capitalize(field.noneLabel) : undefined}
      min={field.min}
      max={field.max}
      step={field.step}
      inputMode={field.integer ? "numeric" : "decimal"}
      onChange={(event) => onChange({ ...value, text: event.target.value })}
      disabled={disabled || value.none}
    />
  );
  if (!field.nullable) return input;
  return (
    <div className="flex flex-col gap-1">
      {input}
      <label className="flex w-fit cursor-pointer items-center gap-1.5 text-[11px] text-muted-foreground">
        <input
          type="checkbox"
          id={`${id}-none`}
          className="size-3 accent-primary"
          checked={value.none}
          disabled={disabled}
          onChange={(event) => onChange({ ...value, none: event.target.checked })}
        />
        <span className="sr-only">{field.label}: </span>
        {field.noneLabel}
      </label>
    </div>
  );
}

function rangeHint(field: NumberFieldSpec): string | undefined {
  const kind = field.integer ? "Whole number" : "Number";
  if (field.min !== undefined && field.max !== undefined) return `${kind}, ${fmt(field.min)}–${fmt(field.max)}.`;
  if (field.min !== undefined) return `${kind}, at least ${fmt(field.min)}.`;
  return undefined;
}

const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 8 });
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Rows of small number inputs (ROI steps), each removable, with a button to add one. */
function TableControl({
  field,
  id,
  path,
  rows,
  onChange,
  errors,
  disabled,
  hint,
}: {
  field: Extract<ParamField, { kind: "table" }>;
  id: string;
  path: string;
  rows: TableDraft;
  onChange: (draft: TableDraft) => void;
  errors: FieldErrorMap;
  disabled?: boolean;
  hint?: string;
}) {
  const own = errors[path] ?? [];
  const full = field.maxItems !== undefined && rows.length >= field.maxItems;
  const setCell = (index: number, key: string, text: string) => onChange(rows.map((row, i) => (i === index ? { ...row, [key]: text } : row)));
  const addRow = () => {
    const last = rows.at(-1);
    onChange([...rows, Object.fromEntries(field.columns.map((c) => [c.key, c.key === "after_minutes" && last ? String((Number(last[c.key]) || 0) + 30) : ""]))]);
  };
  return (
    <fieldset id={id} className="col-span-full flex flex-col gap-1.5" aria-describedby={describedBy(id, Boolean(hint), own)} tabIndex={-1}>
      <legend className="mb-1.5 text-xs font-medium text-foreground">{field.label}</legend>
      {rows.length > 0 ? (
        <div className="flex flex-col gap-1.5">
          <div aria-hidden="true" className="grid grid-cols-[1fr_1fr_2rem] gap-2 text-[11px] text-muted-foreground">
            {field.columns.map((c) => (
              <span key={c.key}>
                {c.label}
                {c.unit ? ` (${c.unit})` : ""}
              </span>
            ))}
          </div>
          {rows.map((row, i) => (
            <div key={i} className="grid grid-cols-[1fr_1fr_2rem] items-start gap-2">
              {field.columns.map((c) => {
                const cellPath = `${path}.${i}.${c.key}`;
                const cellErrors = errors[cellPath] ?? [];
                const cellId = fieldDomId(cellPath);
                return (
                  <div key={c.key} className="flex flex-col">
                    <Input
                      id={cellId}
                      name={cellPath}
                      type="number"
                      inputMode={c.integer ? "numeric" : "decimal"}
                      aria-label={`${c.label}${c.unit ? ` (${unitOf(c)?.spoken})` : ""}, step ${i + 1}`}
                      className="h-8 tabular-nums"
                      value={row[c.key] ?? ""}
                      min={c.min}
                      max={c.max}
                      step={c.step}
                      disabled={disabled}
                      aria-invalid={cellErrors.length > 0 || undefined}
                      aria-describedby={cellErrors.length > 0 ? `${cellId}-errors` : undefined}
                      onChange={(event) => setCell(i, c.key, event.target.value)}
                    />
                    <FieldErrors name={cellPath} id={`${cellId}-errors`} messages={cellErrors} />
                  </div>
                );
              })}
              <Button
                variant="ghost"
                size="icon"
                className="size-8"
                aria-label={`Remove ${field.label} step ${i + 1}`}
                disabled={disabled}
                onClick={() => onChange(rows.filter((_, j) => j !== i))}
              >
                <X className="size-3.5" aria-hidden="true" />
              </Button>
            </div>
          ))}
        </div>
      ) : (
        <p className="text-xs text-muted-foreground">No steps: trades leave only by the exit signal and the risk settings.</p>
      )}
      <div>
        <Button variant="secondary" size="sm" onClick={addRow} disabled={disabled || full}>
          <Plus className="size-3.5" aria-hidden="true" />
          Add {field.label} step
        </Button>
      </div>
      <FieldHint id={id}>{hint}</FieldHint>
      <FieldErrors name={path} id={`${id}-errors`} messages={own} />
    </fieldset>
  );
}

export function FieldGrid({ className, children }: { className?: string; children: ReactNode }) {
  return <div className={cn("grid gap-3 sm:grid-cols-2 lg:grid-cols-3", className)}>{children}</div>;
}
