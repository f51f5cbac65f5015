"use client";

import { ArrowDown, ArrowUp, ArrowUpDown, FileDown } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import { apiRequest, asApiError, isAbort, type ApiRequestError } from "@/components/api/api-request";
import { UtcTime } from "@/components/format/utc-time";
import { TableSkeletonRows } from "@/components/market-data/table-skeleton-rows";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/class-names";
import { RetryError } from "@/components/ui/retry-error";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Section } from "./result-tables";
import { exitReasonLabel, formatAmount, formatDuration, formatPrice, formatSignedMoney, formatSignedPct } from "./format";
import { DEFAULT_TRADE_SORT, nextSort, sortTrades, type TradeSort, type TradeSortKey } from "./sort-trades";
import type { Page, TradeItem } from "./types";

const PAGE_SIZE = 200;

type Column = { key: TradeSortKey; label: string; numeric?: boolean; className?: string };

const COLUMNS: Column[] = [
  { key: "seq", label: "#", numeric: true },
  { key: "symbol", label: "Symbol" },
  { key: "side", label: "Side" },
  { key: "entry_at", label: "Entry (UTC)" },
  { key: "entry_price", label: "Entry price", numeric: true },
  { key: "exit_at", label: "Exit (UTC)" },
  { key: "exit_price", label: "Exit price", numeric: true },
  { key: "exit_reason", label: "Exit reason" },
  { key: "pnl", label: "P&L", numeric: true },
  { key: "pnl_pct", label: "P&L %", numeric: true },
  { key: "holding_ms", label: "Held", numeric: true },
];

type Loaded = { items: TradeItem[]; cursor: string | null };

/**
 * The run's trades, a page at a time ("Load more" follows next_cursor). Header clicks sort the
 * trades loaded so far; the CSV export has them all.
 */
