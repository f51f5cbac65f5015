"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";
import { asApiError } from "@/components/api/api-request";
import { formatPrice } from "@/components/dashboard/format-market";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { SegmentedControl } from "@/components/ui/segmented-control";
import { TextField } from "@/components/ui/text-field";
import { baseOf, formatAmount, formatMoney, quoteOf } from "./format";
import { buildSmartBody, keyForSubmit, orderFailure, type PendingSubmit, type SmartFormState } from "./order-form-state";
import { newIdempotencyKey, postWithIdempotencyKey } from "./trading-api";
import type { Order, SmartOrderResult } from "./types";

const FIELDS = ["risk_pct", "stop_price", "stop_loss_pct", "take_profit_price", "take_profit_pct"];

type SmartOrderFormProps = {
  symbol: string;
  priceTick: number | undefined;
  /** The settings risk per trade, shown as the default when the field is left blank. */
  defaultRiskPct: number | null;
  onPlaced: (order: Order) => void;
};

/** A buy sized by risk: the server works out the amount so that hitting the stop loses risk % of equity. */
export function SmartOrderForm({ symbol, priceTick, defaultRiskPct, onPlaced }: SmartOrderFormProps) {
  const [form, setForm] = useState<Omit<SmartFormState, "symbol">>({ riskPct: "", stopMode: "pct", stop: "", takeProfitMode: "pct", takeProfit: "" });
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [result, setResult] = useState<SmartOrderResult | null>(null);
  const [busy, setBusy] = useState(false);
  const pending = useRef<PendingSubmit>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const base = baseOf(symbol);
  const quoteAsset = quoteOf(symbol);
  const update = (patch: Partial<Omit<SmartFormState, "symbol">>) => setForm((current) => ({ ...current, ...patch }));

  useEffect(() => {
    if (Object.keys(errors).length > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setFormError(null);
    const built = buildSmartBody({ ...form, symbol });
    if (!built.ok) {
      setErrors(built.errors as Record<string, string[]>);
      return;
    }
    setErrors({});
    const { key, pending: next } = keyForSubmit(pending.current, JSON.stringify(built.body), newIdempotencyKey);
    pending.current = next;
    setBusy(true);
    try {
      const placed = await postWithIdempotencyKey<SmartOrderResult>("/trading/smart-order", built.body, key);
      pending.current = null;
      setResult(placed);
      onPlaced(placed.order);
    } catch (error) {
      const failure = orderFailure(asApiError(error), FIELDS);
      if (!failure.keepKey) pending.current = null;
      setErrors(failure.fields);
      setFormError(failure.message);
    } finally {
      setBusy(false);
    }
  };

  const stopField = form.stopMode === "price" ? "stop_price" : "stop_loss_pct";
  const tpField = form.takeProfitMode === "price" ? "take_profit_price" : "take_profit_pct";
  const sizing = result?.sizing;

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="flex flex-col gap-3" data-testid="smart-order-form" aria-label={`Place a ${symbol} smart order`}>
      <p className="text-[11px] leading-4 text-muted-foreground">
        A market buy sized so that reaching the stop loses the chosen share of your equity. Stop-loss and take-profit are attached to the position.
      </p>
      <TextField
        name="risk_pct"
        id="smart-risk_pct"
        label="Risk (% of equity)"
        placeholder={defaultRiskPct !== null ? String(defaultRiskPct) : undefined}
        hint={defaultRiskPct !== null ? `Blank uses your setting, ${defaultRiskPct}%.` : undefined}
        inputMode="decimal"
        autoComplete="off"
        value={form.riskPct}
        onChange={(event) => update({ riskPct: event.target.value })}
        errors={errors.risk_pct}
      />
      <div className="flex flex-col gap-1.5">
        <SegmentedControl
          label="Stop given as"
          options={[
            { value: "pct", label: "Stop %" },
            { value: "price", label: "Stop price" },
          ]}
          value={form.stopMode}
          onChange={(stopMode) => {
            setErrors({});
            update({ stopMode, stop: "" });
          }}
          className="self-start"
        />
        <TextField
          name={stopField}
          id={`smart-${stopField}`}
          label={form.stopMode === "price" ? `Stop price (${quoteAsset})` : "Stop-loss (% below entry)"}
          inputMode="decimal"
          autoComplete="off"
          value={form.stop}
          onChange={(event) => update({ stop: event.target.value })}
          errors={errors[stopField]}
        />
      </div>
      <div className="flex flex-col gap-1.5">
        <SegmentedControl
          label="Take-profit given as"
          options={[
            { value: "pct", label: "Target %" },
            { value: "price", label: "Target price" },
          ]}
          value={form.takeProfitMode}
          onChange={(takeProfitMode) => {
            setErrors({});
            update({ takeProfitMode, takeProfit: "" });
          }}
          className="self-start"
        />
        <TextField
          name={tpField}
          id={`smart-${tpField}`}
          label={form.takeProfitMode === "price" ? `Take-profit price (${quoteAsset}, optional)` : "Take-profit (% above entry, optional)"}
          inputMode="decimal"
          autoComplete="off"
          value={form.takeProfit}
          onChange={(event) => update({ takeProfit: event.target.value })}
          errors={errors[tpField]}
        />
      </div>
      <FormMessage error={formError} />
      <Button type="submit" loading={busy} data-testid="smart-order-submit">
        Place smart buy
      </Button>
      <div aria-live="polite">
        {sizing ? (
          <dl className="grid grid-cols-2 gap-x-3 gap-y-1 rounded-md border border-border bg-background/40 px-3 py-2 text-[11px]" data-testid="smart-order-sizing">
            <dt className="text-muted-foreground">Amount</dt>
            <dd className="text-right tabular-nums">
              {formatAmount(sizing.amount)} {base}
            </dd>
            <dt className="text-muted-foreground">Entry</dt>
            <dd className="text-right tabular-nums">
              {formatPrice(sizing.entry_price, priceTick)} {quoteAsset}
            </dd>
            <dt className="text-muted-foreground">At risk</dt>
            <dd className="text-right tabular-nums">
              {formatMoney(sizing.risk_amount)} {quoteAsset} ({sizing.risk_pct.toLocaleString("en-US", { maximumFractionDigits: 2 })}%)
            </dd>
            <dt className="text-muted-foreground">Reward : risk</dt>
            <dd className="text-right tabular-nums">{sizing.reward_risk_ratio === null ? "—" : `${sizing.reward_risk_ratio.toFixed(2)} : 1`}</dd>
          </dl>
        ) : null}
      </div>
    </form>
  );
}
