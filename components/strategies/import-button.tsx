"use client";

import { LoaderCircle, Upload } from "lucide-react";
import { useId, useRef, useState, type ChangeEvent } from "react";
import { asApiError } from "@/components/api/api-request";
import { cn } from "@/components/ui/class-names";
import { useToast } from "@/components/ui/toast";
import { describeFieldProblems, importStrategy } from "./strategy-api";
import type { StrategyView } from "./types";

/** Largest export the browser reads; real exports are a few kilobytes. */
const MAX_FILE_BYTES = 512 * 1024;

/**
 * Imports an exported strategy file. The file input itself is the control (visually a button), so
 * it is reached and operated with the keyboard like any file field.
 */
export function ImportButton({ onImported }: { onImported: (strategy: StrategyView) => void }) {
  const { toast } = useToast();
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);

  async function onChange(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    setBusy(true);
    try {
      if (file.size > MAX_FILE_BYTES) throw new Error("The file is too large to be a strategy export.");
      let exported: unknown;
      try {
        exported = JSON.parse(await file.text());
      } catch {
        throw new Error(`${file.name} is not a strategy export (it is not JSON).`);
      }
      const strategy = await importStrategy(exported);
      toast({ variant: "success", title: "Strategy imported", description: `Saved as ${strategy.name}, disabled.` });
      onImported(strategy);
    } catch (error) {
      const e = asApiError(error);
      const fields = describeFieldProblems(e.fields);
      toast({ variant: "error", title: "Strategy not imported", description: fields ? `${e.message} ${fields}` : e.message });
    } finally {
      setBusy(false);
      // The same file can be chosen again after fixing it.
      if (inputRef.current) inputRef.current.value = "";
    }
  }

  return (
    <label
      htmlFor={id}
      className={cn(
        "inline-flex h-8 cursor-pointer select-none items-center gap-2 whitespace-nowrap rounded-md border border-border-strong bg-surface-raised px-3 text-body font-medium text-foreground transition-colors hover:bg-muted",
        "has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-primary",
        busy && "pointer-events-none opacity-60",
      )}
    >
      {busy ? <LoaderCircle className="size-3.5 animate-spin" aria-hidden="true" /> : <Upload className="size-3.5" aria-hidden="true" />}
      Import
      <input
        ref={inputRef}
        id={id}
        type="file"
        accept="application/json,.json"
        className="sr-only"
        aria-label="Import strategy file"
        disabled={busy}
        onChange={onChange}
        data-testid="strategy-import-input"
      />
    </label>
  );
}
