"use client";

import { CircleAlert, Save } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { asApiError } from "@/components/api/api-request";
import { SelectField } from "@/components/settings/fields";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/class-names";
import { FieldErrors } from "@/components/ui/field-errors";
import { Label } from "@/components/ui/label";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toast";
import { useFocusFirstInvalidField } from "@/components/ui/use-focus-first-invalid-field";
import {
  addPairs,
  fieldDomId,
  initialDraft,
  pathPrefixes,
  requestBody,
  type FieldDraft,
  type FieldErrorMap,
  type FormConfig,
  type StrategyDraft,
  type StrategySource,
} from "./form-state";
import { FieldGrid, ParamFieldControl } from "./param-field";
import { PairsField } from "./pairs-field";
import { RulesBuilder } from "./rules-builder";
import { idSource } from "./rules-draft";
import { createStrategy, updateStrategy } from "./strategy-api";
import { TypeChooser } from "./type-chooser";

type StrategyFormProps = {
  config: FormConfig;
  timeframes: readonly string[];
  /** The strategy being edited; absent for a new one. */
  strategy?: (StrategySource & { id: string; enabled: boolean }) | null;
  /** A new strategy's risk fields, from the trader's trading settings (what the API would fill in). */
  riskDefaults?: Record<string, unknown>;
  /** A new strategy's pairs to start from. */
  initialSymbols?: readonly string[];
  stakeCurrency?: string;
  maxPairs: number;
};

function Section({ title, id, children, actions }: { title: string; id: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <Card aria-labelledby={id}>
      <CardHeader>
        <CardTitle id={id}>{title}</CardTitle>
        {actions}
      </CardHeader>
      <CardContent className="flex flex-col gap-4">{children}</CardContent>
    </Card>
  );
}

