"use client";

import { Download, History } from "lucide-react";
import { useState } from "react";
import { apiRequest, asApiError } from "@/components/api/api-request";
import { useApiResource } from "@/components/api/use-api-resource";
import { changeTone, formatPercent, formatPrice, TONE_TEXT } from "@/components/dashboard/format-market";
import { UtcTime } from "@/components/format/utc-time";
import { TableSkeletonRows } from "@/components/market-data/table-skeleton-rows";
import { formatAmount, formatMoney, formatSignedMoney } from "@/components/trading/format";
import type { Page } from "@/components/trading/types";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/class-names";
import { EmptyState } from "@/components/ui/empty-state";
import { RetryError } from "@/components/ui/retry-error";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ClosedPosition } from "./types";

const PAGE_SIZE = 50;

/** Closed positions, newest first, a page at a time, with the whole history as CSV. */
export function HistoryTable({ version }: { version: number }) {
  const first = useApiResource<Page<ClosedPosition>>(`/portfolio/history?limit=${PAGE_SIZE}`, { version });
  const [more, setMore] = useState<{ version: number; items: ClosedPosition[]; cursor: string | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);

  // Later pages belong to the first page they followed; a re-read starts the list over.
  const extra = more && more.version === version ? more : null;
  const items = first.data ? [...first.data.items, ...(extra?.items ?? [])] : [];
  const cursor = extra ? extra.cursor : (first.data?.next_cursor ?? null);

  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await apiRequest<Page<ClosedPosition>>("GET", `/portfolio/history?limit=${PAGE_SIZE}&cursor=${encodeURIComponent(cursor)}`);
      setMore({ version, items: [...(extra?.items ?? []), ...page.items], cursor: page.next_cursor });
    } catch (error) {
      setMoreError(asApiError(error).message);
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <Card className="min-w-0" data-testid="history" aria-busy={first.loading || undefined}>
      <CardHeader className="px-3 py-1.5">
        <CardTitle>Closed positions</CardTitle>
        <Button asChild variant="secondary" size="sm">
          <a href="/api/v1/portfolio/export.csv" download data-testid="export-csv">
            <Download className="size-3.5" aria-hidden="true" />
            Export CSV
          </a>
        </Button>
      </CardHeader>
      {first.data ? (
        items.length === 0 ? (
          <EmptyState icon={History} title="No closed positions yet" description="When a position is sold in full, its result is recorded here." />
        ) : (
          <>
            <Table data-testid="history-table">
              <caption className="sr-only">Closed positions</caption>
              <TableHeader>
                <TableRow>
                  <TableHead>Closed</TableHead>
                  <TableHead>Pair</TableHead>
                  <TableHead className="text-right">Amount</TableHead>
                  <TableHead className="text-right">Entry</TableHead>
                  <TableHead className="text-right">Exit</TableHead>
                  <TableHead className="text-right">Realized P&amp;L</TableHead>
                  <TableHead className="text-right">Fees</TableHead>
                  <TableHead>Opened</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {items.map((row) => (
                  <TableRow key={`${row.symbol}:${row.opened_at}:${row.closed_at}`}>
                    <TableCell className="text-muted-foreground">
                      <UtcTime epochMs={row.closed_at} />
                    </TableCell>
                    <TableCell className="font-medium">
                      <span className="flex items-center gap-1.5">
                        {row.symbol}
                        {row.owner ? (
                          <Badge variant="primary" title={`Traded by ${row.owner}`}>
                            Bot
                          </Badge>
                        ) : null}
                      </span>
                    </TableCell>
                    <TableCell className="text-right">{formatAmount(row.amount)}</TableCell>
                    <TableCell className="text-right">{formatPrice(row.entry_average)}</TableCell>
                    <TableCell className="text-right">{formatPrice(row.exit_average)}</TableCell>
                    <TableCell className={cn("text-right", TONE_TEXT[changeTone(row.realized_pnl)])}>
                      {formatSignedMoney(row.realized_pnl)} <span className="text-[11px]">({formatPercent(row.realized_pnl_pct)})</span>
                    </TableCell>
                    <TableCell className="text-right text-muted-foreground">{formatMoney(row.fees)}</TableCell>
                    <TableCell className="text-muted-foreground">
                      <UtcTime epochMs={row.opened_at} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {cursor || moreError ? (
              <div className="flex items-center justify-center gap-3 border-t border-border px-3 py-2">
                {moreError ? <span className="text-xs text-danger">{moreError}</span> : null}
                {cursor ? (
                  <Button variant="secondary" size="sm" loading={loadingMore} onClick={() => void loadMore()}>
                    {moreError ? "Retry" : "Load more"}
                  </Button>
                ) : null}
              </div>
            ) : null}
          </>
        )
      ) : first.error && !first.loading ? (
        <RetryError title="History unavailable" description={first.error.message} onRetry={first.retry} data-testid="widget-error" />
      ) : (
        <div className="px-3">
          <TableSkeletonRows label="Loading closed positions…" />
        </div>
      )}
    </Card>
  );
}
