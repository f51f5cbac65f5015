"use client";

import { useState } from "react";
import { saveTradingAction } from "@/app/(app)/settings/actions";
import { TextField } from "@/components/ui/text-field";
import type { TradingSettings } from "@/lib/settings/schemas";
import { NumberField, SectionIntro } from "./fields";
import { SaveRow, useSettingsForm } from "./settings-form";

type NumberKey = Exclude<keyof TradingSettings, "stake_currency" | "default_pairs">;

const PERCENT = { short: "%", spoken: "percent" };
const BPS = { short: "bps", spoken: "basis points" };

type NumberSpec = { name: NumberKey; label: string; unit?: { short: string; spoken: string }; step: string; min: number; max: number; hint?: string };

// Ranges mirror tradingUpdateSchema so the spinner stays inside them; the server still decides.
const NUMBER_FIELDS: readonly NumberSpec[] = [
  { name: "max_open_positions", label: "Max open positions", step: "1", min: 1, max: 100, hint: "Whole number, 1–100." },
  { name: "max_position_size_pct", label: "Max position size", unit: PERCENT, step: "0.5", min: 1, max: 100, hint: "Of the account's equity, 1–100%." },
  { name: "risk_per_trade_pct", label: "Risk per trade", unit: PERCENT, step: "0.1", min: 0.1, max: 5, hint: "Equity lost if a stop is hit, 0.1–5%." },
  { name: "stop_loss_pct", label: "Default stop-loss", unit: PERCENT, step: "0.1", min: 0.1, max: 50, hint: "Below the entry price, 0.1–50%." },
  { name: "take_profit_pct", label: "Take-profit", unit: PERCENT, step: "0.1", min: 0.1, max: 1000, hint: "Above the entry price, 0.1–1,000%." },
  { name: "trailing_stop_pct", label: "Trailing stop", unit: PERCENT, step: "0.1", min: 0.1, max: 50, hint: "0.1–50%. Leave empty for none." },
  { name: "daily_loss_limit_pct", label: "Daily loss limit", unit: PERCENT, step: "0.5", min: 0.5, max: 100, hint: "Bots pause for the day past it, 0.5–100%. Leave empty for none." },
  { name: "fee_rate", label: "Fee rate", step: "0.0001", min: 0, max: 0.01, hint: "Per fill as a fraction: 0.001 is 0.1%. Used by paper trading and backtests." },
  { name: "slippage_bps", label: "Slippage", unit: BPS, step: "1", min: 0, max: 500, hint: "Assumed price slippage per fill, 0–500 bps (100 bps = 1%)." },
];

const toText = (value: number | null) => (value === null ? "" : String(value));

export function TradingForm({ trading }: { trading: TradingSettings }) {
  const { formRef, formAction, pending, error, errorsFor } = useSettingsForm(saveTradingAction, {
    successTitle: "Trading preferences saved",
    failureTitle: "Trading preferences not saved",
  });
  // Controlled text, so a refused value stays in the field next to its error after React resets the form.
  const [stake, setStake] = useState(trading.stake_currency);
  const [pairs, setPairs] = useState(trading.default_pairs.join(", "));
  const [balance, setBalance] = useState(toText(trading.paper_starting_balance));
  const [numbers, setNumbers] = useState<Record<NumberKey, string>>(
    () => Object.fromEntries(NUMBER_FIELDS.map(({ name }) => [name, toText(trading[name])])) as Record<NumberKey, string>,
  );

  return (
    <form ref={formRef} action={formAction} noValidate className="flex flex-col gap-4" data-testid="trading-form">
      <SectionIntro>Defaults for new bots, paper trading and backtests. Percentages are percent points.</SectionIntro>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          name="stake_currency"
          id="trading.stake_currency"
          label="Stake currency"
          autoComplete="off"
          spellCheck={false}
          value={stake}
          onChange={(event) => setStake(event.target.value)}
          hint="The quote currency bots trade with, e.g. USDT."
          errors={errorsFor("stake_currency")}
        />
        <NumberField
          name="paper_starting_balance"
          id="trading.paper_starting_balance"
          label="Paper starting balance"
          unit={{ short: stake.trim().toUpperCase() || "—", spoken: stake.trim().toUpperCase() || "stake currency" }}
          step="100"
          min={10}
          max={10_000_000}
          value={balance}
          onChange={(event) => setBalance(event.target.value)}
          hint="Applies at the next paper reset, 10–10,000,000."
          errors={errorsFor("paper_starting_balance")}
        />
        <TextField
          name="default_pairs"
          id="trading.default_pairs"
          label="Default pairs"
          autoComplete="off"
          spellCheck={false}
          className="sm:col-span-2"
          value={pairs}
          onChange={(event) => setPairs(event.target.value)}
          hint="Comma-separated, 1–20 pairs quoted in the stake currency, e.g. BTC/USDT, ETH/USDT."
          errors={errorsFor("default_pairs")}
        />
        {NUMBER_FIELDS.map((spec) => (
          <NumberField
            key={spec.name}
            name={spec.name}
            id={`trading.${spec.name}`}
            label={spec.label}
            unit={spec.unit}
            step={spec.step}
            min={spec.min}
            max={spec.max}
            value={numbers[spec.name]}
            onChange={(event) => setNumbers((current) => ({ ...current, [spec.name]: event.target.value }))}
            hint={spec.hint}
            errors={errorsFor(spec.name)}
          />
        ))}
      </div>
      <SaveRow pending={pending} error={error?.message} label="Save preferences" />
    </form>
  );
}
