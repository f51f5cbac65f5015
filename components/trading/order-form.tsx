"use client";

import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from "react";
import { asApiError } from "@/components/api/api-request";
import type { MarketSymbol } from "@/components/dashboard/market-types";
import { formatPrice } from "@/components/dashboard/format-market";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { Label } from "@/components/ui/label";
import { SegmentedControl } from "@/components/ui/segmented-control";
import { TextField } from "@/components/ui/text-field";
import { baseOf, formatAmount, formatMoney, ORDER_TYPE_LABELS, quoteOf } from "./format";
import {
  buildOrderBody,
  orderFailure,
  EMPTY_ORDER_FORM,
  effectiveSizeMode,
  fieldsForType,
  keyForSubmit,
  maxSize,
  previewCost,
  quoteSizeAllowed,
  referencePrice,
  sizeText,
  type OrderFormState,
  type PendingSubmit,
  type Quote,
  type SizeMode,
} from "./order-form-state";
import { newIdempotencyKey, postWithIdempotencyKey } from "./trading-api";
import { ORDER_TYPES, type Order, type OrderSide, type OrderType } from "./types";

type OrderFormProps = {
  symbol: string;
  market: MarketSymbol | undefined;
  quote: Quote | null;
  /** The settings fee rate as a fraction (0.001 is 0.1%); null while it loads. */
  feeRate: number | null;
  free: { base: number; quote: number } | null;
  /** Why the balance could not be read, if it could not. */
  freeError?: string;
  onRetryFree?: () => void;
  onPlaced: (order: Order) => void;
};

/** Known fields are shown beside their input; any other field error joins the form message. */
const FORM_FIELDS = ["amount", "quote_amount", "price", "stop_price", "trailing_delta_bps", "activation_price", "stop_loss_price", "take_profit_price"];

