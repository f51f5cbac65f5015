import type { ReactNode } from "react";
import { cn } from "./class-names";
import { ToggleButton } from "./toggle-button";

export type SegmentedOption<T extends string> = {
  value: T;
  label: ReactNode;
  /** Read instead of the label when the label alone is too terse ("1h" → "1 hour"). */
  title?: string;
};

type SegmentedControlProps<T extends string> = {
  /** Names the group for assistive tech. */
  label: string;
  options: readonly SegmentedOption<T>[];
  value: T | null;
  onChange: (value: T) => void;
  className?: string;
};

/** A row of mutually exclusive toggle buttons: the chosen one is pressed, the others are not. */
export function SegmentedControl<T extends string>({ label, options, value, onChange, className }: SegmentedControlProps<T>) {
  return (
    <div
      role="group"
      aria-label={label}
      className={cn("inline-flex items-center gap-0.5 rounded-md border border-border bg-background p-0.5", className)}
    >
      {options.map((option) => (
        <ToggleButton
          key={option.value}
          pressed={option.value === value}
          title={option.title}
          onClick={() => onChange(option.value)}
        >
          {option.label}
        </ToggleButton>
      ))}
    </div>
  );
}
