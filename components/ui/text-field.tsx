import type { ComponentProps, ReactNode } from "react";
import { cn } from "./class-names";
import { FieldErrors } from "./field-errors";
import { Input } from "./input";
import { Label } from "./label";

type TextFieldProps = Omit<ComponentProps<"input">, "name" | "id"> & {
  name: string;
  label: ReactNode;
  /** Defaults to the name; override when two forms on one page share field names. */
  id?: string;
  errors?: readonly string[] | null;
  hint?: ReactNode;
};

/** Label, input, hint and error list wired together so assistive tech reads them as one field. */
export function TextField({ name, label, id = name, errors, hint, className, ...inputProps }: TextFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorsId = `${id}-errors`;
  const invalid = Boolean(errors && errors.length > 0);
  const describedBy = [hintId, invalid ? errorsId : undefined].filter(Boolean).join(" ") || undefined;

  return (
    <div className={cn("flex flex-col gap-1.5", className)}>
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        name={name}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        {...inputProps}
      />
      {hint ? (
        <p id={hintId} className="text-[11px] leading-4 text-muted-foreground">
          {hint}
        </p>
      ) : null}
      <FieldErrors name={name} id={errorsId} messages={errors} />
    </div>
  );
}
