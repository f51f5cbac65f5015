"use client";

import { useApiResource, type ApiResource } from "@/components/api/use-api-resource";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/class-names";
import { RetryError } from "@/components/ui/retry-error";
import { Skeleton } from "@/components/ui/skeleton";
import { FearGreedGauge, toneForFearGreed } from "./fear-greed-gauge";
import { describeSource, formatCompactUsd, formatUtcClock } from "./format-market";
import { MARKET_MESSAGES } from "./market-messages";
import type { FearGreed, MarketOverview } from "./market-types";
import { StaleMarker } from "./stale-marker";

const OVERVIEW_REFRESH_MS = 60_000;
const FEAR_GREED_REFRESH_MS = 5 * 60_000;

type StatCardProps = {
  title: string;
  testId: string;
  resource: ApiResource<MarketOverview>;
  pick: (overview: MarketOverview) => number | null;
  format: (value: number) => string;
  /** Why a null figure is missing: a short line and a fuller explanation on hover. */
  missing: { hint: string; title: string };
};

function StatCard({ title, testId, resource, pick, format, missing }: StatCardProps) {
  const { data, error, loading, refreshFailed, retry } = resource;
  const value = data ? pick(data) : null;
  return (
    <Card data-testid={testId} aria-busy={loading || undefined} className="min-w-0">
      <CardHeader className="min-h-9 px-3 py-1.5">
        <CardTitle className="truncate">{title}</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col justify-center gap-1 px-3 py-2.5">
        {data ? (
          <>
            <p data-testid="stat-value" className="text-xl font-semibold tracking-tight text-foreground tabular-nums">
              {value === null ? <span title={missing.title}>—</span> : format(value)}
            </p>
            {data.stale || refreshFailed ? (
              <StaleMarker stale asOf={data.as_of} />
            ) : (
              <p className="truncate text-[11px] leading-4 text-muted-foreground" title={value === null ? missing.title : undefined}>
                {value === null ? missing.hint : `${describeSource(data.source)} · ${formatUtcClock(data.as_of)}`}
              </p>
            )}
          </>
        ) : loading ? (
          <>
            <span className="sr-only">Loading {title.toLowerCase()}…</span>
            <Skeleton className="h-7 w-28" />
            <Skeleton className="h-3 w-36" />
          </>
        ) : error ? (
          <RetryError compact data-testid="widget-error" title="Unavailable" description={error.message} onRetry={retry} />
        ) : null}
      </CardContent>
    </Card>
  );
}

function FearGreedCard() {
  const { data, error, loading, refreshFailed, retry } = useApiResource<FearGreed>("/sentiment/fear-greed", {
    refreshMs: FEAR_GREED_REFRESH_MS,
    messages: MARKET_MESSAGES,
  });
  return (
    <Card data-testid="fear-greed" aria-busy={loading || undefined} className="min-w-0">
      <CardHeader className="min-h-9 px-3 py-1.5">
        <CardTitle className="truncate">Fear &amp; Greed</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2">
        {data ? (
          <>
            <FearGreedGauge value={data.value} classification={data.classification} className="w-24 shrink-0" />
            <div className="min-w-0 flex-1">
              <p className={cn("text-xl font-semibold leading-6 tabular-nums", toneForFearGreed(data.value))}>{data.value}</p>
              <p className="truncate text-body font-medium text-foreground">{data.classification}</p>
              <p className="truncate text-[11px] leading-4 text-muted-foreground">
                {data.provider_classification && data.provider_classification !== data.classification
                  ? `${data.provider_classification} per ${describeSource(data.source)}`
                  : describeSource(data.source)}
              </p>
            </div>
            {data.stale || refreshFailed ? (
              <div className="w-full">
                <StaleMarker stale asOf={data.as_of} />
              </div>
            ) : null}
          </>
        ) : loading ? (
          <>
            <span className="sr-only">Loading the Fear &amp; Greed index…</span>
            <Skeleton className="h-12 w-24 rounded-t-full" />
            <div className="space-y-1.5">
              <Skeleton className="h-6 w-10" />
              <Skeleton className="h-3 w-20" />
            </div>
          </>
        ) : error ? (
          <RetryError compact data-testid="widget-error" title="Sentiment unavailable" description={error.message} onRetry={retry} />
        ) : null}
      </CardContent>
    </Card>
  );
}

function formatDominance(value: number): string {
  return `${value.toFixed(2)}%`;
}

/** The top row: market cap, BTC dominance, 24 h volume and the Fear & Greed gauge. */
export function OverviewCards() {
  const overview = useApiResource<MarketOverview>("/market/overview", { refreshMs: OVERVIEW_REFRESH_MS, messages: MARKET_MESSAGES });
  const missing =
    overview.data?.source === "computed"
      ? { hint: "Needs CoinGecko", title: "Not computable from the tracked pairs alone; with CoinGecko reachable (a key can be set in Settings) market-wide figures appear here." }
      : { hint: "Not reported by the source", title: "The data source did not report this figure." };
  return (
    <div className="grid grid-cols-2 gap-3 lg:grid-cols-4" data-testid="market-overview">
      <StatCard
        title="Market cap"
        testId="overview-market-cap"
        resource={overview}
        pick={(o) => o.total_market_cap}
        format={formatCompactUsd}
        missing={missing}
      />
      <StatCard
        title="BTC dominance"
        testId="overview-btc-dominance"
        resource={overview}
        pick={(o) => o.btc_dominance}
        format={formatDominance}
        missing={missing}
      />
      <StatCard
        title="24h volume"
        testId="overview-volume"
        resource={overview}
        pick={(o) => o.total_volume_24h}
        format={formatCompactUsd}
        missing={missing}
      />
      <FearGreedCard />
    </div>
  );
}