export function TradesTable({ backtestId, currency, total }: { backtestId: string; currency: string | null; total: number | null }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<ApiRequestError | null>(null);
  const [busy, setBusy] = useState(true);
  const [attempt, setAttempt] = useState(0);
  const [sort, setSort] = useState<TradeSort>(DEFAULT_TRADE_SORT);
  const base = `/backtests/${encodeURIComponent(backtestId)}/trades`;

  // The first page; Retry re-reads it.
  useEffect(() => {
    const controller = new AbortController();
    apiRequest<Page<TradeItem>>("GET", `${base}?limit=${PAGE_SIZE}`, { signal: controller.signal }).then(
      (page) => {
        setLoaded({ items: page.items, cursor: page.next_cursor });
        setError(null);
        setBusy(false);
      },
      (e: unknown) => {
        if (isAbort(e, controller.signal)) return;
        setError(asApiError(e));
        setBusy(false);
      },
    );
    return () => controller.abort();
  }, [base, attempt]);

  async function loadMore() {
    if (!loaded?.cursor) return;
    setBusy(true);
    try {
      const page = await apiRequest<Page<TradeItem>>("GET", `${base}?limit=${PAGE_SIZE}&cursor=${encodeURIComponent(loaded.cursor)}`);
      setLoaded({ items: [...loaded.items, ...page.items], cursor: page.next_cursor });
      setError(null);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  }

  const rows = useMemo(() => (loaded ? sortTrades(loaded.items, sort) : []), [loaded, sort]);

  const exportLink = (
    <a
      href={`/api/v1${base}?format=csv`}
      download
      className="inline-flex h-6 items-center gap-1 rounded px-2 text-[11px] font-medium text-primary hover:bg-primary/10"
      data-testid="trades-export"
    >
      <FileDown className="size-3.5" aria-hidden="true" />
      Export CSV
    </a>
  );

  return (
    <Section title="Trades" testId="trades-table" actions={exportLink}>
      {loaded === null && error ? (
        <RetryError
          title="Trades could not be loaded"
          description={error.message}
          onRetry={() => {
            setBusy(true);
            setAttempt((n) => n + 1);
          }}
        />
      ) : loaded === null ? (
        <div className="px-3">
          <TableSkeletonRows label="Loading trades…" />
        </div>
      ) : loaded.items.length === 0 ? (
        <p className="px-3 py-3 text-xs text-muted-foreground">No trades: the strategy never entered in this range.</p>
      ) : (
        <>
          <Table>
            <caption className="sr-only">
              Trades of the run{loaded.cursor ? `, ${loaded.items.length} loaded so far` : ""}; the column headers sort the loaded trades
            </caption>
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                {COLUMNS.map((column) => {
                  const active = sort.key === column.key;
                  const Icon = active ? (sort.direction === "ascending" ? ArrowUp : ArrowDown) : ArrowUpDown;
                  return (
                    <TableHead key={column.key} aria-sort={active ? sort.direction : "none"} className={cn("px-0", column.numeric && "text-right")}>
                      <button
                        type="button"
                        onClick={() => setSort((current) => nextSort(current, column.key))}
                        className={cn(
                          "inline-flex h-8 items-center gap-1 px-3 uppercase tracking-wide hover:text-foreground",
                          column.numeric && "flex-row-reverse",
                          active && "text-foreground",
                        )}
                        data-testid={`trades-sort-${column.key}`}
                      >
                        {column.label}
                        <Icon className={cn("size-3", !active && "opacity-40")} aria-hidden="true" />
                      </button>
                    </TableHead>
                  );
                })}
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((t) => (
                <TableRow key={t.seq} data-testid="trade-row">
                  <TableCell className="text-right text-muted-foreground">{t.seq}</TableCell>
                  <TableCell className="font-medium">{t.symbol}</TableCell>
                  <TableCell className={cn("capitalize", t.side === "long" ? "text-success" : "text-danger")}>{t.side}</TableCell>
                  <TableCell className="text-muted-foreground">
                    <UtcTime epochMs={t.entry_at} />
                  </TableCell>
                  <TableCell className="text-right" title={`Amount ${formatAmount(t.amount)}`}>
                    {formatPrice(t.entry_price)}
                  </TableCell>
                  <TableCell className="text-muted-foreground">
                    <UtcTime epochMs={t.exit_at} />
                  </TableCell>
                  <TableCell className="text-right">{formatPrice(t.exit_price)}</TableCell>
                  <TableCell>{exitReasonLabel(t.exit_reason)}</TableCell>
                  <TableCell
                    className={cn("text-right", t.pnl > 0 ? "text-success" : t.pnl < 0 ? "text-danger" : undefined)}
                    title={`Fees ${formatSignedMoney(-(t.entry_fee + t.exit_fee), currency)}${t.funding ? `, funding ${formatSignedMoney(-t.funding, currency)}` : ""}`}
                  >
                    {formatSignedMoney(t.pnl, currency)}
                  </TableCell>
                  <TableCell className={cn("text-right", t.pnl_pct > 0 ? "text-success" : t.pnl_pct < 0 ? "text-danger" : undefined)}>{formatSignedPct(t.pnl_pct)}</TableCell>
                  <TableCell className="text-right">{formatDuration(t.holding_ms)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <div className="flex flex-wrap items-center justify-between gap-2 border-t border-border px-3 py-1.5 text-[11px] text-muted-foreground">
            <span aria-live="polite" data-testid="trades-loaded">
              {loaded.cursor
                ? `${loaded.items.length.toLocaleString("en-US")}${total !== null ? ` of ${total.toLocaleString("en-US")}` : ""} trades loaded`
                : `${loaded.items.length.toLocaleString("en-US")} ${loaded.items.length === 1 ? "trade" : "trades"}`}
            </span>
            {error ? <span className="text-danger">{error.message}</span> : null}
            {loaded.cursor ? (
              <Button variant="secondary" size="sm" onClick={loadMore} loading={busy} data-testid="trades-more">
                Load more
              </Button>
            ) : null}
          </div>
        </>
      )}
    </Section>
  );
}
