"use client";

import { Flame, TrendingDown, TrendingUp } from "lucide-react";
import type { ReactNode } from "react";
import { useApiResource } from "@/components/api/use-api-resource";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/class-names";
import { RetryError } from "@/components/ui/retry-error";
import { Skeleton } from "@/components/ui/skeleton";
import { changeTone, formatPercent, formatPrice, TONE_TEXT } from "./format-market";
import { MARKET_MESSAGES } from "./market-messages";
import type { Mover, MoversResponse, TrendingItem, TrendingResponse } from "./market-types";
import { StaleMarker } from "./stale-marker";

const MOVERS_REFRESH_MS = 60_000;
const TRENDING_REFRESH_MS = 5 * 60_000;
const LIST_LENGTH = 5;

type TopMoversProps = {
  /** Pairs the chart can show; movers among them become buttons that open the chart. */
  chartSymbols: ReadonlySet<string>;
  onSelectSymbol: (symbol: string) => void;
  priceTicks: ReadonlyMap<string, number>;
  className?: string;
};

export function TopMovers({ chartSymbols, onSelectSymbol, priceTicks, className }: TopMoversProps) {
  const { data, error, loading, refreshFailed, retry } = useApiResource<MoversResponse>("/market/gainers-losers", {
    refreshMs: MOVERS_REFRESH_MS,
    messages: MARKET_MESSAGES,
  });
  return (
    <Card data-testid="top-movers" aria-busy={loading || undefined} className={cn("min-w-0", className)}>
      <CardHeader className="flex-wrap gap-y-1 px-3">
        <CardTitle title={data?.label} className="whitespace-nowrap">
          Top movers · 24h
        </CardTitle>
        {data ? <StaleMarker stale={data.stale || refreshFailed} asOf={data.as_of} /> : null}
      </CardHeader>
      <CardContent className="flex flex-col gap-3 p-3">
        {data ? (
          <div className="grid grid-cols-2 gap-3">
            <MoverList
              title="Gainers"
              icon={<TrendingUp className="size-3.5 text-success" aria-hidden="true" />}
              movers={data.gainers}
              testId="gainers"
              chartSymbols={chartSymbols}
              onSelectSymbol={onSelectSymbol}
              priceTicks={priceTicks}
            />
            <MoverList
              title="Losers"
              icon={<TrendingDown className="size-3.5 text-danger" aria-hidden="true" />}
              movers={data.losers}
              testId="losers"
              chartSymbols={chartSymbols}
              onSelectSymbol={onSelectSymbol}
              priceTicks={priceTicks}
            />
          </div>
        ) : loading ? (
          <div role="status" className="grid grid-cols-2 gap-3">
            <span className="sr-only">Loading top movers…</span>
            {[0, 1].map((column) => (
              <div key={column} className="space-y-2">
                <Skeleton className="h-3 w-16" />
                {Array.from({ length: LIST_LENGTH }, (_, i) => (
                  <Skeleton key={i} className="h-4 w-full" />
                ))}
              </div>
            ))}
          </div>
        ) : error ? (
          <RetryError data-testid="widget-error" title="Movers unavailable" description={error.message} onRetry={retry} />
        ) : null}
        <Trending />
      </CardContent>
    </Card>
  );
}

type MoverListProps = {
  title: string;
  icon: ReactNode;
  movers: Mover[];
  testId: string;
  chartSymbols: ReadonlySet<string>;
  onSelectSymbol: (symbol: string) => void;
  priceTicks: ReadonlyMap<string, number>;
};

function MoverList({ title, icon, movers, testId, chartSymbols, onSelectSymbol, priceTicks }: MoverListProps) {
  const headingId = `movers-${testId}`;
  return (
    <div className="min-w-0">
      <h3 id={headingId} className="mb-1 flex items-center gap-1 text-[11px] font-medium uppercase tracking-wide text-muted-foreground">
        {icon}
        {title}
      </h3>
      {movers.length === 0 ? (
        <p className="py-2 text-[11px] text-muted-foreground">None in the last 24 h.</p>
      ) : (
        <ul aria-labelledby={headingId} data-testid={testId} className="space-y-px">
          {movers.slice(0, LIST_LENGTH).map((mover) => {
            const onChart = chartSymbols.has(mover.symbol);
            const content = (
              <>
                <span className="min-w-0 flex-1 truncate text-left">
                  <span className="block truncate font-medium text-foreground">{mover.symbol}</span>
                  <span className="block truncate text-[11px] leading-3.5 text-muted-foreground tabular-nums">
                    {formatPrice(mover.price, priceTicks.get(mover.symbol))}
                  </span>
                </span>
                <span className={cn("shrink-0 text-body font-medium tabular-nums", TONE_TEXT[changeTone(mover.change_24h_pct)])}>
                  {formatPercent(mover.change_24h_pct)}
                </span>
              </>
            );
            return (
              <li key={mover.symbol}>
                {onChart ? (
                  <button
                    type="button"
                    onClick={() => onSelectSymbol(mover.symbol)}
                    aria-label={`${mover.symbol} ${formatPercent(mover.change_24h_pct)}, show on the chart`}
                    className="-mx-1.5 flex w-[calc(100%+0.75rem)] items-center gap-2 rounded px-1.5 py-1 transition-colors hover:bg-surface-raised"
                  >
                    {content}
                  </button>
                ) : (
                  <div className="flex items-center gap-2 py-1">{content}</div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

function trendingLabel(item: TrendingItem): string | null {
  const label = item.symbol ?? item.name;
  return typeof label === "string" && label.trim() !== "" ? label : null;
}

/** Optional: what is trending upstream. A failure here is a muted line, not a broken card. */
function Trending() {
  const { data, error, loading } = useApiResource<TrendingResponse>("/market/trending", { refreshMs: TRENDING_REFRESH_MS, messages: MARKET_MESSAGES });
  const labels = (data?.items ?? []).map(trendingLabel).filter((label): label is string => label !== null).slice(0, 7);
  if (loading) return <Skeleton className="h-5 w-full" />;
  if (!data && error) {
    return <p className="border-t border-border pt-2 text-[11px] text-muted-foreground">Trending is unavailable right now.</p>;
  }
  if (labels.length === 0) return null;
  return (
    <div className="flex flex-wrap items-center gap-1 border-t border-border pt-2" data-testid="trending" title={data?.label}>
      <span className="mr-1 inline-flex items-center gap-1 text-[11px] font-medium uppercase tracking-wide text-muted-foreground">
        <Flame className="size-3.5 text-warning" aria-hidden="true" />
        Trending
      </span>
      {labels.map((label) => (
        <span key={label} className="rounded border border-border bg-muted px-1.5 py-0.5 text-[11px] leading-none text-foreground">
          {label}
        </span>
      ))}
    </div>
  );
}
