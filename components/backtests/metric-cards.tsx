import { cn } from "@/components/ui/class-names";
import { CARD_METRICS, formatMetric, type Tone } from "./metrics";
import type { BacktestMetrics } from "./types";

const TONE: Record<Tone, string> = { up: "text-success", down: "text-danger", neutral: "text-foreground" };

type MetricCardsProps = {
  metrics: BacktestMetrics;
  nullReasons: Record<string, string> | null;
  currency: string | null;
};

/** The headline figures of a finished run; a missing value shows "—" with the reason on hover. */
export function MetricCards({ metrics, nullReasons, currency }: MetricCardsProps) {
  return (
    <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-5" data-testid="metric-cards">
      {CARD_METRICS.map((def) => {
        const shown = formatMetric(def, metrics, nullReasons, currency);
        const shortSample = def.key === "cagr_pct" && metrics.cagr_short_sample;
        return (
          <div key={def.key} className="min-w-0 rounded-lg border border-border bg-card px-3 py-2" data-testid={`metric-${def.key}`} title={def.hint}>
            <dt className="flex items-center gap-1.5 truncate text-[11px] font-medium uppercase tracking-wide text-muted-foreground">
              {def.label}
              {shortSample ? (
                <span
                  className="rounded border border-warning/30 bg-warning/10 px-1 text-[10px] normal-case tracking-normal text-warning"
                  title="The run is shorter than 30 days: the annualised figure extrapolates a short sample."
                  data-testid="cagr-short-sample"
                >
                  short sample
                </span>
              ) : null}
            </dt>
            <dd className={cn("mt-0.5 truncate text-base font-semibold tabular-nums", TONE[shown.tone])} data-testid="metric-value">
              {shown.reason ? (
                <span title={shown.reason} className="cursor-help text-muted-foreground">
                  {shown.text}
                  <span className="sr-only"> ({shown.reason})</span>
                </span>
              ) : (
                shown.text
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