/** Creates a strategy or edits one: type, pairs and timeframe, the type's parameters or rules, and risk. */
export function StrategyForm({ config, timeframes, strategy, riskDefaults, initialSymbols, stakeCurrency, maxPairs }: StrategyFormProps) {
  const router = useRouter();
  const { toast } = useToast();
  const formRef = useRef<HTMLFormElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const focusFirstProblem = useFocusFirstInvalidField(formRef, summaryRef);
  const [nextId] = useState(() => idSource("n"));
  const [draft, setDraft] = useState<StrategyDraft>(() => initialDraft(config, { strategy, riskDefaults, symbols: initialSymbols, nextId: idSource("c") }));
  const [pairText, setPairText] = useState("");
  const [pairProblem, setPairProblem] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrorMap>({});
  const [message, setMessage] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const editing = Boolean(strategy);
  const type = config.types.find((t) => t.type === draft.type);
  const update = (patch: Partial<StrategyDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const allowShort = draft.risk.allow_short === true && Boolean(type?.canShort);

  function addTypedPairs(): string[] | null {
    const { symbols, problem } = addPairs(draft.symbols, pairText);
    setPairProblem(problem);
    if (problem) return null;
    update({ symbols });
    setPairText("");
    return symbols;
  }

  function chooseType(next: string) {
    update({ type: next });
    // Errors of the previous type's parameters point at fields that are no longer on screen.
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([path]) => !path.startsWith("parameters") && path !== "type")));
  }


  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    let symbols = draft.symbols;
    if (pairText.trim()) {
      const added = addTypedPairs();
      if (!added) {
        setMessage("Fix the highlighted fields.");
        focusFirstProblem();
        return;
      }
      symbols = added;
    }
    const { body, errors: found } = requestBody(config, { ...draft, symbols });
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setMessage("Fix the highlighted fields.");
      focusFirstProblem();
      return;
    }
    setMessage(null);
    setSubmitting(true);
    try {
      const saved = strategy ? await updateStrategy(strategy.id, body) : await createStrategy(body);
      toast({ variant: "success", title: strategy ? "Strategy saved" : "Strategy created", description: saved.name });
      router.push(`/strategies/${encodeURIComponent(saved.id)}`);
    } catch (error) {
      const e = asApiError(error);
      setErrors(e.fields);
      setMessage(e.message);
      toast({ variant: "error", title: strategy ? "Strategy not saved" : "Strategy not created", description: e.message });
      focusFirstProblem();
      setSubmitting(false);
    }
  }

  const problems = Object.entries(errors).flatMap(([path, messages]) => messages.map((m) => ({ path, message: m })));

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="flex flex-col gap-4" data-testid="strategy-form" aria-busy={submitting || undefined}>
      <div ref={summaryRef} tabIndex={-1} aria-live="polite" className="outline-none" data-testid="form-summary">
        {message ? (
          <div className="flex items-start gap-2 rounded-md border border-danger/30 bg-danger/10 px-3 py-2 text-xs text-danger">
            <CircleAlert className="mt-px size-3.5 shrink-0" aria-hidden="true" />
            <div className="min-w-0">
              <p data-testid="form-error" className="font-medium">
                {message}
              </p>
              {problems.length > 0 ? (
                <ul className="mt-1 list-disc space-y-0.5 pl-4">
                  {problems.map((p, i) => (
                    <li key={`${p.path}:${i}`}>
                      <button type="button" className="text-left underline-offset-2 hover:underline" onClick={() => focusPath(p.path)}>
                        {p.message}
                      </button>
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          </div>
        ) : null}
      </div>

      <Section title="Strategy" id="strategy-form-general">
        <TypeChooser types={config.types} value={draft.type} onChange={chooseType} errors={errors.type} disabled={submitting} />
        <div className="grid gap-3 md:grid-cols-2">
          <TextField
            name="name"
            id={fieldDomId("name")}
            label="Name"
            value={draft.name}
            maxLength={100}
            autoComplete="off"
            required
            errors={errors.name}
            disabled={submitting}
            onChange={(event) => update({ name: event.target.value })}
          />
          <SelectField
            name="timeframe"
            id={fieldDomId("timeframe")}
            label="Timeframe"
            options={timeframes.map((tf) => ({ value: tf, label: tf }))}
            value={draft.timeframe}
            errors={errors.timeframe}
            disabled={submitting}
            onChange={(event) => update({ timeframe: event.target.value })}
          />
          <div className="md:col-span-2">
            <PairsField
              symbols={draft.symbols}
              text={pairText}
              onTextChange={(text) => {
                setPairText(text);
                setPairProblem(null);
              }}
              onAdd={addTypedPairs}
              onRemove={(symbol) => {
                // Errors on symbols.N name positions, which shift once one is removed.
                setErrors((current) => Object.fromEntries(Object.entries(current).filter(([path]) => !path.startsWith("symbols"))));
                update({ symbols: draft.symbols.filter((s) => s !== symbol) });
              }}
              inputProblem={pairProblem}
              errors={errors}
              stakeCurrency={stakeCurrency}
              max={maxPairs}
              disabled={submitting}
            />
          </div>
          <DescriptionField value={draft.description} errors={errors.description} disabled={submitting} onChange={(description) => update({ description })} />
        </div>
      </Section>

      {type?.rules && draft.rules ? (
        <Section title="Rules" id="strategy-form-rules">
          <RulesBuilder
            catalogue={type.rules}
            rules={draft.rules}
            onChange={(rules) => update({ rules })}
            allowShort={allowShort}
            errors={errors}
            nextId={nextId}
            disabled={submitting}
          />
        </Section>
      ) : type ? (
        <Section title="Parameters" id="strategy-form-parameters">
          <p className="-mt-1 text-xs text-muted-foreground">{type.description}</p>
          {type.fields.length > 0 ? (
            <FieldGrid>
              {type.fields.map((field) => (
                <ParamFieldControl
                  key={`${type.type}.${field.key}`}
                  field={field}
                  path={`parameters.${field.key}`}
                  draft={draft.params[type.type]?.[field.key]}
                  errors={errors}
                  disabled={submitting}
                  onChange={(value: FieldDraft) => setDraft((d) => ({ ...d, params: { ...d.params, [type.type]: { ...d.params[type.type], [field.key]: value } } }))}
                />
              ))}
            </FieldGrid>
          ) : (
            <p className="text-xs text-muted-foreground">This type has no parameters.</p>
          )}
        </Section>
      ) : null}

      <Section title="Risk" id="strategy-form-risk">
        {!editing ? <p className="-mt-1 text-xs text-muted-foreground">Prefilled from your trading settings.</p> : null}
        <FieldGrid>
          {config.riskFields.map((field) => {
            const isShort = field.key === "allow_short";
            return (
              <ParamFieldControl
                key={field.key}
                field={field}
                path={`risk.${field.key}`}
                draft={isShort && type && !type.canShort ? false : draft.risk[field.key]}
                errors={errors}
                disabled={submitting || (isShort && type !== undefined && !type.canShort)}
                // Enabling an enabled strategy's shorts is refused under "enabled" (bots cannot short yet).
                extraErrors={isShort ? (errors.enabled ?? []) : undefined}
                hint={isShort && type && !type.canShort ? `The ${type.label} strategy is long only.` : undefined}
                onChange={(value: FieldDraft) => setDraft((d) => ({ ...d, risk: { ...d.risk, [field.key]: value } }))}
              />
            );
          })}
        </FieldGrid>
      </Section>

      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" loading={submitting}>
          {submitting ? null : <Save className="size-3.5" aria-hidden="true" />}
          {editing ? "Save changes" : "Create strategy"}
        </Button>
        <Button asChild variant="ghost">
          <Link href={strategy ? `/strategies/${encodeURIComponent(strategy.id)}` : "/strategies"}>Cancel</Link>
        </Button>
      </div>
    </form>
  );
}

/** Moves focus to the control an error belongs to, or the nearest enclosing one that exists. */
function focusPath(path: string) {
  for (const prefix of pathPrefixes(path)) {
    const element = document.getElementById(fieldDomId(prefix)) ?? document.getElementById(`${fieldDomId(prefix)}-kind`);
    if (element) {
      element.focus();
      element.scrollIntoView({ block: "center" });
      return;
    }
  }
}

function DescriptionField({ value, errors, disabled, onChange }: { value: string; errors?: string[]; disabled?: boolean; onChange: (value: string) => void }) {
  const id = fieldDomId("description");
  const invalid = Boolean(errors && errors.length > 0);
  return (
    <div className="flex flex-col gap-1.5 md:col-span-2">
      <Label htmlFor={id}>Description</Label>
      <textarea
        id={id}
        name="description"
        rows={2}
        maxLength={2000}
        value={value}
        disabled={disabled}
        placeholder="Optional: what this strategy is for."
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `${id}-errors` : undefined}
        onChange={(event) => onChange(event.target.value)}
        className={cn(
          "min-h-14 w-full resize-y rounded-md border border-border-strong bg-background px-3 py-2 text-body text-foreground",
          "placeholder:text-muted-foreground/70 transition-colors hover:border-muted-foreground/40",
          "focus-visible:border-primary focus-visible:outline-primary/60 focus-visible:outline-offset-0",
          "aria-[invalid=true]:border-danger disabled:cursor-not-allowed disabled:opacity-50",
        )}
      />
      <FieldErrors name="description" id={`${id}-errors`} messages={errors} />
    </div>
  );
}
