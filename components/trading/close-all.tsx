"use client";

import { OctagonX, X } from "lucide-react";
import { useState } from "react";
import { apiRequest, asApiError } from "@/components/api/api-request";
import { ConfirmDialog } from "@/components/strategies/confirm-dialog";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { baseOf, countOf, formatAmount, hasDust } from "./format";
import { TRADING_MESSAGES } from "./trading-api";
import type { CloseAllResult } from "./types";

/** The emergency stop: cancels every open order, pauses bots and sells every position at market. */
export function CloseAllButton({ onDone }: { onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<CloseAllResult | null>(null);
  const { toast } = useToast();

  const run = async () => {
    setBusy(true);
    try {
      const answer = await apiRequest<CloseAllResult>("POST", "/trading/close-all", { body: { confirm: true }, messages: TRADING_MESSAGES });
      setResult(answer);
      setOpen(false);
      toast({ variant: "success", title: "Everything closed", description: `${answer.results.length} position(s) closed, ${countOf(answer.canceled_orders)} order(s) canceled.` });
      onDone();
    } catch (error) {
      setOpen(false);
      toast({ variant: "error", title: "Close all failed", description: asApiError(error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button variant="danger" size="sm" onClick={() => setOpen(true)} data-testid="close-all">
        <OctagonX className="size-3.5" aria-hidden="true" />
        Close all
      </Button>
      <ConfirmDialog open={open} title="Close everything?" confirmLabel="Close all" busy={busy} onConfirm={() => void run()} onCancel={() => setOpen(false)}>
        Cancels every open order, pauses your running bots and sells every position at the market price. This cannot be undone.
      </ConfirmDialog>
      {result ? <CloseAllReport result={result} onDismiss={() => setResult(null)} /> : null}
    </>
  );
}

function CloseAllReport({ result, onDismiss }: { result: CloseAllResult; onDismiss: () => void }) {
  return (
    <div
      role="status"
      data-testid="close-all-result"
      className="fixed inset-x-3 bottom-3 z-50 max-w-md rounded-lg border border-border-strong bg-surface-raised p-3 text-xs shadow-xl shadow-black/40 sm:left-auto"
    >
      <div className="flex items-start justify-between gap-2">
        <p className="font-medium text-foreground">
          Closed: {countOf(result.canceled_orders)} order(s) canceled, {result.paused_bots} bot(s) paused.
        </p>
        <button type="button" onClick={onDismiss} className="-m-1 rounded p-1 text-muted-foreground hover:bg-muted hover:text-foreground" aria-label="Dismiss the close-all report">
          <X className="size-3.5" aria-hidden="true" />
        </button>
      </div>
      {result.results.length === 0 ? (
        <p className="mt-1 text-muted-foreground">There were no positions to sell.</p>
      ) : (
        <ul className="mt-1.5 space-y-0.5">
          {result.results.map((r) => (
            <li key={r.symbol} className="flex justify-between gap-3 tabular-nums">
              <span className="font-medium">{r.symbol}</span>
              <span className="text-muted-foreground">
                {r.error ? <span className="text-danger">{r.error}</span> : r.sold > 0 ? `sold ${formatAmount(r.sold)} ${baseOf(r.symbol)}` : "nothing sold"}
                {hasDust(r.dust)
                  ? ` · dust left${typeof r.dust === "number" ? `: ${formatAmount(r.dust)} ${baseOf(r.symbol)}` : ""} (below the minimum order)`
                  : ""}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
