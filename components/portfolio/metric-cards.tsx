"use client";

import { changeTone, TONE_TEXT } from "@/components/dashboard/format-market";
import { formatSignedMoney } from "@/components/trading/format";
import { cn } from "@/components/ui/class-names";
import type { Performance } from "./types";

type Metric = { key: keyof Performance; label: string; format: (v: number) => string; toned?: boolean; hint: string };

const ratio = (v: number) => v.toFixed(2);
const pct = (v: number) => `${v.toFixed(1)}%`;

const METRICS: Metric[] = [
  { key: "sharpe", label: "Sharpe", format: ratio, hint: "Return per unit of volatility, annualised." },
  { key: "sortino", label: "Sortino", format: ratio, hint: "Return per unit of downside volatility, annualised." },
  { key: "max_drawdown_pct", label: "Max drawdown", format: (v) => `−${Math.abs(v).toFixed(2)}%`, hint: "Deepest fall of equity from a previous peak." },
  { key: "win_rate", label: "Win rate", format: pct, hint: "Share of closed positions that made money." },
  { key: "profit_factor", label: "Profit factor", format: ratio, hint: "Gross profit divided by gross loss." },
  { key: "avg_win", label: "Average win", format: formatSignedMoney, toned: true, hint: "Mean profit of a winning position." },
  { key: "avg_loss", label: "Average loss", format: formatSignedMoney, toned: true, hint: "Mean loss of a losing position." },
  { key: "best_trade", label: "Best trade", format: formatSignedMoney, toned: true, hint: "The largest single profit." },
  { key: "worst_trade", label: "Worst trade", format: formatSignedMoney, toned: true, hint: "The largest single loss." },
  { key: "trades_count", label: "Closed trades", format: (v) => v.toLocaleString("en-US"), hint: "Positions closed in full." },
];

/** Performance figures; a metric the server could not compute shows "—" with its reason as a title. */
export function MetricCards({ performance }: { performance: Performance }) {
  return (
    <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-5" data-testid="metric-cards">
      {METRICS.map((m) => {
        const raw = performance[m.key];
        const value = typeof raw === "number" && Number.isFinite(raw) ? raw : null;
        const reason = value === null ? (performance.null_reasons[m.key] ?? "Not enough data yet.") : undefined;
        return (
          <div key={m.key} className="min-w-0 rounded-lg border border-border bg-card px-3 py-2" data-testid={`metric-${m.key}`}>
            <dt className="truncate text-[11px] font-medium uppercase tracking-wide text-muted-foreground" title={m.hint}>
              {m.label}
            </dt>
            <dd className={cn("mt-0.5 truncate text-base font-semibold tabular-nums", m.toned && value !== null ? TONE_TEXT[changeTone(value)] : undefined)} title={reason}>
              {value === null ? (
                <>
                  <span aria-hidden="true">—</span>
                  <span className="sr-only">Not available: {reason}</span>
                </>
              ) : (
                m.format(value)
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
