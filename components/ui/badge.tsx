import type { ComponentProps } from "react";
import { cn } from "./class-names";

export type BadgeVariant = "neutral" | "primary" | "success" | "danger" | "warning";

const VARIANTS: Record<BadgeVariant, string> = {
  neutral: "border-border-strong bg-muted text-muted-foreground",
  primary: "border-primary/30 bg-primary/10 text-primary",
  success: "border-success/30 bg-success/10 text-success",
  danger: "border-danger/30 bg-danger/10 text-danger",
  warning: "border-warning/30 bg-warning/10 text-warning",
};

export function Badge({ variant = "neutral", className, ...props }: ComponentProps<"span"> & { variant?: BadgeVariant }) {
  return (
    <span
      className={cn(
        "inline-flex h-5 items-center gap-1 whitespace-nowrap rounded border px-1.5 text-[11px] font-medium leading-none",
        VARIANTS[variant],
        className,
      )}
      {...props}
    />
  );
}
