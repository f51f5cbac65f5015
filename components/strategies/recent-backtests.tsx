"use client";

import { FlaskConical, Play } from "lucide-react";
import Link from "next/link";
import { useApiResource } from "@/components/api/use-api-resource";
import { formatUtcTime } from "@/components/format/format-time";
import { TableSkeletonRows } from "@/components/market-data/table-skeleton-rows";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/class-names";
import { EmptyState } from "@/components/ui/empty-state";
import { RetryError } from "@/components/ui/retry-error";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatCount, formatFraction, formatPct, formatRatio, formatSignedPct, returnTone } from "./format";
import type { BacktestSummary } from "./types";

type BacktestList = { items: BacktestSummary[]; next_cursor: string | null };

const STATUS: Record<string, { label: string; variant: BadgeVariant }> = {
  queued: { label: "Queued", variant: "neutral" },
  running: { label: "Running", variant: "primary" },
  completed: { label: "Completed", variant: "success" },
  failed: { label: "Failed", variant: "danger" },
  canceled: { label: "Canceled", variant: "neutral" },
};

const day = (epochMs: number) => formatUtcTime(epochMs).slice(0, 10);

export function backtestHref(strategyId: string): string {
  return `/backtests/new?strategy_id=${encodeURIComponent(strategyId)}`;
}

/** The strategy's five latest backtests with their headline numbers. */
export function RecentBacktests({ strategyId }: { strategyId: string }) {
  const { data, error, loading, retry } = useApiResource<BacktestList>(`/backtests?strategy_id=${encodeURIComponent(strategyId)}&limit=5`);

  // A 404 here means the backtest list is not served (yet), not that anything is broken: nothing to show.
  if (error && !data && error.status !== 404) {
    return <RetryError compact title="Backtests could not be loaded" description={error.message} onRetry={retry} className="p-4" />;
  }
  if (loading) return <TableSkeletonRows label="Loading recent backtests…" />;
  const items = data?.items ?? [];
  if (items.length === 0) {
    return (
      <EmptyState
        icon={FlaskConical}
        title="No backtests yet"
        description="Run this strategy over past candles to see its return, drawdown and trades."
        action={
          <Button asChild variant="secondary" size="sm">
            <Link href={backtestHref(strategyId)}>
              <Play className="size-3.5" aria-hidden="true" />
              Run a backtest
            </Link>
          </Button>
        }
      />
    );
  }
  return (
    <Table data-testid="recent-backtests">
      <caption className="sr-only">Recent backtests of this strategy</caption>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Run</TableHead>
          <TableHead>Period (UTC)</TableHead>
          <TableHead className="text-right">Return</TableHead>
          <TableHead className="text-right">Max DD</TableHead>
          <TableHead className="text-right">Sharpe</TableHead>
          <TableHead className="text-right">Win rate</TableHead>
          <TableHead className="text-right">Trades</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {items.map((b) => {
          const status = STATUS[b.status] ?? { label: b.status, variant: "neutral" as const };
          const h = b.headline;
          return (
            <TableRow key={b.id}>
              <TableCell>
                <Link href={`/backtests/${encodeURIComponent(b.id)}`} className="inline-flex items-center gap-1.5 hover:underline">
                  <span className="text-muted-foreground">{day(b.created_at)}</span>
                  <Badge variant={status.variant}>
                    {status.label}
                    {b.status === "running" ? ` ${b.progress}%` : ""}
                  </Badge>
                  {b.simulated ? <Badge variant="warning">Simulated data</Badge> : null}
                </Link>
              </TableCell>
              <TableCell className="text-muted-foreground">
                {day(b.start)} → {day(b.end)} · {b.timeframe}
              </TableCell>
              <TableCell className={cn("text-right font-medium", returnTone(h?.total_return_pct))}>{formatSignedPct(h?.total_return_pct)}</TableCell>
              <TableCell className="text-right">{formatPct(h?.max_drawdown_pct)}</TableCell>
              <TableCell className="text-right">{formatRatio(h?.sharpe)}</TableCell>
              <TableCell className="text-right">{formatFraction(h?.win_rate)}</TableCell>
              <TableCell className="text-right">{formatCount(h?.trades_count)}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
