"use client";

import type { ApiResource } from "@/components/api/use-api-resource";
import { changeTone, formatPercent, TONE_TEXT } from "@/components/dashboard/format-market";
import { StaleMarker } from "@/components/dashboard/stale-marker";
import { formatMoney, formatSignedMoney } from "@/components/trading/format";
import { cn } from "@/components/ui/class-names";
import { RetryError } from "@/components/ui/retry-error";
import { Skeleton } from "@/components/ui/skeleton";
import type { PortfolioSummary } from "./types";

type Stat = { label: string; value: string; sub?: string; tone?: string; testId: string };

function statsOf(s: PortfolioSummary): Stat[] {
  const q = s.quote_asset;
  const tone = (v: number | null) => TONE_TEXT[changeTone(v)];
  return [
    { label: "Total value", value: formatMoney(s.total_value), sub: q, testId: "summary-total" },
    { label: "Available", value: formatMoney(s.available_balance), sub: q, testId: "summary-available" },
    { label: "Invested", value: formatMoney(s.invested_value), sub: q, testId: "summary-invested" },
    { label: "Unrealized P&L", value: formatSignedMoney(s.unrealized_pnl), sub: q, tone: tone(s.unrealized_pnl), testId: "summary-unrealized" },
    { label: "Realized P&L", value: formatSignedMoney(s.realized_pnl), sub: q, tone: tone(s.realized_pnl), testId: "summary-realized" },
    { label: "Total P&L", value: formatPercent(s.total_pnl_pct), sub: `${formatSignedMoney(s.total_pnl)} ${q}`, tone: tone(s.total_pnl), testId: "summary-total-pnl" },
    { label: "Today", value: formatPercent(s.today_pnl_pct), sub: `${formatSignedMoney(s.today_pnl)} ${q}`, tone: tone(s.today_pnl), testId: "summary-today" },
  ];
}

/** The account at a glance; one card row that wraps to two columns on a phone. */
export function SummaryCards({ resource }: { resource: ApiResource<PortfolioSummary> }) {
  const { data, error, loading, retry } = resource;
  if (!data && error && !loading) {
    return (
      <div className="rounded-lg border border-border bg-card">
        <RetryError title="Portfolio summary unavailable" description={error.message} onRetry={retry} data-testid="widget-error" />
      </div>
    );
  }
  return (
    <section aria-label="Portfolio summary" aria-busy={loading || undefined} className="flex flex-col gap-1.5" data-testid="portfolio-summary">
      {data?.stale ? (
        <div className="flex justify-end">
          <StaleMarker stale={data.stale} asOf={data.as_of} />
        </div>
      ) : null}
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4 xl:grid-cols-7">
        {data
          ? statsOf(data).map((stat) => (
              <div key={stat.label} className="min-w-0 rounded-lg border border-border bg-card px-3 py-2" data-testid={stat.testId}>
                <dt className="truncate text-[11px] font-medium uppercase tracking-wide text-muted-foreground">{stat.label}</dt>
                <dd className={cn("mt-0.5 truncate text-base font-semibold tabular-nums", stat.tone)}>{stat.value}</dd>
                {stat.sub ? <dd className="truncate text-[11px] tabular-nums text-muted-foreground">{stat.sub}</dd> : null}
              </div>
            ))
          : Array.from({ length: 7 }, (_, i) => (
              <div key={i} className="rounded-lg border border-border bg-card px-3 py-2" aria-hidden="true">
                <Skeleton className="h-3 w-16" />
                <Skeleton className="mt-1.5 h-5 w-24" />
              </div>
            ))}
      </dl>
      {loading ? <span className="sr-only" role="status">Loading the portfolio summary…</span> : null}
    </section>
  );
}
