"use client";

import { FlaskConical, GitCompareArrows, Plus, Trash2, X } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import { apiRequest, asApiError } from "@/components/api/api-request";
import { useApiResource } from "@/components/api/use-api-resource";
import { UtcTime } from "@/components/format/utc-time";
import { TableSkeletonRows } from "@/components/market-data/table-skeleton-rows";
import { Button } from "@/components/ui/button";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/class-names";
import { EmptyState } from "@/components/ui/empty-state";
import { RetryError } from "@/components/ui/retry-error";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import { ConfirmAction } from "./confirm-action";
import { formatCount, formatPct, formatRange, formatRatio, formatSignedPct } from "./format";
import { RunProgress } from "./run-progress";
import { SimulatedTag, StatusBadge } from "./status-badge";
import { isActive, type BacktestListItem, type BacktestProgressEvent, type Page } from "./types";
import { useBacktestStream } from "./use-backtest-stream";

const PAGE_SIZE = 50;

type Live = Pick<BacktestProgressEvent, "status" | "progress" | "phase">;

/** A finished run never becomes active again, so the list's word wins over a late or missed event. */
function currentState(item: BacktestListItem, live: Live | undefined): Live {
  if (!isActive(item.status) || !live) return { status: item.status, progress: item.progress, phase: item.status === "queued" ? "queued" : item.status };
  return live;
}

const toneClass = (value: number | null | undefined) =>
  typeof value === "number" && value > 0 ? "text-success" : typeof value === "number" && value < 0 ? "text-danger" : undefined;

