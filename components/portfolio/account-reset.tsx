"use client";

import { RotateCcw } from "lucide-react";
import { useState } from "react";
import { apiRequest, asApiError } from "@/components/api/api-request";
import { ConfirmDialog } from "@/components/strategies/confirm-dialog";
import { formatMoney } from "@/components/trading/format";
import type { BalanceView } from "@/components/trading/types";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";

/** Starts the paper account over at the starting balance from settings. */
export function AccountReset({ onReset }: { onReset: () => void }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const { toast } = useToast();

  const run = async () => {
    setBusy(true);
    try {
      const balance = await apiRequest<BalanceView>("POST", "/trading/account/reset", { body: { confirm: true } });
      setOpen(false);
      toast({ variant: "success", title: "Paper account reset", description: `Equity is now ${formatMoney(balance.equity)} ${balance.quote_asset}.` });
      onReset();
    } catch (error) {
      setOpen(false);
      toast({ variant: "error", title: "The account was not reset", description: asApiError(error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button variant="danger" size="sm" onClick={() => setOpen(true)} data-testid="account-reset">
        <RotateCcw className="size-3.5" aria-hidden="true" />
        Reset account
      </Button>
      <ConfirmDialog open={open} title="Reset the paper account?" confirmLabel="Reset" busy={busy} onConfirm={() => void run()} onCancel={() => setOpen(false)}>
        Cancels every open order, removes every position and the trade history, and restores the starting balance from your settings. This cannot be undone.
      </ConfirmDialog>
    </>
  );
}
