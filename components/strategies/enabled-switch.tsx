"use client";

import { useState } from "react";
import { asApiError } from "@/components/api/api-request";
import { cn } from "@/components/ui/class-names";
import { useToast } from "@/components/ui/toast";
import { toggleStrategy } from "./strategy-api";
import type { StrategyView } from "./types";

type EnabledSwitchProps = {
  strategy: Pick<StrategyView, "id" | "name" | "enabled">;
  onChange: (strategy: StrategyView) => void;
  /** Shows "On"/"Off" beside the switch. */
  showState?: boolean;
};

/**
 * Enables or disables a strategy's bot. The request names the state wanted, so a retry cannot
 * flip it back; a strategy that allows shorts is refused with a message saying why.
 */
export function EnabledSwitch({ strategy, onChange, showState = false }: EnabledSwitchProps) {
  const { toast } = useToast();
  const [busy, setBusy] = useState(false);
  const { id, name, enabled } = strategy;

  async function flip() {
    setBusy(true);
    try {
      const view = await toggleStrategy(id, !enabled);
      onChange(view);
      toast({ variant: "success", title: view.enabled ? "Strategy enabled" : "Strategy disabled", description: view.name });
    } catch (error) {
      const e = asApiError(error);
      if (e.code === "shorts_not_supported") {
        toast({ variant: "error", title: `${name} cannot be enabled`, description: `${e.message} Turn off "Allow shorts" in its risk settings to run it as a bot.` });
      } else {
        toast({ variant: "error", title: enabled ? "Strategy not disabled" : "Strategy not enabled", description: e.message });
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        role="switch"
        aria-checked={enabled}
        aria-label={`Enabled: ${name}`}
        aria-busy={busy || undefined}
        disabled={busy}
        onClick={flip}
        data-testid="strategy-enabled"
        className={cn(
          "relative inline-flex h-4.5 w-8 shrink-0 items-center rounded-full border transition-colors disabled:cursor-progress disabled:opacity-60",
          enabled ? "border-success/60 bg-success/30" : "border-border-strong bg-muted",
        )}
      >
        <span
          aria-hidden="true"
          className={cn("absolute size-3 rounded-full transition-transform", enabled ? "translate-x-[15px] bg-success" : "translate-x-[2px] bg-muted-foreground")}
        />
      </button>
      {showState ? <span className={cn("text-xs", enabled ? "text-success" : "text-muted-foreground")}>{enabled ? "Enabled" : "Disabled"}</span> : null}
    </span>
  );
}
