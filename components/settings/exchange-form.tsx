"use client";

import { PlugZap } from "lucide-react";
import { useState } from "react";
import { saveExchangeAction, testExchangeAction } from "@/app/(app)/settings/actions";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FieldErrors } from "@/components/ui/field-errors";
import type { SettingsView } from "@/lib/settings/settings";
import { useButtonAction } from "./action-button";
import { Choice, SectionIntro, SelectField } from "./fields";
import { SecretField } from "./secret-field";
import { SaveRow, useSettingsForm } from "./settings-form";

type ExchangeView = SettingsView["exchange"];

const exchangeLabel = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);

export function ExchangeForm({ exchange, supported }: { exchange: ExchangeView; supported: readonly string[] }) {
  const { formRef, formAction, pending, error, errorsFor } = useSettingsForm(saveExchangeAction, {
    successTitle: "Exchange settings saved",
    failureTitle: "Exchange settings not saved",
  });
  // Controlled, so a failed save (after which React resets the form) keeps the choices made.
  const [id, setId] = useState(exchange.id);
  const [mode, setMode] = useState(exchange.mode);
  // A stored exchange the server no longer supports stays visible, so saving explains the problem.
  const ids = supported.includes(exchange.id) ? supported : [exchange.id, ...supported];
  const liveBlocked = !exchange.live_trading_enabled;

  return (
    <form ref={formRef} action={formAction} noValidate className="flex flex-col gap-4" data-testid="exchange-form">
      <SectionIntro>
        Paper trading always uses this server&apos;s market data. Your exchange keys are used to check them now and for live
        trading later. Create keys without withdrawal permission and, if you can, restrict them to this server&apos;s IP.
      </SectionIntro>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          name="id"
          id="exchange.id"
          label="Exchange"
          value={id}
          onChange={(event) => setId(event.target.value)}
          options={ids.map((value) => ({ value, label: exchangeLabel(value) }))}
          errors={errorsFor("id")}
        />
        <fieldset className="flex flex-col gap-1.5" aria-describedby={liveBlocked ? "exchange.mode-hint" : undefined}>
          <legend className="mb-1.5 text-xs font-medium text-foreground">Trading mode</legend>
          <div className="flex gap-4">
            <Choice type="radio" name="mode" value="paper" label="Paper" checked={mode === "paper"} onChange={() => setMode("paper")} />
            <Choice type="radio" name="mode" value="live" label="Live" checked={mode === "live"} disabled={liveBlocked} onChange={() => setMode("live")} />
          </div>
          {liveBlocked ? (
            <p id="exchange.mode-hint" className="text-[11px] leading-4 text-muted-foreground">
              Live trading is turned off on this server (ENABLE_LIVE_TRADING is not true), so every bot trades on paper. Ask
              the operator if you need it.
            </p>
          ) : null}
          <FieldErrors name="mode" id="exchange.mode-errors" messages={errorsFor("mode")} />
        </fieldset>
        <SecretField field="exchange.api_key" name="api_key" label="API key" mask={exchange.api_key} errors={errorsFor("api_key")} />
        <SecretField field="exchange.api_secret" name="api_secret" label="API secret" mask={exchange.api_secret} errors={errorsFor("api_secret")} />
        <SecretField
          field="exchange.passphrase"
          name="passphrase"
          label="Passphrase"
          optional
          mask={exchange.passphrase}
          hint="Only exchanges that issue one with the key (e.g. OKX, KuCoin) need it."
          errors={errorsFor("passphrase")}
        />
      </div>
      <p className="text-[11px] leading-4 text-muted-foreground">
        Leave a key field empty to keep the stored value. Keys are encrypted on the server and never shown again.
      </p>
      <SaveRow pending={pending} error={error?.message} label="Save exchange">
        <ExchangeTest />
      </SaveRow>
    </form>
  );
}

const RESULT_BADGE: Record<string, { variant: BadgeVariant; label: string }> = {
  ok: { variant: "success", label: "ok" },
  invalid_key: { variant: "danger", label: "invalid key" },
  missing_permission: { variant: "warning", label: "missing permission" },
  unreachable: { variant: "warning", label: "unreachable" },
};

function flag(value: boolean | null, yes: string, no: string): string | null {
  return value === null ? null : value ? yes : no;
}

/** Checks the stored keys against the exchange; a plain button, since it sits in the save form. */
function ExchangeTest() {
  const { state, run, pending } = useButtonAction(testExchangeAction, {
    announce: (result) =>
      !result.ok
        ? { variant: "error", title: "Connection test failed", description: result.error.message }
        : result.data?.ok
          ? { variant: "success", title: "Exchange keys work" }
          : { variant: "error", title: "Exchange keys did not pass", description: result.data?.message },
  });
  const outcome = state?.ok ? state.data : null;
  const badge = outcome ? (RESULT_BADGE[outcome.result] ?? { variant: "neutral" as const, label: outcome.result }) : null;
  const flags = outcome
    ? [flag(outcome.can_withdraw, "can withdraw", "cannot withdraw"), flag(outcome.ip_restricted, "IP-restricted", "not IP-restricted")].filter(Boolean)
    : [];

  return (
    <>
      <Button variant="secondary" loading={pending} onClick={() => run()} data-testid="test-exchange">
        {pending ? null : <PlugZap className="size-3.5" aria-hidden="true" />}
        Test connection
      </Button>
      <p aria-live="polite" data-testid="exchange-test-result" className="flex min-w-0 basis-full flex-wrap items-center gap-2 text-xs text-muted-foreground">
        {state && !state.ok ? <span className="text-danger">{state.error.message}</span> : null}
        {outcome && badge ? (
          <>
            <Badge variant={badge.variant}>{badge.label}</Badge>
            <span className="text-foreground">{outcome.message}</span>
            {flags.length > 0 ? <span>({flags.join(", ")})</span> : null}
          </>
        ) : null}
        {!state ? <span>Tests the saved keys: save new keys first.</span> : null}
      </p>
    </>
  );
}
