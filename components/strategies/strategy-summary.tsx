import type { ReactNode } from "react";
import { formatUtcTime } from "@/components/format/format-time";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import type { FormType } from "./form-state";
import { BLOCK_LABELS, describeCombine, describeCondition, readRules, type BlockValue, type RuleBlockKey } from "./rule-sentences";
import { formatFieldValue, humanizeKey, type ParamField } from "./schema-fields";
import type { StrategyView } from "./types";

function Section({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <Card aria-labelledby={id}>
      <CardHeader>
        <CardTitle id={id}>{title}</CardTitle>
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}

function Facts({ items, testId }: { items: { label: string; value: ReactNode }[]; testId?: string }) {
  return (
    <dl className="grid grid-cols-[minmax(0,auto)_minmax(0,1fr)] gap-x-4 gap-y-1.5 text-body" data-testid={testId}>
      {items.map((item) => (
        <div key={item.label} className="contents">
          <dt className="text-muted-foreground">{item.label}</dt>
          <dd className="min-w-0 break-words text-foreground tabular-nums">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Every stored value with its field's wording; keys the schema no longer lists are still shown. */
function fieldFacts(fields: readonly ParamField[], values: Record<string, unknown>) {
  const known = fields.map((f) => ({ label: f.label, value: formatFieldValue(f, values[f.key]) }));
  const extra = Object.keys(values)
    .filter((key) => !fields.some((f) => f.key === key))
    .map((key) => ({ label: humanizeKey(key), value: JSON.stringify(values[key]) }));
  return [...known, ...extra];
}

const EMPTY_EXIT = "None: positions close through the stop-loss, take-profit or trailing stop.";

function RuleBlockView({ blockKey, block }: { blockKey: RuleBlockKey; block: BlockValue }) {
  const id = `rules-${blockKey}`;
  return (
    <section aria-labelledby={id} className="flex flex-col gap-1">
      <h3 id={id} className="text-xs font-semibold text-foreground">
        {BLOCK_LABELS[blockKey]}
      </h3>
      {block.conditions.length === 0 ? (
        <p className="text-body text-muted-foreground">{EMPTY_EXIT}</p>
      ) : (
        <>
          <p className="text-[11px] text-muted-foreground">{describeCombine(block)}:</p>
          <ul className="flex flex-col gap-1" data-testid={`rules-${blockKey}`}>
            {block.conditions.map((c, i) => (
              <li key={i} className="rounded border border-border bg-background px-2.5 py-1.5 text-body text-foreground">
                {describeCondition(c)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** A strategy's configuration as readable facts: parameters or rules, and risk. */
export function StrategySummary({ strategy, type, riskFields }: { strategy: StrategyView; type: FormType | undefined; riskFields: readonly ParamField[] }) {
  const rules = type?.rules ? readRules(strategy.parameters) : null;
  const allowShort = strategy.risk.allow_short;
  const ruleBlocks: RuleBlockKey[] = allowShort ? ["entry", "exit", "short_entry", "short_exit"] : ["entry", "exit"];
  return (
    <div className="grid items-start gap-4 lg:grid-cols-2">
      <Section title="Configuration" id="strategy-configuration">
        <Facts
          items={[
            { label: "Type", value: type?.label ?? strategy.type },
            { label: "Pairs", value: <span className="font-mono text-xs">{strategy.symbols.join(", ")}</span> },
            { label: "Timeframe", value: strategy.timeframe },
            { label: "Version", value: strategy.version },
            { label: "Created", value: formatUtcTime(strategy.created_at) },
            { label: "Updated", value: formatUtcTime(strategy.updated_at) },
            ...(strategy.description ? [{ label: "Description", value: <span className="whitespace-pre-line">{strategy.description}</span> }] : []),
          ]}
        />
      </Section>
      <Section title="Risk" id="strategy-risk">
        <Facts testId="strategy-risk" items={fieldFacts(riskFields, strategy.risk as Record<string, unknown>).map((f) => (f.label === "Allow shorts" ? { ...f, value: allowShort ? "Yes" : "No" } : f))} />
      </Section>
      {rules ? (
        <div className="lg:col-span-2">
          <Section title="Rules" id="strategy-rules">
            <div className="grid gap-4 md:grid-cols-2" data-testid="strategy-rules">
              {ruleBlocks.map((key) => {
                const block = rules[key];
                return block ? <RuleBlockView key={key} blockKey={key} block={block} /> : null;
              })}
            </div>
          </Section>
        </div>
      ) : (
        <div className="lg:col-span-2">
          <Section title="Parameters" id="strategy-parameters">
            {type?.description ? <p className="mb-3 text-xs text-muted-foreground">{type.description}</p> : null}
            <Facts testId="strategy-parameters" items={fieldFacts(type?.fields ?? [], strategy.parameters)} />
          </Section>
        </div>
      )}
    </div>
  );
}
