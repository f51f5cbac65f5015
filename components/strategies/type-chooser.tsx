"use client";

import { cn } from "@/components/ui/class-names";
import { FieldErrors } from "@/components/ui/field-errors";
import { fieldDomId } from "./form-state";
import type { FormType } from "./form-state";

/** The strategy types as radio cards: the label names the choice, the description explains it. */
export function TypeChooser({
  types,
  value,
  onChange,
  errors,
  disabled,
}: {
  types: readonly FormType[];
  value: string;
  onChange: (type: string) => void;
  errors?: readonly string[];
  disabled?: boolean;
}) {
  const id = fieldDomId("type");
  const invalid = Boolean(errors && errors.length > 0);
  return (
    <fieldset id={id} tabIndex={-1} aria-describedby={invalid ? `${id}-errors` : undefined}>
      <legend className="mb-1.5 text-xs font-medium text-foreground">Type</legend>
      <div className="grid gap-2 sm:grid-cols-2 xl:grid-cols-4">
        {types.map((t) => {
          const optionId = `${id}-${t.type}`;
          const checked = t.type === value;
          return (
            <label
              key={t.type}
              htmlFor={optionId}
              className={cn(
                "flex cursor-pointer flex-col gap-1 rounded-md border px-3 py-2 transition-colors",
                "has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-primary",
                checked ? "border-primary/60 bg-primary/10" : "border-border bg-background hover:border-border-strong hover:bg-surface-raised",
                disabled && "cursor-not-allowed opacity-60",
              )}
            >
              <span className="flex items-center gap-2">
                <input
                  type="radio"
                  id={optionId}
                  name="type"
                  value={t.type}
                  checked={checked}
                  disabled={disabled}
                  onChange={() => onChange(t.type)}
                  aria-labelledby={`${optionId}-label`}
                  aria-describedby={`${optionId}-description`}
                  className="size-3.5 shrink-0 accent-primary focus-visible:outline-none"
                />
                <span id={`${optionId}-label`} className="text-body font-medium text-foreground">
                  {t.label}
                </span>
              </span>
              <span id={`${optionId}-description`} className="line-clamp-3 text-[11px] leading-4 text-muted-foreground">
                {t.description}
              </span>
            </label>
          );
        })}
      </div>
      <FieldErrors name="type" id={`${id}-errors`} messages={errors} />
    </fieldset>
  );
}
