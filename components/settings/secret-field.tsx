"use client";

import { TriangleAlert, X } from "lucide-react";
import type { ReactNode } from "react";
import { removeSecretAction } from "@/app/(app)/settings/actions";
import { formatUtcTime } from "@/components/format/format-time";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/class-names";
import { FieldErrors } from "@/components/ui/field-errors";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { SecretField as SecretFieldName, SecretMask } from "@/lib/settings/secret-fields";
import { useButtonAction } from "./action-button";
import { describedBy, FieldHint } from "./fields";

type Unreadable = Extract<SecretMask, { unreadable: true }>;
const isUnreadable = (mask: SecretMask): mask is Unreadable => mask.set && "unreadable" in mask;

/** The short status beside a secret's label. */
export function maskText(mask: SecretMask): string {
  if (!mask.set) return "Not set";
  if (isUnreadable(mask)) return "Unreadable";
  return mask.last4 ? `Set ••••${mask.last4}` : "Set";
}

/** The empty input's placeholder: which secret is stored and since when, never the secret itself. */
export function maskPlaceholder(mask: SecretMask): string {
  if (!mask.set) return "Not set";
  if (isUnreadable(mask)) return "Unreadable: enter it again";
  const saved = formatUtcTime(mask.updated_at);
  return mask.last4 ? `•••• ${mask.last4} — saved ${saved}` : `Saved ${saved}`;
}

export function MaskStatus({ field, mask }: { field: SecretFieldName; mask: SecretMask }) {
  return (
    <span
      data-testid={`mask-${field}`}
      className={cn(
        "whitespace-nowrap font-mono text-[11px]",
        !mask.set ? "text-muted-foreground" : isUnreadable(mask) ? "text-warning" : "text-success",
      )}
    >
      {maskText(mask)}
    </span>
  );
}

export function RemoveSecretButton({ field, label }: { field: SecretFieldName; label: string }) {
  const { run, pending } = useButtonAction(removeSecretAction, {
    announce: (result) =>
      result.ok ? { variant: "success", title: `${label} removed` } : { variant: "error", title: `${label} not removed`, description: result.error.message },
    refresh: true,
  });
  return (
    <Button variant="ghost" size="sm" className="h-6 px-1.5" loading={pending} onClick={() => run({ field })} data-testid={`remove-${field}`}>
      {pending ? null : <X className="size-3" aria-hidden="true" />}
      Remove<span className="sr-only"> {label}</span>
    </Button>
  );
}

type SecretFieldProps = {
  /** The dotted wire path; it names the element id and the test ids. */
  field: SecretFieldName;
  /** The form field name, without the group. */
  name: string;
  label: string;
  mask: SecretMask;
  hint?: ReactNode;
  errors?: readonly string[] | null;
  optional?: boolean;
};

/**
 * A write-only input: it starts empty whatever is stored, the placeholder shows the mask, and
 * leaving it empty keeps the stored value. Removing is its own button.
 */
export function SecretField({ field, name, label, mask, hint, errors, optional }: SecretFieldProps) {
  const id = field;
  const invalid = Boolean(errors && errors.length > 0);
  const unreadable = isUnreadable(mask);
  return (
    <div className="flex flex-col gap-1.5">
      <div className="flex min-h-6 flex-wrap items-center justify-between gap-x-2">
        <Label htmlFor={id} className="whitespace-nowrap">
          {label}
          {optional ? <span className="font-normal text-muted-foreground"> (optional)</span> : null}
        </Label>
        <span className="flex items-center gap-1">
          <MaskStatus field={field} mask={mask} />
          {mask.set ? <RemoveSecretButton field={field} label={label} /> : null}
        </span>
      </div>
      <Input
        id={id}
        name={name}
        type="password"
        autoComplete="off"
        spellCheck={false}
        placeholder={maskPlaceholder(mask)}
        aria-invalid={invalid || undefined}
        aria-describedby={[unreadable ? `${id}-unreadable` : null, describedBy(id, Boolean(hint), errors)].filter(Boolean).join(" ") || undefined}
        className="font-mono"
      />
      {unreadable ? (
        <p id={`${id}-unreadable`} data-testid={`unreadable-${field}`} className="flex items-center gap-1.5 text-xs text-warning">
          <TriangleAlert className="size-3.5 shrink-0" aria-hidden="true" />
          {mask.message}
        </p>
      ) : null}
      <FieldHint id={id}>{hint}</FieldHint>
      <FieldErrors name={name} id={`${id}-errors`} messages={errors} />
    </div>
  );
}