/** The user's backtest runs, newest first, with live progress, cancel/delete and a pick-two compare. */
export function BacktestsList() {
  const router = useRouter();
  const { toast } = useToast();
  const [version, setVersion] = useState(0);
  const { data, error, loading, retry } = useApiResource<Page<BacktestListItem>>(`/backtests?limit=${PAGE_SIZE}`, { version });
  const [more, setMore] = useState<{ base: Page<BacktestListItem>; items: BacktestListItem[]; cursor: string | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [live, setLive] = useState<Record<string, Live>>({});
  const [selected, setSelected] = useState<string[]>([]);
  const [removed, setRemoved] = useState<ReadonlySet<string>>(() => new Set());

  const reread = useCallback(() => setVersion((n) => n + 1), []);

  // Further pages belong to the first page they were loaded after; a re-read starts over.
  const extra = more && more.base === data ? more : null;
  const items = useMemo(
    () => [...(data?.items ?? []), ...(extra?.items ?? [])].filter((item) => !removed.has(item.id)),
    [data, extra, removed],
  );
  const nextCursor = extra ? extra.cursor : (data?.next_cursor ?? null);
  const anyActive = items.some((item) => isActive(currentState(item, live[item.id]).status));

  const handlers = useMemo(
    () => ({
      onProgress: (event: BacktestProgressEvent) => {
        setLive((current) => ({ ...current, [event.backtest_id]: { status: event.status, progress: event.progress, phase: event.phase } }));
        // A finished run brings its headline figures: read the list again for them.
        if (!isActive(event.status)) reread();
      },
      onOpen: reread,
    }),
    [reread],
  );
  useBacktestStream(anyActive, handlers);

  async function loadMore() {
    if (!data || !nextCursor) return;
    setLoadingMore(true);
    try {
      const page = await apiRequest<Page<BacktestListItem>>("GET", `/backtests?limit=${PAGE_SIZE}&cursor=${encodeURIComponent(nextCursor)}`);
      setMore({ base: data, items: [...(extra?.items ?? []), ...page.items], cursor: page.next_cursor });
    } catch (e) {
      toast({ variant: "error", title: "More runs could not be loaded", description: asApiError(e).message });
    } finally {
      setLoadingMore(false);
    }
  }

  async function remove(item: BacktestListItem, active: boolean) {
    try {
      await apiRequest("DELETE", `/backtests/${encodeURIComponent(item.id)}`);
      if (active) {
        toast({ variant: "success", title: "Backtest canceled", description: item.strategy_name });
        setLive((current) => ({ ...current, [item.id]: { status: "canceled", progress: current[item.id]?.progress ?? item.progress, phase: "canceled" } }));
      } else {
        toast({ variant: "success", title: "Backtest deleted", description: item.strategy_name });
        setRemoved((current) => new Set(current).add(item.id));
        setSelected((current) => current.filter((id) => id !== item.id));
      }
      reread();
    } catch (e) {
      toast({ variant: "error", title: active ? "Backtest not canceled" : "Backtest not deleted", description: asApiError(e).message });
    }
  }

  const toggle = (id: string, on: boolean) => setSelected((current) => (on ? [...current.filter((x) => x !== id), id].slice(-2) : current.filter((x) => x !== id)));
  const comparable = selected.filter((id) => items.some((item) => item.id === id && currentState(item, live[id]).status === "completed"));

  const header = (
    <CardHeader className="flex-wrap gap-y-2">
      <CardTitle>Runs</CardTitle>
      <div className="flex items-center gap-2">
        <span className="text-[11px] text-muted-foreground" aria-live="polite">
          {comparable.length === 0 ? "Tick two completed runs to compare them." : `${comparable.length} of 2 picked`}
        </span>
        <Button
          variant="secondary"
          size="sm"
          disabled={comparable.length !== 2}
          onClick={() => router.push(`/backtests/compare?a=${encodeURIComponent(comparable[0])}&b=${encodeURIComponent(comparable[1])}`)}
          data-testid="backtests-compare"
        >
          <GitCompareArrows className="size-3.5" aria-hidden="true" />
          Compare
        </Button>
      </div>
    </CardHeader>
  );

  let body;
  if (error && !data) {
    body = <RetryError title="Your backtests could not be loaded" description={error.message} onRetry={retry} data-testid="backtests-error" />;
  } else if (loading) {
    body = (
      <div className="px-4">
        <TableSkeletonRows label="Loading your backtests…" />
      </div>
    );
  } else if (items.length === 0) {
    body = (
      <EmptyState
        icon={FlaskConical}
        title="No backtests yet"
        description="Run a strategy over historical candles to see its return, drawdown and trades."
        action={
          <Button asChild size="sm">
            <Link href="/backtests/new">
              <Plus className="size-3.5" aria-hidden="true" />
              New backtest
            </Link>
          </Button>
        }
      />
    );
  } else {
    body = (
      <>
        <Table data-testid="backtests-table">
          <caption className="sr-only">Your backtest runs, newest first</caption>
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead className="w-8 pr-0">
                <span className="sr-only">Pick to compare</span>
              </TableHead>
              <TableHead>Strategy</TableHead>
              <TableHead>Range (UTC)</TableHead>
              <TableHead>TF</TableHead>
              <TableHead className="hidden md:table-cell">Pairs</TableHead>
              <TableHead>Status</TableHead>
              <TableHead className="text-right">Return</TableHead>
              <TableHead className="text-right">Max DD</TableHead>
              <TableHead className="text-right">Sharpe</TableHead>
              <TableHead className="text-right">Trades</TableHead>
              <TableHead className="hidden lg:table-cell">Created</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {items.map((item) => {
              const state = currentState(item, live[item.id]);
              const status = state.status;
              const active = isActive(status);
              const h = item.headline;
              const name = `${item.strategy_name}, ${formatRange(item.start, item.end)}`;
              return (
                <TableRow key={item.id} data-testid="backtest-row" data-id={item.id} data-status={status}>
                  <TableCell className="pr-0">
                    <input
                      type="checkbox"
                      className="size-3.5 accent-primary disabled:opacity-40"
                      aria-label={`Pick ${name} to compare`}
                      checked={selected.includes(item.id)}
                      disabled={status !== "completed" || (!selected.includes(item.id) && selected.length >= 2)}
                      onChange={(event) => toggle(item.id, event.target.checked)}
                      data-testid="backtest-pick"
                    />
                  </TableCell>
                  <TableCell className="max-w-56">
                    <div className="flex items-center gap-1.5">
                      <Link href={`/backtests/${encodeURIComponent(item.id)}`} className="truncate font-medium text-foreground hover:text-primary hover:underline">
                        {item.strategy_name}
                      </Link>
                      {item.simulated ? <SimulatedTag /> : null}
                    </div>
                    <span className="text-[11px] text-muted-foreground">{item.strategy_type}</span>
                  </TableCell>
                  <TableCell className="text-muted-foreground">{formatRange(item.start, item.end)}</TableCell>
                  <TableCell>{item.timeframe}</TableCell>
                  <TableCell className="hidden max-w-40 truncate md:table-cell" title={item.symbols.join(", ")}>
                    {item.symbols.length > 2 ? `${item.symbols.slice(0, 2).join(", ")} +${item.symbols.length - 2}` : item.symbols.join(", ")}
                  </TableCell>
                  <TableCell>
                    {active ? (
                      <RunProgress compact progress={state.progress} phase={state.phase} label={`Progress of ${name}`} />
                    ) : (
                      <span title={status === "failed" ? (item.error ?? undefined) : undefined}>
                        <StatusBadge status={status} />
                      </span>
                    )}
                  </TableCell>
                  <TableCell className={cn("text-right font-medium", toneClass(h?.total_return_pct))}>{formatSignedPct(h?.total_return_pct)}</TableCell>
                  <TableCell className={cn("text-right", h && h.max_drawdown_pct > 0 ? "text-danger" : undefined)}>{formatPct(h?.max_drawdown_pct)}</TableCell>
                  <TableCell className="text-right">{formatRatio(h?.sharpe)}</TableCell>
                  <TableCell className="text-right">{formatCount(h?.trades_count)}</TableCell>
                  <TableCell className="hidden text-muted-foreground lg:table-cell">
                    <UtcTime epochMs={item.created_at} />
                  </TableCell>
                  <TableCell className="text-right">
                    {active ? (
                      <ConfirmAction
                        label="Cancel"
                        target={name}
                        question="Stop this run?"
                        confirmLabel="Cancel run"
                        icon={<X className="size-3.5" aria-hidden="true" />}
                        onConfirm={() => remove(item, true)}
                        testId="backtest-cancel"
                      />
                    ) : (
                      <ConfirmAction
                        label="Delete"
                        target={name}
                        question="Delete this run and its trades?"
                        confirmLabel="Delete"
                        icon={<Trash2 className="size-3.5" aria-hidden="true" />}
                        onConfirm={() => remove(item, false)}
                        testId="backtest-delete"
                      />
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
        {nextCursor ? (
          <div className="flex justify-center border-t border-border p-2">
            <Button variant="ghost" size="sm" onClick={loadMore} loading={loadingMore} data-testid="backtests-more">
              Load more
            </Button>
          </div>
        ) : null}
      </>
    );
  }

  return (
    <Card data-testid="backtests-list" aria-busy={loading || undefined}>
      {header}
      {body}
    </Card>
  );
}
