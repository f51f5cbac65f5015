"use client";

import { FlaskConical, Play } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useRef, useState, type FormEvent } from "react";
import { apiRequest, asApiError } from "@/components/api/api-request";
import { useApiResource } from "@/components/api/use-api-resource";
import { utcDateValue, utcDayStart } from "@/components/market-data/date-input";
import { Choice, NumberField, SelectField } from "@/components/settings/fields";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { useFocusFirstInvalidField } from "@/components/ui/use-focus-first-invalid-field";
import { EmptyState } from "@/components/ui/empty-state";
import { FormMessage } from "@/components/ui/form-message";
import { RetryError } from "@/components/ui/retry-error";
import { Skeleton } from "@/components/ui/skeleton";
import { TextField } from "@/components/ui/text-field";
import { TIMEFRAMES } from "@/lib/market/timeframes";
import { errorsByField, type FormErrors } from "./form-errors";
import { defaultRange, parseSymbols } from "./form-input";
import { formatUtcDate } from "./format";
import type { BacktestCreateBody, BacktestCreated, ImportOption, Page, StrategyOption } from "./types";

const DAY = 86_400_000;
const MARKET = "market";
const FIELDS = ["strategy_id", "start", "end", "timeframe", "symbols", "source", "starting_balance", "fee_rate", "slippage_bps", "detail", "apply_account_caps"] as const;
const FROM_SETTINGS = "From your settings";

const TOO_MANY =
  "You already have two backtests queued or running. Wait for one to finish, or cancel one on the backtests page, then start this one.";

type NewBacktestFormProps = {
  /** Preselects a strategy (the strategy page links here with ?strategy_id=). */
  initialStrategyId: string | null;
};

/** Loads the user's strategies and imports, then shows the form. */
export function NewBacktestForm({ initialStrategyId }: NewBacktestFormProps) {
  const strategies = useApiResource<Page<StrategyOption>>("/strategies?limit=500");
  const imports = useApiResource<Page<ImportOption>>("/market/imports?limit=500");

  if (strategies.error && !strategies.data) {
    return <RetryError title="Your strategies could not be loaded" description={strategies.error.message} onRetry={strategies.retry} data-testid="new-backtest-error" />;
  }
  if (strategies.loading || !strategies.data) {
    return (
      <div role="status" aria-busy="true" className="grid gap-3 sm:grid-cols-2">
        <span className="sr-only">Loading your strategies…</span>
        {Array.from({ length: 8 }, (_, i) => (
          <Skeleton key={i} className="h-14" />
        ))}
      </div>
    );
  }
  if (strategies.data.items.length === 0) {
    return (
      <EmptyState
        icon={FlaskConical}
        title="No strategies to test"
        description="A backtest replays one of your strategies. Create a strategy first."
        action={
          <Button asChild size="sm">
            <Link href="/strategies">Go to strategies</Link>
          </Button>
        }
      />
    );
  }
  const published = (imports.data?.items ?? []).filter((item) => item.status === "published");
  const initial = strategies.data.items.find((s) => s.id === initialStrategyId) ?? strategies.data.items[0];
  return (
    <BacktestForm
      strategies={strategies.data.items}
      imports={published}
      importsError={imports.error && !imports.data ? imports.error.message : null}
      initial={initial}
      missingStrategy={initialStrategyId !== null && initial.id !== initialStrategyId}
    />
  );
}

type BacktestFormProps = {
  strategies: StrategyOption[];
  imports: ImportOption[];
  importsError: string | null;
  initial: StrategyOption;
  missingStrategy: boolean;
};

