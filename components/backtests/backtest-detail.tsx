"use client";

import { ArrowLeft, Ban, FileDown, RotateCw, SearchX, TriangleAlert, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import { apiRequest, asApiError } from "@/components/api/api-request";
import { useApiResource } from "@/components/api/use-api-resource";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { RetryError } from "@/components/ui/retry-error";
import { Skeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import { drawdownToPoints, curveToPoints } from "./chart-data";
import { ConfirmAction } from "./confirm-action";
import { CurveChart } from "./curve-chart";
import { formatMoney, formatPct, formatRange, formatSignedPct, quoteCurrency } from "./format";
import { rerunBody } from "./form-input";
import { MetricCards } from "./metric-cards";
import {
  BestWorstDays,
  DataQualityTable,
  ExitReasonTable,
  LeftOpenTable,
  LongShortTable,
  PerSymbolTable,
  RejectedEntriesTable,
  WarningsList,
} from "./result-tables";
import { RunProgress } from "./run-progress";
import { RunSettings } from "./run-settings";
import { SimulatedTag, StatusBadge } from "./status-badge";
import { TradeChart } from "./trade-chart";
import { TradesTable } from "./trades-table";
import { isActive, type BacktestCreated, type BacktestProgressEvent, type BacktestRun } from "./types";
import { useBacktestStream } from "./use-backtest-stream";

const TOO_MANY = "You already have two backtests queued or running. Wait for one to finish or cancel one, then re-run.";

/** One run: live progress while it works, then its results. */
export function BacktestDetail({ id }: { id: string }) {
  const router = useRouter();
  const { toast } = useToast();
  const [version, setVersion] = useState(0);
  const path = `/backtests/${encodeURIComponent(id)}`;
  const { data: run, error, loading, retry } = useApiResource<BacktestRun>(path, { version });
  const [live, setLive] = useState<BacktestProgressEvent | null>(null);
  const [canceling, setCanceling] = useState(false);
  const [rerunning, setRerunning] = useState(false);

  const reread = useCallback(() => setVersion((n) => n + 1), []);
  const handlers = useMemo(
    () => ({
      onProgress: (event: BacktestProgressEvent) => {
        if (event.backtest_id !== id) return;
        setLive(event);
        // The result fields arrive with the run itself, not with the event.
        if (!isActive(event.status)) reread();
      },
      onOpen: reread,
    }),
    [id, reread],
  );
  const active = run ? isActive(run.status) : false;
  // Subscribed before the first read answers: a short run can finish while a busy server answers it.
  const streamStatus = useBacktestStream(run ? active : true, handlers);

  // A finished run never becomes active again: once the run says so, late events no longer count.
  const state = run && active && live ? { status: live.status, progress: live.progress, phase: live.phase } : run ? { status: run.status, progress: run.progress, phase: run.phase } : null;

  async function cancel() {
    setCanceling(true);
    try {
      await apiRequest("DELETE", path);
      toast({ variant: "success", title: "Backtest canceled" });
      reread();
    } catch (e) {
      toast({ variant: "error", title: "Backtest not canceled", description: asApiError(e).message });
    } finally {
      setCanceling(false);
    }
  }

  async function remove() {
    try {
      await apiRequest("DELETE", path);
      toast({ variant: "success", title: "Backtest deleted", description: run?.strategy_snapshot.name });
      router.push("/backtests");
    } catch (e) {
      toast({ variant: "error", title: "Backtest not deleted", description: asApiError(e).message });
    }
  }

  async function rerun() {
    if (!run) return;
    setRerunning(true);
    try {
      const created = await apiRequest<BacktestCreated>("POST", "/backtests", { body: rerunBody(run), messages: { 429: TOO_MANY } });
      toast({ variant: "success", title: "Backtest started", description: run.strategy_snapshot.name });
      router.push(`/backtests/${encodeURIComponent(created.id)}`);
    } catch (e) {
      const err = asApiError(e);
      const description = err.code === "too_many_running_backtests" ? TOO_MANY : err.code === "strategy_not_found" ? "The strategy of this run was deleted." : err.message;
      toast({ variant: "error", title: "Backtest not started", description });
      setRerunning(false);
    }
  }

  if (error && !run) {
    if (error.status === 404) {
      return (
        <EmptyState
          icon={SearchX}
          title="Backtest not found"
          description="It may have been deleted."
          action={
            <Button asChild variant="secondary" size="sm">
              <Link href="/backtests">All backtests</Link>
            </Button>
          }
        />
      );
    }
    return <RetryError title="This backtest could not be loaded" description={error.message} onRetry={retry} data-testid="backtest-error" />;
  }
  if (loading || !run || !state) return <DetailSkeleton />;

  const r = run.request;
  const currency = quoteCurrency(r.symbols);
  const runActive = isActive(state.status);

  const actions = (
    <>
      <StatusBadge status={state.status} />
      {runActive ? null : (
        <Button variant="secondary" size="sm" onClick={rerun} loading={rerunning} data-testid="backtest-rerun">
          {rerunning ? null : <RotateCw className="size-3.5" aria-hidden="true" />}
          Re-run
        </Button>
      )}
      {runActive ? null : (
        <ConfirmAction
          label="Delete"
          target={`backtest of ${run.strategy_snapshot.name}`}
          question="Delete this run?"
          confirmLabel="Delete"
          icon={<Trash2 className="size-3.5" aria-hidden="true" />}
          onConfirm={remove}
          testId="backtest-delete"
        />
      )}
    </>
  );

  return (
    <div className="flex flex-col gap-3" data-testid="backtest-detail" data-status={state.status}>
      <Link href="/backtests" className="inline-flex w-fit items-center gap-1 text-xs text-muted-foreground hover:text-foreground">
        <ArrowLeft className="size-3.5" aria-hidden="true" />
        All backtests
      </Link>
      <PageHeader
        title={`Backtest: ${run.strategy_snapshot.name}`}
        description={
          <>
            {formatRange(r.start, r.end)} UTC · {r.timeframe} · {r.symbols.join(", ")}
          </>
        }
        actions={<div className="flex flex-wrap items-center gap-2">{actions}</div>}
      />

      {runActive ? (
        <Card data-testid="backtest-running">
          <CardContent className="flex flex-col gap-2">
            <p className="text-body text-foreground">{state.status === "queued" ? "This run is waiting for a free worker." : "The engine is replaying the candles."}</p>
            <RunProgress progress={state.progress} phase={state.phase} onCancel={cancel} canceling={canceling} />
            {streamStatus === "offline" || streamStatus === "reconnecting" ? (
              <p className="flex flex-wrap items-center gap-2 text-[11px] text-warning" role="status">
                Live progress is {streamStatus === "offline" ? "unavailable" : "reconnecting"}.
                <Button variant="ghost" size="sm" onClick={reread} className="h-6 px-2 text-[11px]">
                  <RotateCw className="size-3" aria-hidden="true" />
                  Refresh
                </Button>
              </p>
            ) : null}
          </CardContent>
        </Card>
      ) : null}

      {state.status === "failed" ? (
        <Card data-testid="backtest-failed">
          <ErrorState title="The backtest failed" description={run.error ?? live?.error ?? "No reason was recorded."} />
        </Card>
      ) : null}

      {state.status === "canceled" ? (
        <Card data-testid="backtest-canceled">
          <EmptyState icon={Ban} title="This backtest was canceled" description="Re-run it to get results." />
        </Card>
      ) : null}

      {state.status === "completed" && run.status !== "completed" ? (
        <div role="status" className="flex flex-col gap-2">
          <RunProgress progress={100} phase="completed" />
          <span className="text-xs text-muted-foreground">Loading the results…</span>
        </div>
      ) : null}

      {run.status === "completed" && run.metrics ? <Results run={run} currency={currency} /> : null}
      {run.status === "completed" && !run.metrics ? (
        <Card>
          <EmptyState icon={TriangleAlert} title="No results stored" description="The run finished without a result. Re-run it." />
        </Card>
      ) : null}

      <RunSettings run={run} />
    </div>
  );
}

function Results({ run, currency }: { run: BacktestRun; currency: string | null }) {
  const metrics = run.metrics!;
  const equity = useMemo(() => curveToPoints(run.equity_curve), [run.equity_curve]);
  const drawdown = useMemo(() => drawdownToPoints(run.drawdown_curve), [run.drawdown_curve]);
  const equitySeries = useMemo(() => [{ id: "equity", label: "Equity", points: equity, style: "line" as const, color: "primary" as const }], [equity]);
  const drawdownSeries = useMemo(() => [{ id: "drawdown", label: "Drawdown", points: drawdown, style: "area-below" as const, color: "down" as const }], [drawdown]);
  const tables = run.tables;
  const symbols = run.settings?.symbols ?? run.request.symbols;

  return (
    <div className="flex flex-col gap-3" data-testid="backtest-results">
      {run.simulated ? (
        <div className="flex items-start gap-2 rounded-lg border border-warning/30 bg-warning/10 px-3 py-2 text-xs text-warning" data-testid="simulated-banner" role="note">
          <SimulatedTag />
          <span className="text-foreground">
            These candles come from this server&apos;s simulated market, not from an exchange. The figures test the engine and the strategy&apos;s mechanics; they say nothing about real markets.
          </span>
        </div>
      ) : null}
      <WarningsList warnings={run.warnings ?? []} />
      <MetricCards metrics={metrics} nullReasons={run.null_reasons} currency={currency} />

      <div className="grid gap-3 xl:grid-cols-2">
        <CurveChart
          title="Equity"
          data-testid="equity-chart"
          summary={`Equity from ${formatMoney(run.request.starting_balance, currency)} to ${formatMoney(metrics.final_equity, currency)}, a return of ${formatSignedPct(metrics.total_return_pct)}.`}
          series={equitySeries}
          format="number"
          reference={run.request.starting_balance}
          actions={
            <a
              href={`/api/v1/backtests/${encodeURIComponent(run.id)}?resolution=full`}
              download
              className="inline-flex h-6 items-center gap-1 rounded px-2 text-[11px] font-medium text-primary hover:bg-primary/10"
              data-testid="curve-download"
            >
              <FileDown className="size-3.5" aria-hidden="true" />
              Download full curve (CSV)
            </a>
          }
          footer="Close-marked equity; the dashed line is the starting balance. Up to 2,000 points are drawn; the CSV has every candle."
        />
        <CurveChart
          title="Drawdown"
          data-testid="drawdown-chart"
          summary={`Drawdown from the running equity peak; the deepest was ${formatPct(metrics.max_drawdown_pct)}.`}
          series={drawdownSeries}
          format="pct"
          footer={`Fall from the running peak, drawn below zero. Deepest ${formatPct(metrics.max_drawdown_pct)}.`}
        />
      </div>

      {symbols.length > 0 ? <TradeChart backtestId={run.id} symbols={symbols} /> : null}

      {tables ? (
        <div className="grid gap-3 xl:grid-cols-2">
          <PerSymbolTable rows={tables.per_symbol} currency={currency} />
          <ExitReasonTable rows={tables.per_exit_reason} currency={currency} />
          <LongShortTable rows={tables.long_short} currency={currency} />
          <RejectedEntriesTable rejected={tables.rejected_entries} />
          <BestWorstDays best={tables.best_day} worst={tables.worst_day} />
          <LeftOpenTable trades={tables.left_open} currency={currency} />
        </div>
      ) : null}
      {run.data_quality ? <DataQualityTable quality={run.data_quality} /> : null}

      <TradesTable backtestId={run.id} currency={currency} total={run.trades_count ?? null} />
    </div>
  );
}

function DetailSkeleton() {
  return (
    <div role="status" aria-busy="true" className="flex flex-col gap-3">
      <span className="sr-only">Loading the backtest…</span>
      <Skeleton className="h-6 w-64" />
      <Skeleton className="h-4 w-80 max-w-full" />
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-5">
        {Array.from({ length: 10 }, (_, i) => (
          <Skeleton key={i} className="h-14" />
        ))}
      </div>
      <Skeleton className="h-64" />
    </div>
  );
}
