import { cn } from "@/components/ui/class-names";

type ProgressBarProps = {
  /** 0–100, or null while the amount of work left is unknown. */
  value: number | null;
  /** What is progressing, read out with the value. */
  label: string;
  className?: string;
};

/** A determinate bar, or an indeterminate one (no aria-valuenow) while the server works. */
export function ProgressBar({ value, label, className }: ProgressBarProps) {
  const clamped = value === null ? null : Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={clamped ?? undefined}
      aria-valuetext={clamped === null ? "In progress" : `${clamped}%`}
      className={cn("relative h-2 w-full overflow-hidden rounded-full bg-muted", className)}
    >
      {clamped === null ? (
        <div className="absolute inset-y-0 left-0 w-1/3 animate-pulse rounded-full bg-primary/70" />
      ) : (
        <div className="h-full rounded-full bg-primary transition-[width] duration-200" style={{ width: `${clamped}%` }} />
      )}
    </div>
  );
}