export function OrderForm({ symbol, market, quote, feeRate, free, freeError, onRetryFree, onPlaced }: OrderFormProps) {
  const [form, setForm] = useState<Omit<OrderFormState, "symbol">>(EMPTY_ORDER_FORM);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pending = useRef<PendingSubmit>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const typeId = useId();
  const base = baseOf(symbol);
  const quoteAsset = quoteOf(symbol);
  const needs = fieldsForType(form.type);
  const quoteAllowed = quoteSizeAllowed(form.side, form.type);
  // The chosen mode is kept for when the order allows a total again.
  const state: OrderFormState = { ...form, symbol, sizeMode: effectiveSizeMode(form) };
  const rate = feeRate ?? 0;
  const refPrice = referencePrice(state, quote);
  const preview = previewCost(state, refPrice, rate);
  const max = free ? maxSize(state, free, refPrice, rate, market?.amount_step) : null;

  // After a refusal, keyboard and screen-reader users land on the first field to fix.
  useEffect(() => {
    if (Object.keys(errors).length > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  const update = (patch: Partial<Omit<OrderFormState, "symbol">>) =>
    setForm((current) => {
      const next = { ...current, ...patch };
      // A size typed as a total must never be sent as an amount (or the reverse) after a side or type change.
      return effectiveSizeMode(next) === effectiveSizeMode(current) ? next : { ...next, size: "" };
    });
  const fieldErrors = (name: string) => errors[name];
  const inputId = (name: string) => `order-${name}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setFormError(null);
    const built = buildOrderBody(state);
    if (!built.ok) {
      setErrors(built.errors as Record<string, string[]>);
      return;
    }
    setErrors({});
    const json = JSON.stringify(built.body);
    const { key, pending: next } = keyForSubmit(pending.current, json, newIdempotencyKey);
    pending.current = next;
    setBusy(true);
    try {
      const order = await postWithIdempotencyKey<Order>("/trading/orders", built.body, key);
      pending.current = null;
      update({ size: "", price: "", stopPrice: "", trailingDeltaBps: "", activationPrice: "", stopLoss: "", takeProfit: "" });
      onPlaced(order);
    } catch (error) {
      const failure = orderFailure(asApiError(error), FORM_FIELDS);
      if (!failure.keepKey) pending.current = null;
      setErrors(failure.fields);
      setFormError(failure.message);
    } finally {
      setBusy(false);
    }
  };

  const sizeLabel = state.sizeMode === "amount" ? `Amount (${base})` : `Total (${quoteAsset}, fee incl.)`;
  const sizeField = state.sizeMode === "amount" ? "amount" : "quote_amount";
  const available = free ? (form.side === "buy" ? `${formatMoney(free.quote)} ${quoteAsset}` : `${formatAmount(free.base)} ${base}`) : "—";

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="flex flex-col gap-3" data-testid="order-form" aria-label={`Place a ${symbol} order`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <SegmentedControl<OrderSide>
          label="Side"
          options={[
            { value: "buy", label: "Buy" },
            { value: "sell", label: "Sell" },
          ]}
          value={form.side}
          onChange={(side) => update({ side })}
        />
        <div className="flex items-center gap-2">
          <Label htmlFor={typeId} className="text-muted-foreground">
            Order type
          </Label>
          <select
            id={typeId}
            value={form.type}
            onChange={(event) => {
              setErrors({});
              update({ type: event.target.value as OrderType });
            }}
            data-testid="order-type"
            className="h-7 rounded-md border border-border-strong bg-background px-2 text-body text-foreground focus-visible:border-primary focus-visible:outline-primary/60 focus-visible:outline-offset-0"
          >
            {ORDER_TYPES.map((type) => (
              <option key={type} value={type}>
                {ORDER_TYPE_LABELS[type]}
              </option>
            ))}
          </select>
        </div>
      </div>

      <div className="flex flex-wrap items-center justify-between gap-2 text-[11px] text-muted-foreground">
        {quoteAllowed ? (
          <SegmentedControl<SizeMode>
            label="Size in"
            options={[
              { value: "amount", label: base, title: `Size in ${base}` },
              { value: "quote", label: quoteAsset, title: `Size as a total in ${quoteAsset}, fee included` },
            ]}
            value={form.sizeMode}
            onChange={(sizeMode) => {
              setErrors({});
              update({ sizeMode, size: "" });
            }}
          />
        ) : (
          <span>Sized in {base}</span>
        )}
        {freeError ? (
          <button type="button" onClick={onRetryFree} title={freeError} className="text-warning hover:underline">
            Balance unavailable · Retry
          </button>
        ) : (
          <span data-testid="order-available">
            Available <span className="tabular-nums text-foreground">{available}</span>
          </span>
        )}
      </div>

      <div className="flex items-start gap-2">
        <TextField
          className="min-w-0 flex-1"
          name={sizeField}
          id={inputId(sizeField)}
          label={sizeLabel}
          inputMode="decimal"
          autoComplete="off"
          value={form.size}
          onChange={(event) => update({ size: event.target.value })}
          errors={fieldErrors(sizeField)}
        />
        <Button
          variant="secondary"
          size="sm"
          className="mt-[1.375rem] h-9"
          disabled={max === null || max <= 0}
          onClick={() => max !== null && update({ size: sizeText(max) })}
          aria-label={`Use the maximum ${state.sizeMode === "amount" ? base : quoteAsset} the free balance allows`}
        >
          Max
        </Button>
      </div>

      {needs.price ? (
        <TextField name="price" id={inputId("price")} label={`Limit price (${quoteAsset})`} inputMode="decimal" autoComplete="off" value={form.price} onChange={(event) => update({ price: event.target.value })} errors={fieldErrors("price")} />
      ) : null}
      {needs.stopPrice ? (
        <TextField
          name="stop_price"
          id={inputId("stop_price")}
          label={`${form.type === "take_profit" ? "Trigger price" : "Stop price"} (${quoteAsset})`}
          inputMode="decimal"
          autoComplete="off"
          value={form.stopPrice}
          onChange={(event) => update({ stopPrice: event.target.value })}
          errors={fieldErrors("stop_price")}
        />
      ) : null}
      {needs.trailing ? (
        <div className="grid grid-cols-2 gap-2">
          <TextField
            name="trailing_delta_bps"
            id={inputId("trailing_delta_bps")}
            label="Trail (bps)"
            hint="100 bps is 1%."
            inputMode="numeric"
            autoComplete="off"
            value={form.trailingDeltaBps}
            onChange={(event) => update({ trailingDeltaBps: event.target.value })}
            errors={fieldErrors("trailing_delta_bps")}
          />
          <TextField
            name="activation_price"
            id={inputId("activation_price")}
            label="Activation (optional)"
            inputMode="decimal"
            autoComplete="off"
            value={form.activationPrice}
            onChange={(event) => update({ activationPrice: event.target.value })}
            errors={fieldErrors("activation_price")}
          />
        </div>
      ) : null}
      {form.side === "buy" ? (
        <div className="grid grid-cols-2 gap-2">
          <TextField
            name="stop_loss_price"
            id={inputId("stop_loss_price")}
            label="Stop-loss (optional)"
            inputMode="decimal"
            autoComplete="off"
            value={form.stopLoss}
            onChange={(event) => update({ stopLoss: event.target.value })}
            errors={fieldErrors("stop_loss_price")}
          />
          <TextField
            name="take_profit_price"
            id={inputId("take_profit_price")}
            label="Take-profit (optional)"
            inputMode="decimal"
            autoComplete="off"
            value={form.takeProfit}
            onChange={(event) => update({ takeProfit: event.target.value })}
            errors={fieldErrors("take_profit_price")}
          />
        </div>
      ) : null}

      <CostPreviewList preview={preview} side={form.side} feeRate={feeRate} quoteAsset={quoteAsset} base={base} priceTick={market?.price_tick} />

      <FormMessage error={formError} />
      <Button type="submit" loading={busy} data-testid="order-submit" className={form.side === "buy" ? "bg-success text-background hover:bg-success/90" : "bg-danger text-white hover:bg-danger/90"}>
        {form.side === "buy" ? "Buy" : "Sell"} {base}
      </Button>
    </form>
  );
}

function CostPreviewList({
  preview,
  side,
  feeRate,
  quoteAsset,
  base,
  priceTick,
}: {
  preview: ReturnType<typeof previewCost>;
  side: OrderSide;
  feeRate: number | null;
  quoteAsset: string;
  base: string;
  priceTick: number | undefined;
}) {
  const rows = useMemo(
    () => [
      { label: "Est. price", value: preview ? `${formatPrice(preview.price, priceTick)} ${quoteAsset}` : "—" },
      { label: "Amount", value: preview ? `${formatAmount(preview.amount)} ${base}` : "—" },
      { label: `Fee${feeRate !== null ? ` (${(feeRate * 100).toLocaleString("en-US", { maximumFractionDigits: 4 })}%)` : ""}`, value: preview && feeRate !== null ? `${formatMoney(preview.fee)} ${quoteAsset}` : "—" },
      { label: side === "buy" ? "Total cost" : "You receive", value: preview && feeRate !== null ? `${formatMoney(preview.total)} ${quoteAsset}` : "—" },
    ],
    [preview, side, feeRate, quoteAsset, base, priceTick],
  );
  return (
    <dl className="grid grid-cols-2 gap-x-3 gap-y-1 rounded-md border border-border bg-background/40 px-3 py-2 text-[11px]" data-testid="order-preview">
      {rows.map((row) => (
        <div key={row.label} className="contents">
          <dt className="text-muted-foreground">{row.label}</dt>
          <dd className="text-right tabular-nums text-foreground">{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}
