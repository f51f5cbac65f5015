"use client";

import { Plus, X } from "lucide-react";
import { useId, type KeyboardEvent } from "react";
import { useApiResource } from "@/components/api/use-api-resource";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/class-names";
import { FieldErrors } from "@/components/ui/field-errors";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { fieldDomId, type FieldErrorMap } from "./form-state";

type SymbolsAnswer = { items: { symbol: string; quote: string }[] };

type PairsFieldProps = {
  symbols: readonly string[];
  /** What is typed in the box but not added yet; the form adds it on save too. */
  text: string;
  onTextChange: (text: string) => void;
  /** Adds what is in the box; returns a problem to show, or null. */
  onAdd: () => void;
  onRemove: (symbol: string) => void;
  /** A problem with what was typed (not a pair, already listed). */
  inputProblem: string | null;
  errors: FieldErrorMap;
  stakeCurrency?: string;
  max: number;
  disabled?: boolean;
};

/**
 * The strategy's pairs as removable chips, with a box that adds one or several (Enter, comma or the
 * Add button) and suggests the deployment's markets in the stake currency.
 */
export function PairsField({ symbols, text, onTextChange, onAdd, onRemove, inputProblem, errors, stakeCurrency, max, disabled }: PairsFieldProps) {
  const id = fieldDomId("symbols");
  const listId = useId();
  const hintId = `${id}-hint`;
  const errorsId = `${id}-errors`;
  // Suggestions only: a failed read leaves the box working without them.
  const markets = useApiResource<SymbolsAnswer>("/market/symbols");
  const suggestions = (markets.data?.items ?? [])
    .filter((m) => !stakeCurrency || m.quote === stakeCurrency)
    .map((m) => m.symbol)
    .filter((s) => !symbols.includes(s));

  const own = errors.symbols ?? [];
  const perPair = symbols.flatMap((symbol, i) => (errors[`symbols.${i}`] ?? []).map((m) => (m.includes(symbol) ? m : `${symbol}: ${m}`)));
  const messages = [...(inputProblem ? [inputProblem] : []), ...own, ...perPair];
  const invalid = messages.length > 0;
  const full = symbols.length >= max;

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Enter" || event.key === ",") {
      event.preventDefault();
      onAdd();
    } else if (event.key === "Backspace" && text === "" && symbols.length > 0) {
      onRemove(symbols[symbols.length - 1]);
    }
  }

  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={id}>Pairs</Label>
      <div className="flex gap-2">
        <Input
          id={id}
          name="symbols"
          value={text}
          list={listId}
          placeholder={stakeCurrency ? `BTC/${stakeCurrency}` : "BTC/USDT"}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          disabled={disabled || full}
          aria-invalid={invalid || undefined}
          aria-describedby={[`${id}-chips`, hintId, invalid ? errorsId : null].filter(Boolean).join(" ")}
          onChange={(event) => onTextChange(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <Button variant="secondary" className="h-9" onClick={onAdd} disabled={disabled || full || text.trim() === ""}>
          <Plus className="size-3.5" aria-hidden="true" />
          Add pair
        </Button>
      </div>
      <datalist id={listId}>
        {suggestions.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      <ul id={`${id}-chips`} aria-label="Chosen pairs" className="flex min-h-6 flex-wrap gap-1.5" data-testid="strategy-pairs">
        {symbols.length === 0 ? <li className="text-[11px] text-muted-foreground">No pairs yet.</li> : null}
        {symbols.map((symbol, i) => {
          const bad = (errors[`symbols.${i}`] ?? []).length > 0;
          return (
            <li
              key={symbol}
              className={cn(
                "inline-flex h-6 items-center gap-1 rounded border pl-2 pr-0.5 font-mono text-[11px]",
                bad ? "border-danger/50 bg-danger/10 text-danger" : "border-border-strong bg-muted text-foreground",
              )}
            >
              {symbol}
              <button
                type="button"
                className="rounded p-0.5 text-muted-foreground hover:bg-background hover:text-foreground disabled:opacity-50"
                aria-label={`Remove ${symbol}`}
                disabled={disabled}
                onClick={() => onRemove(symbol)}
              >
                <X className="size-3" aria-hidden="true" />
              </button>
            </li>
          );
        })}
      </ul>
      <p id={hintId} className="text-[11px] leading-4 text-muted-foreground">
        Up to {max} pairs like BTC/{stakeCurrency ?? "USDT"}
        {stakeCurrency ? `, quoted in your stake currency ${stakeCurrency}` : ""}. Press Enter or comma to add.
      </p>
      <FieldErrors name="symbols" id={errorsId} messages={messages} />
    </div>
  );
}
