"use client";

import { useApiResource } from "@/components/api/use-api-resource";
import { WidgetCard } from "@/components/trading/widget-card";
import { RetryError } from "@/components/ui/retry-error";
import { Skeleton } from "@/components/ui/skeleton";
import { EquityCurve } from "./equity-curve";
import { MetricCards } from "./metric-cards";
import { ReturnsHeatmap } from "./returns-heatmap";
import type { Performance } from "./types";

export function AnalyticsWorkspace() {
  const performance = useApiResource<Performance>("/portfolio/performance");
  return (
    <div className="flex flex-col gap-3">
      <section aria-label="Performance metrics" aria-busy={performance.loading || undefined}>
        {performance.data ? (
          <MetricCards performance={performance.data} />
        ) : performance.error && !performance.loading ? (
          <div className="rounded-lg border border-border bg-card">
            <RetryError title="Performance metrics unavailable" description={performance.error.message} onRetry={performance.retry} data-testid="widget-error" />
          </div>
        ) : (
          <div role="status" className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-5">
            <span className="sr-only">Loading performance metrics…</span>
            {Array.from({ length: 10 }, (_, i) => (
              <div key={i} className="rounded-lg border border-border bg-card px-3 py-2" aria-hidden="true">
                <Skeleton className="h-3 w-16" />
                <Skeleton className="mt-1.5 h-5 w-20" />
              </div>
            ))}
          </div>
        )}
      </section>
      <EquityCurve mode="drawdown" title="Drawdown" />
      <WidgetCard title="Monthly returns" resource={performance} loadingLabel="Loading monthly returns…" data-testid="monthly-returns">
        {(data) => (
          <div className="p-3">
            <ReturnsHeatmap returns={data.monthly_returns} />
          </div>
        )}
      </WidgetCard>
    </div>
  );
}
