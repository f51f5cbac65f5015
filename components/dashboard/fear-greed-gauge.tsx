import { cn } from "@/components/ui/class-names";

/** alternative.me's bands; each gets a colour from the palette (danger → success). */
const BANDS = [
  { from: 0, to: 25, className: "stroke-danger" },
  { from: 25, to: 45, className: "stroke-warning" },
  { from: 45, to: 55, className: "stroke-muted-foreground" },
  { from: 55, to: 75, className: "stroke-success/60" },
  { from: 75, to: 100, className: "stroke-success" },
] as const;

const CX = 60;
const CY = 58;
const R = 46;
const GAP = 0.8;

/** A point on the arc: 0 sits on the left end, 100 on the right, 50 at the top. */
function pointAt(value: number, radius = R): [number, number] {
  const angle = Math.PI * (1 - value / 100);
  return [CX + radius * Math.cos(angle), CY - radius * Math.sin(angle)];
}

function arcPath(from: number, to: number): string {
  const [x1, y1] = pointAt(from);
  const [x2, y2] = pointAt(to);
  return `M ${x1.toFixed(2)} ${y1.toFixed(2)} A ${R} ${R} 0 0 1 ${x2.toFixed(2)} ${y2.toFixed(2)}`;
}

export function toneForFearGreed(value: number): string {
  if (value < 25) return "text-danger";
  if (value < 45) return "text-warning";
  if (value <= 55) return "text-foreground";
  return "text-success";
}

type FearGreedGaugeProps = {
  value: number;
  classification: string;
  className?: string;
};

/** A semicircle with a needle; the meter role carries the value for assistive tech. */
export function FearGreedGauge({ value, classification, className }: FearGreedGaugeProps) {
  const clamped = Math.min(Math.max(value, 0), 100);
  return (
    <div
      role="meter"
      aria-label="Fear & Greed index"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={clamped}
      aria-valuetext={`${clamped}, ${classification}`}
      data-testid="fear-greed-gauge"
      className={cn("relative", className)}
    >
      <svg viewBox="0 0 120 64" className="block h-auto w-full" aria-hidden="true">
        {BANDS.map((band) => (
          <path
            key={band.from}
            d={arcPath(band.from + (band.from === 0 ? 0 : GAP / 2), band.to - (band.to === 100 ? 0 : GAP / 2))}
            className={band.className}
            fill="none"
            strokeWidth={8}
            strokeLinecap="butt"
          />
        ))}
        <g
          className="transition-transform duration-700 ease-out"
          style={{ transform: `rotate(${(clamped / 100) * 180}deg)`, transformOrigin: `${CX}px ${CY}px` }}
        >
          <line x1={CX} y1={CY} x2={CX - R + 10} y2={CY} className="stroke-foreground" strokeWidth={2.5} strokeLinecap="round" />
        </g>
        <circle cx={CX} cy={CY} r={4} className="fill-foreground" />
        <circle cx={CX} cy={CY} r={1.5} className="fill-card" />
      </svg>
    </div>
  );
}
