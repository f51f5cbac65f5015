"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
import { Button, type ButtonVariant } from "@/components/ui/button";

type ConfirmActionProps = {
  /** The button's visible text. */
  label: string;
  /** Read after the label by screen readers, so "Delete" says what it deletes. */
  target: string;
  question: string;
  confirmLabel: string;
  icon?: ReactNode;
  variant?: ButtonVariant;
  onConfirm: () => Promise<void>;
  testId: string;
  disabled?: boolean;
};

/**
 * A destructive action in two steps: the button opens an inline question with the confirming
 * button focused; Escape or Keep closes it and returns focus to the first button.
 */
export function ConfirmAction({ label, target, question, confirmLabel, icon, variant = "secondary", onConfirm, testId, disabled }: ConfirmActionProps) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const openRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const moveFocus = useRef(false);

  useEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    (confirming ? confirmRef : openRef).current?.focus();
  }, [confirming]);

  const step = (next: boolean) => {
    moveFocus.current = true;
    setConfirming(next);
  };

  async function confirm() {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      // The component may be gone after a successful delete; React ignores the update then.
      setBusy(false);
      step(false);
    }
  }

  if (!confirming) {
    return (
      <Button ref={openRef} variant={variant} size="sm" onClick={() => step(true)} data-testid={testId} disabled={disabled}>
        {icon}
        {label}
        <span className="sr-only"> {target}</span>
      </Button>
    );
  }
  return (
    <span
      role="group"
      aria-label={`Confirm: ${label.toLowerCase()} ${target}`}
      className="inline-flex flex-wrap items-center gap-2"
      onKeyDown={(event) => {
        if (event.key === "Escape" && !busy) step(false);
      }}
    >
      <span className="text-xs text-muted-foreground">{question}</span>
      <Button ref={confirmRef} variant="danger" size="sm" loading={busy} onClick={confirm} data-testid={`${testId}-confirm`}>
        {confirmLabel}
        <span className="sr-only"> {target}</span>
      </Button>
      <Button variant="ghost" size="sm" onClick={() => step(false)} disabled={busy}>
        Keep
      </Button>
    </span>
  );
}
