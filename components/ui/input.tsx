import type { ComponentProps } from "react";
import { cn } from "./class-names";

export function Input({ className, type = "text", ...props }: ComponentProps<"input">) {
  return (
    <input
      type={type}
      className={cn(
        "h-9 w-full rounded-md border border-border-strong bg-background px-3 text-body text-foreground",
        "placeholder:text-muted-foreground/70 transition-colors",
        "hover:border-muted-foreground/40 focus-visible:border-primary focus-visible:outline-primary/60 focus-visible:outline-offset-0",
        "aria-[invalid=true]:border-danger aria-[invalid=true]:focus-visible:outline-danger/60",
        "disabled:cursor-not-allowed disabled:opacity-50",
        className,
      )}
      {...props}
    />
  );
}