function BacktestForm({ strategies, imports, importsError, initial, missingStrategy }: BacktestFormProps) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = useFocusFirstInvalidField(formRef);
  const idPrefix = useId();
  const id = (name: string) => `${idPrefix}-${name}`;
  const [defaults] = useState(defaultRange);
  const [strategyId, setStrategyId] = useState(initial.id);
  const [timeframe, setTimeframe] = useState(initial.timeframe);
  const [symbols, setSymbols] = useState(initial.symbols.join(", "));
  const [start, setStart] = useState(defaults.start);
  const [end, setEnd] = useState(defaults.end);
  const [source, setSource] = useState(MARKET);
  const [errors, setErrors] = useState<FormErrors>({});
  const [message, setMessage] = useState<string | null>(missingStrategy ? "The strategy in the link was not found; pick one of yours." : null);
  const [submitting, setSubmitting] = useState(false);

  const strategy = strategies.find((s) => s.id === strategyId) ?? initial;

  function chooseStrategy(next: string) {
    setStrategyId(next);
    const chosen = strategies.find((s) => s.id === next);
    if (!chosen) return;
    // The run defaults to what the strategy trades; an import, when chosen, narrows it again.
    const imported = imports.find((item) => item.source === source);
    setTimeframe(imported?.timeframe ?? chosen.timeframe);
    setSymbols(imported?.symbol ?? chosen.symbols.join(", "));
  }

  function chooseSource(next: string) {
    setSource(next);
    const imported = imports.find((item) => item.source === next);
    if (!imported) {
      setTimeframe(strategy.timeframe);
      setSymbols(strategy.symbols.join(", "));
      return;
    }
    // An import holds one pair at one timeframe over its own dates: run over exactly those.
    setTimeframe(imported.timeframe);
    setSymbols(imported.symbol);
    if (imported.first_open_time !== null && imported.last_open_time !== null) {
      setStart(utcDateValue(imported.first_open_time));
      setEnd(utcDateValue(utcDayStart(utcDateValue(imported.last_open_time))! + DAY));
    }
  }


  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const found: FormErrors = {};
    const startMs = utcDayStart(start);
    const endMs = utcDayStart(end);
    if (startMs === null) found.start = ["Pick the first day."];
    if (endMs === null) found.end = ["Pick the end day."];
    else if (startMs !== null && endMs <= startMs) found.end = ["The end must be after the start."];
    const pairs = parseSymbols(symbols);
    if (pairs.length === 0) found.symbols = ["Enter at least one pair, such as BTC/USDT."];
    const number = (name: string): number | undefined => {
      const raw = String(form.get(name) ?? "").trim();
      if (raw === "") return undefined;
      const value = Number(raw);
      if (!Number.isFinite(value)) found[name] = ["Enter a number, or leave it empty to use your settings."];
      return value;
    };
    const body: BacktestCreateBody = {
      strategy_id: strategyId,
      start,
      end,
      timeframe,
      symbols: pairs,
      source,
      starting_balance: number("starting_balance"),
      fee_rate: number("fee_rate"),
      slippage_bps: number("slippage_bps"),
      detail: form.get("detail") === "on" ? "1m" : null,
      apply_account_caps: form.get("apply_account_caps") === "on",
    };
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length > 0) {
      focusFirstInvalid();
      return;
    }
    setSubmitting(true);
    try {
      const created = await apiRequest<BacktestCreated>("POST", "/backtests", { body, messages: { 429: TOO_MANY } });
      router.push(`/backtests/${encodeURIComponent(created.id)}`);
      // Stays busy until the run's page replaces this one.
    } catch (error) {
      const e = asApiError(error);
      setSubmitting(false);
      if (e.status === 429) {
        setErrors({});
        setMessage(e.code === "too_many_running_backtests" ? TOO_MANY : e.message);
        return;
      }
      if (e.status === 404 && e.code === "strategy_not_found") {
        setErrors({ strategy_id: ["This strategy no longer exists. Pick another."] });
        setMessage(null);
        focusFirstInvalid();
        return;
      }
      const byField = errorsByField(e, FIELDS);
      const { _form: general, ...fields } = byField;
      setErrors(fields);
      setMessage(general?.length ? `${e.message} ${general.join(" ")}` : e.message);
      focusFirstInvalid();
    }
  }

  const strategyOptions = strategies.map((s) => ({ value: s.id, label: `${s.name} (${s.type}, ${s.timeframe})` }));
  const sourceOptions = [
    { value: MARKET, label: "Market data (this server's source)" },
    ...imports.map((item) => ({
      value: item.source,
      label: `${item.name}: ${item.symbol} ${item.timeframe}, ${formatUtcDate(item.first_open_time)} → ${formatUtcDate(item.last_open_time)}`,
    })),
  ];

  return (
    <Card>
      <CardHeader>
        <CardTitle>Run settings</CardTitle>
      </CardHeader>
      <CardContent>
        <form ref={formRef} onSubmit={submit} noValidate className="flex flex-col gap-4" data-testid="new-backtest-form" aria-busy={submitting || undefined}>
          <div className="grid gap-3 sm:grid-cols-2">
            <SelectField
              name="strategy_id"
              id={id("strategy")}
              label="Strategy"
              value={strategyId}
              onChange={(event) => chooseStrategy(event.target.value)}
              options={strategyOptions}
              errors={errors.strategy_id}
              hint={strategy.symbols.length > 0 ? `Trades ${strategy.symbols.join(", ")} on ${strategy.timeframe}.` : undefined}
              className="sm:col-span-2"
            />
            <TextField
              name="start"
              id={id("start")}
              type="date"
              label="Start (UTC)"
              value={start}
              onChange={(event) => setStart(event.target.value)}
              errors={errors.start}
              hint="Decisions begin at 00:00 UTC of this day; earlier candles warm the indicators up."
            />
            <TextField
              name="end"
              id={id("end")}
              type="date"
              label="End (UTC)"
              value={end}
              onChange={(event) => setEnd(event.target.value)}
              errors={errors.end}
              hint="The run stops at 00:00 UTC of this day (the day itself is not included)."
            />
            <SelectField
              name="timeframe"
              id={id("timeframe")}
              label="Timeframe"
              value={timeframe}
              onChange={(event) => setTimeframe(event.target.value)}
              options={TIMEFRAMES.map((tf) => ({ value: tf, label: tf === strategy.timeframe ? `${tf} (the strategy's)` : tf }))}
              errors={errors.timeframe}
            />
            <TextField
              name="symbols"
              id={id("symbols")}
              label="Pairs"
              value={symbols}
              onChange={(event) => setSymbols(event.target.value)}
              autoComplete="off"
              spellCheck={false}
              errors={errors.symbols}
              hint="Comma-separated, such as BTC/USDT, ETH/USDT. Defaults to the strategy's pairs."
            />
            <SelectField
              name="source"
              id={id("source")}
              label="Data source"
              value={source}
              onChange={(event) => chooseSource(event.target.value)}
              options={sourceOptions}
              errors={errors.source}
              hint={
                importsError
                  ? `Your CSV imports could not be listed (${importsError}); the market data is still available.`
                  : imports.length === 0
                    ? "Import your own candles on the Market data page to test on them."
                    : "Choosing an import sets its pair, timeframe and dates."
              }
              className="sm:col-span-2"
            />
            <NumberField name="starting_balance" id={id("starting_balance")} label="Starting balance" placeholder={FROM_SETTINGS} min={0} step="any" errors={errors.starting_balance} />
            <NumberField
              name="fee_rate"
              id={id("fee_rate")}
              label="Fee rate"
              placeholder={FROM_SETTINGS}
              min={0}
              max={0.01}
              step="0.0001"
              errors={errors.fee_rate}
              hint="Per fill as a fraction: 0.001 is 0.1%."
            />
            <NumberField
              name="slippage_bps"
              id={id("slippage_bps")}
              label="Slippage"
              unit={{ short: "bps", spoken: "basis points" }}
              placeholder={FROM_SETTINGS}
              min={0}
              max={500}
              step="1"
              errors={errors.slippage_bps}
              hint="Per fill; 100 bps is 1%."
            />
          </div>
          <fieldset className="flex flex-col gap-2">
            <legend className="sr-only">Options</legend>
            <Choice
              type="checkbox"
              name="detail"
              label="1-minute detail"
              description="Resolves stops, targets and trailing stops on 1-minute candles inside each candle. Slower; needs 1m data."
              aria-invalid={errors.detail ? true : undefined}
              aria-describedby={errors.detail ? id("detail-errors") : undefined}
            />
            {errors.detail ? (
              <p id={id("detail-errors")} className="text-xs text-danger">
                {errors.detail.join(" ")}
              </p>
            ) : null}
            <Choice
              type="checkbox"
              name="apply_account_caps"
              defaultChecked
              label="Apply account caps"
              description="Limits position size and open positions to your trading settings, as live trading would."
              aria-invalid={errors.apply_account_caps ? true : undefined}
              aria-describedby={errors.apply_account_caps ? id("caps-errors") : undefined}
            />
            {errors.apply_account_caps ? (
              <p id={id("caps-errors")} className="text-xs text-danger">
                {errors.apply_account_caps.join(" ")}
              </p>
            ) : null}
          </fieldset>
          <FormMessage error={message} />
          <div className="flex flex-wrap items-center gap-2">
            <Button type="submit" loading={submitting} data-testid="new-backtest-submit">
              {submitting ? null : <Play className="size-3.5" aria-hidden="true" />}
              {submitting ? "Starting…" : "Run backtest"}
            </Button>
            <Button asChild variant="ghost">
              <Link href="/backtests">Cancel</Link>
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
