import type { ComponentProps, ReactNode } from "react";
import { cn } from "@/components/ui/class-names";
import { FieldErrors } from "@/components/ui/field-errors";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

/** The aria-describedby value for a field: its hint, and its errors only while there are some. */
export function describedBy(id: string, hint: boolean, errors?: readonly string[] | null): string | undefined {
  const ids = [hint ? `${id}-hint` : null, errors && errors.length > 0 ? `${id}-errors` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

export function FieldHint({ id, children }: { id: string; children?: ReactNode }) {
  if (!children) return null;
  return (
    <p id={`${id}-hint`} className="text-[11px] leading-4 text-muted-foreground">
      {children}
    </p>
  );
}

type NumberFieldProps = Omit<ComponentProps<"input">, "name" | "id" | "type"> & {
  name: string;
  /** Prefixed with the form's group so two forms on one page never share an element id. */
  id: string;
  label: string;
  /** Shown inside the input's right edge and read out with the label. */
  unit?: { short: string; spoken: string };
  hint?: ReactNode;
  errors?: readonly string[] | null;
};

export function NumberField({ name, id, label, unit, hint, errors, className, ...inputProps }: NumberFieldProps) {
  const invalid = Boolean(errors && errors.length > 0);
  return (
    <div className={cn("flex flex-col gap-1.5", className)}>
      <Label htmlFor={id}>
        {label}
        {unit ? <span className="sr-only"> ({unit.spoken})</span> : null}
      </Label>
      <div className="relative">
        <Input
          id={id}
          name={name}
          type="number"
          inputMode="decimal"
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy(id, Boolean(hint), errors)}
          className={cn("tabular-nums", unit && "pr-12")}
          {...inputProps}
        />
        {unit ? (
          <span aria-hidden="true" className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-xs text-muted-foreground">
            {unit.short}
          </span>
        ) : null}
      </div>
      <FieldHint id={id}>{hint}</FieldHint>
      <FieldErrors name={name} id={`${id}-errors`} messages={errors} />
    </div>
  );
}

type SelectFieldProps = Omit<ComponentProps<"select">, "name" | "id"> & {
  name: string;
  id: string;
  label: string;
  hint?: ReactNode;
  errors?: readonly string[] | null;
  options: readonly { value: string; label: string }[];
};

export function SelectField({ name, id, label, hint, errors, options, className, ...selectProps }: SelectFieldProps) {
  const invalid = Boolean(errors && errors.length > 0);
  return (
    <div className={cn("flex flex-col gap-1.5", className)}>
      <Label htmlFor={id}>{label}</Label>
      <select
        id={id}
        name={name}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(id, Boolean(hint), errors)}
        className={cn(
          "h-9 w-full rounded-md border border-border-strong bg-background px-2.5 text-body text-foreground transition-colors",
          "hover:border-muted-foreground/40 focus-visible:border-primary focus-visible:outline-primary/60 focus-visible:outline-offset-0",
          "aria-[invalid=true]:border-danger disabled:cursor-not-allowed disabled:opacity-50",
        )}
        {...selectProps}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldHint id={id}>{hint}</FieldHint>
      <FieldErrors name={name} id={`${id}-errors`} messages={errors} />
    </div>
  );
}

type ChoiceProps = Omit<ComponentProps<"input">, "type" | "children"> & {
  type: "checkbox" | "radio";
  label: ReactNode;
  description?: ReactNode;
};

/** A checkbox or radio with its label beside it; the whole row is the click target. */
export function Choice({ type, label, description, className, disabled, ...inputProps }: ChoiceProps) {
  return (
    <label className={cn("flex items-start gap-2 text-body", disabled ? "cursor-not-allowed opacity-60" : "cursor-pointer", className)}>
      <input type={type} disabled={disabled} className="mt-0.5 size-3.5 shrink-0 accent-primary" {...inputProps} />
      <span className="min-w-0">
        <span className="text-foreground">{label}</span>
        {description ? <span className="block text-[11px] leading-4 text-muted-foreground">{description}</span> : null}
      </span>
    </label>
  );
}

/** A card's lead sentence: what the section is for, above its fields. */
export function SectionIntro({ children }: { children: ReactNode }) {
  return <p className="mb-3 text-xs text-muted-foreground">{children}</p>;
}
