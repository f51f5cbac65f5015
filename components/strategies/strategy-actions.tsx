"use client";

import { Copy, Download, Pencil, Trash2 } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { asApiError } from "@/components/api/api-request";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { ConfirmDialog } from "./confirm-dialog";
import { deleteStrategy, downloadExport, duplicateStrategy, exportFileName } from "./strategy-api";
import type { StrategyView } from "./types";

type StrategyActionsProps = {
  strategy: Pick<StrategyView, "id" | "name">;
  onDuplicated: (copy: StrategyView) => void;
  onDeleted: () => void;
  /** Icon-only buttons for table rows; labelled buttons for the detail page. */
  compact?: boolean;
};

/** Edit, duplicate, export and delete for one strategy, each announcing its outcome. */
export function StrategyActions({ strategy, onDuplicated, onDeleted, compact = false }: StrategyActionsProps) {
  const { toast } = useToast();
  const [busy, setBusy] = useState<"duplicate" | "export" | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteProblem, setDeleteProblem] = useState<string | null>(null);
  const { id, name } = strategy;
  const href = `/strategies/${encodeURIComponent(id)}/edit`;

  async function duplicate() {
    setBusy("duplicate");
    try {
      const copy = await duplicateStrategy(id);
      toast({ variant: "success", title: "Strategy duplicated", description: `Saved as ${copy.name}, disabled.` });
      onDuplicated(copy);
    } catch (error) {
      toast({ variant: "error", title: "Strategy not duplicated", description: asApiError(error).message });
    } finally {
      setBusy(null);
    }
  }

  async function exportFile() {
    setBusy("export");
    try {
      await downloadExport(id, name);
      toast({ variant: "success", title: "Strategy exported", description: exportFileName(name) });
    } catch (error) {
      toast({ variant: "error", title: "Strategy not exported", description: asApiError(error).message });
    } finally {
      setBusy(null);
    }
  }

  async function remove() {
    setDeleting(true);
    setDeleteProblem(null);
    try {
      await deleteStrategy(id);
      setConfirming(false);
      toast({ variant: "success", title: "Strategy deleted", description: name });
      onDeleted();
    } catch (error) {
      const e = asApiError(error);
      // Kept in the dialog: "close the positions first" is the answer to the question it asked.
      setDeleteProblem(e.message);
      toast({ variant: "error", title: "Strategy not deleted", description: e.message });
    } finally {
      setDeleting(false);
    }
  }

  const size = compact ? "icon" : "sm";
  const iconClass = compact ? "size-3.5" : "size-3.5";
  const label = (text: string) =>
    compact ? (
      <span className="sr-only">
        {text} {name}
      </span>
    ) : (
      <>
        {text}
        <span className="sr-only"> {name}</span>
      </>
    );
  const variant = compact ? "ghost" : "secondary";
  const buttonClass = compact ? "size-7" : undefined;

  return (
    <div className="flex flex-wrap items-center justify-end gap-1">
      <Button asChild variant={variant} size={size} className={buttonClass}>
        <Link href={href} title={compact ? "Edit" : undefined}>
          <Pencil className={iconClass} aria-hidden="true" />
          {label("Edit")}
        </Link>
      </Button>
      <Button variant={variant} size={size} className={buttonClass} title={compact ? "Duplicate" : undefined} loading={busy === "duplicate"} disabled={busy !== null} onClick={duplicate}>
        {busy === "duplicate" ? null : <Copy className={iconClass} aria-hidden="true" />}
        {label("Duplicate")}
      </Button>
      <Button variant={variant} size={size} className={buttonClass} title={compact ? "Export" : undefined} loading={busy === "export"} disabled={busy !== null} onClick={exportFile}>
        {busy === "export" ? null : <Download className={iconClass} aria-hidden="true" />}
        {label("Export")}
      </Button>
      <Button
        variant={compact ? "ghost" : "danger"}
        size={size}
        className={compact ? "size-7 hover:text-danger" : undefined}
        title={compact ? "Delete" : undefined}
        onClick={() => {
          setDeleteProblem(null);
          setConfirming(true);
        }}
      >
        <Trash2 className={iconClass} aria-hidden="true" />
        {label("Delete")}
      </Button>
      <ConfirmDialog
        open={confirming}
        title={`Delete ${name}?`}
        confirmLabel="Delete strategy"
        busy={deleting}
        onConfirm={remove}
        onCancel={() => setConfirming(false)}
      >
        <p>It leaves your list and its name is free again. Its backtests stay readable.</p>
        {deleteProblem ? (
          <p className="mt-2 rounded border border-danger/30 bg-danger/10 px-2 py-1.5 text-danger" data-testid="delete-problem">
            {deleteProblem}
          </p>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}
