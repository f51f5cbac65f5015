"use client";

import { RotateCcw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useActionState, useCallback, useEffect, useRef, useState } from "react";
import { resetSettingsAction } from "@/app/(app)/settings/actions";
import { useActionToast } from "@/components/auth/use-action-toast";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { Choice } from "./fields";

/**
 * A two-step danger action: the first button only opens the confirmation, which says what is lost.
 * An in-page step rather than window.confirm, so it is styled, testable and announced properly.
 */
export function ResetSettings() {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [state, formAction, pending] = useActionState(resetSettingsAction, null);
  const openRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  // Focus follows the step, so keyboard users land on the choice they just opened or closed.
  const moveFocus = useRef(false);

  const close = useCallback(() => {
    moveFocus.current = true;
    setConfirming(false);
  }, []);
  const onSuccess = useCallback(() => {
    close();
    router.refresh();
  }, [close, router]);
  useActionToast(state, { successTitle: "Settings reset to defaults", failureTitle: "Settings not reset", onSuccess });

  useEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    (confirming ? confirmRef : openRef).current?.focus();
  }, [confirming]);

  if (!confirming) {
    return (
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-xs text-muted-foreground">
          Puts trading preferences, the trading mode (paper), notification events and display settings back to their defaults. Stored keys are kept
          unless you choose otherwise.
        </p>
        <Button
          ref={openRef}
          variant="danger"
          onClick={() => {
            moveFocus.current = true;
            setConfirming(true);
          }}
          data-testid="reset-open"
        >
          <RotateCcw className="size-3.5" aria-hidden="true" />
          Reset to defaults…
        </Button>
      </div>
    );
  }

  return (
    <form action={formAction} className="flex flex-col gap-3" aria-labelledby="reset-confirm-title" data-testid="reset-form">
      <p id="reset-confirm-title" className="text-body font-medium text-foreground">
        Reset your settings to the defaults?
      </p>
      <p className="text-xs text-muted-foreground">
        This cannot be undone. The paper starting balance changes at the next paper reset.
      </p>
      <Choice
        type="checkbox"
        name="include_secrets"
        label="Also remove stored keys and secrets"
        description="Exchange keys, the CoinGecko key, the Telegram token and chat id, the webhook URL and its signing secret."
      />
      <FormMessage error={state && !state.ok ? state.error.message : null} />
      <div className="flex flex-wrap gap-2">
        <Button ref={confirmRef} type="submit" variant="danger" loading={pending} data-testid="reset-confirm">
          {pending ? "Resetting…" : "Reset settings"}
        </Button>
        <Button variant="ghost" onClick={close} disabled={pending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
