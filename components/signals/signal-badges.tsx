import { ArrowDownRight, ArrowUpRight, Minus } from "lucide-react";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { cn } from "@/components/ui/class-names";
import type { SignalSide } from "./signal-types";

const SIDE: Record<SignalSide, { label: string; variant: BadgeVariant; icon: typeof ArrowUpRight }> = {
  buy: { label: "Buy", variant: "success", icon: ArrowUpRight },
  sell: { label: "Sell", variant: "danger", icon: ArrowDownRight },
  hold: { label: "Hold", variant: "neutral", icon: Minus },
};

/** The signal's direction as a coloured pill; "sell" on spot means exit or avoid, not short. */
export function DirectionBadge({ side, className }: { side: SignalSide; className?: string }) {
  const { label, variant, icon: Icon } = SIDE[side];
  return (
    <Badge variant={variant} data-testid="signal-direction" data-side={side} className={cn("w-12 justify-center", className)}>
      <Icon className="size-3" aria-hidden="true" />
      {label}
    </Badge>
  );
}

/**
 * Confidence as a bar of strength |Σ wᵢvᵢ| from 0 to 1, with the 0.25 threshold marked. It is not a
 * probability: the stats table beside it gives the measured hit rate of each strength band.
 */
export function StrengthBar({ confidence, side, className }: { confidence: number; side: SignalSide; className?: string }) {
  const pct = Math.round(Math.min(1, Math.max(0, confidence)) * 100);
  const fill = side === "buy" ? "bg-success" : side === "sell" ? "bg-danger" : "bg-muted-foreground";
  return (
    <div className={cn("flex items-center gap-1.5", className)}>
      <div
        role="meter"
        aria-label="Signal strength (not a probability)"
        aria-valuemin={0}
        aria-valuemax={1}
        aria-valuenow={Number(confidence.toFixed(3))}
        aria-valuetext={`strength ${confidence.toFixed(2)} of 1`}
        title="Strength of the weighted inputs, 0 to 1; 0.25 is the buy/sell threshold. Not a probability."
        className="relative h-1.5 w-16 overflow-hidden rounded-full bg-muted"
      >
        <div className={cn("h-full rounded-full", fill)} style={{ width: `${pct}%` }} />
        <div className="absolute inset-y-0 left-1/4 w-px bg-border-strong" aria-hidden="true" />
      </div>
      <span className="w-8 text-right text-[11px] tabular-nums text-muted-foreground">{confidence.toFixed(2)}</span>
    </div>
  );
}
