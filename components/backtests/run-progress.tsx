import { X } from "lucide-react";
import { ProgressBar } from "@/components/market-data/progress-bar";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/class-names";
import { PHASE_LABEL } from "./format";
import type { BacktestPhase } from "./types";

type RunProgressProps = {
  progress: number;
  phase: BacktestPhase;
  /** Names the bar for assistive tech ("Backtest progress", or the run's name in a list). */
  label?: string;
  compact?: boolean;
  onCancel?: () => void;
  canceling?: boolean;
  className?: string;
};

const clampPct = (value: number) => (Number.isFinite(value) ? Math.max(0, Math.min(100, Math.round(value))) : 0);

/** A run's phase and percentage over its progress bar; a list row uses the compact form. */
export function RunProgress({ progress, phase, label = "Backtest progress", compact = false, onCancel, canceling = false, className }: RunProgressProps) {
  const pct = clampPct(progress);
  return (
    <div className={cn("flex flex-col", compact ? "min-w-28 gap-1" : "gap-2", className)} data-testid="backtest-progress" data-phase={phase}>
      <div className={cn("flex items-center justify-between gap-2", compact ? "text-[11px]" : "text-xs")}>
        <span className="truncate text-muted-foreground" data-testid="backtest-phase">
          {PHASE_LABEL[phase]}
          {compact ? null : phase === "queued" || phase === "downloading" || phase === "running" || phase === "saving" ? "…" : null}
        </span>
        <span className="font-medium tabular-nums text-foreground" data-testid="backtest-percent">
          {pct}%
        </span>
      </div>
      <ProgressBar value={pct} label={label} className={compact ? "h-1.5" : undefined} />
      {onCancel ? (
        <div>
          <Button variant="secondary" size="sm" onClick={onCancel} loading={canceling} data-testid="backtest-cancel">
            {canceling ? null : <X className="size-3.5" aria-hidden="true" />}
            Cancel run
          </Button>
        </div>
      ) : null}
    </div>
  );
}
