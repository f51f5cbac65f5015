import type { ComponentProps } from "react";
import { cn } from "./class-names";

export type ToggleButtonProps = Omit<ComponentProps<"button">, "type" | "aria-pressed"> & {
  pressed: boolean;
};

/** A button that stays down while its option is on; assistive tech reads it as pressed or not. */
export function ToggleButton({ pressed, className, ...props }: ToggleButtonProps) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      className={cn(
        "inline-flex h-6 shrink-0 select-none items-center justify-center gap-1 whitespace-nowrap rounded px-2 text-[11px] font-medium transition-colors",
        "disabled:pointer-events-none disabled:opacity-50",
        pressed
          ? "bg-primary/15 text-primary"
          : "text-muted-foreground hover:bg-muted hover:text-foreground",
        className,
      )}
      {...props}
    />
  );
}
