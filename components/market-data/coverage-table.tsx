"use client";

import { Database } from "lucide-react";
import { useApiResource } from "@/components/api/use-api-resource";
import { UtcTime } from "@/components/format/utc-time";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { RetryError } from "@/components/ui/retry-error";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TableSkeletonRows } from "./table-skeleton-rows";
import type { CoverageItem } from "./types";

/** What the candle store holds for the user: shared exchange or simulated candles and their own imports. */
export function CoverageTable({ version }: { version: number }) {
  const { data, error, loading, retry } = useApiResource<{ items: CoverageItem[] }>("/market/coverage", { version });

  // The error stays up (Retry keeps focus) while a retry runs; the skeleton is for the first read.
  if (error && !data) return <RetryError title="Stored candles could not be loaded" description={error.message} onRetry={retry} />;
  if (loading) return <TableSkeletonRows label="Loading stored candles…" />;
  const items = data?.items ?? [];
  if (items.length === 0) {
    return (
      <EmptyState
        icon={Database}
        title="No candles stored yet"
        description="Download a range from the market data source or import a CSV file below; backtests read from here."
      />
    );
  }
  return (
    <Table data-testid="coverage-table">
      <caption className="sr-only">Stored candles by source, symbol and timeframe</caption>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Source</TableHead>
          <TableHead>Symbol</TableHead>
          <TableHead>Timeframe</TableHead>
          <TableHead>From (UTC)</TableHead>
          <TableHead>Until (UTC)</TableHead>
          <TableHead className="text-right">Candles</TableHead>
          <TableHead className="text-right">Gaps</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {items.map((item) => (
          <TableRow key={`${item.source}|${item.symbol}|${item.timeframe}`} data-testid="coverage-row">
            <TableCell>
              <span className="inline-flex items-center gap-2">
                <span className="max-w-64 truncate font-mono text-xs" title={item.source}>
                  {item.source}
                </span>
                {item.source.startsWith("import:") ? <Badge variant="primary">Yours</Badge> : null}
              </span>
            </TableCell>
            <TableCell className="font-medium">{item.symbol}</TableCell>
            <TableCell>{item.timeframe}</TableCell>
            <TableCell className="text-muted-foreground">
              <UtcTime epochMs={item.start} />
            </TableCell>
            <TableCell className="text-muted-foreground">
              <UtcTime epochMs={item.end} />
            </TableCell>
            <TableCell className="text-right">{item.count.toLocaleString("en-US")}</TableCell>
            <TableCell className="text-right">
              {item.gaps.length === 0 ? (
                <span className="text-muted-foreground">0</span>
              ) : (
                <Badge variant="warning" title={gapTitle(item)}>
                  {item.gaps.length.toLocaleString("en-US")}
                </Badge>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function gapTitle(item: CoverageItem): string {
  const first = item.gaps[0];
  return `${item.gaps.length} missing stretch${item.gaps.length === 1 ? "" : "es"}, the first from ${new Date(first.start).toISOString()} to ${new Date(first.end).toISOString()}`;
}
