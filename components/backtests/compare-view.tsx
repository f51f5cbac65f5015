"use client";

import { ArrowLeft, GitCompareArrows } from "lucide-react";
import Link from "next/link";
import { useMemo } from "react";
import { useApiResource } from "@/components/api/use-api-resource";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/class-names";
import { EmptyState } from "@/components/ui/empty-state";
import { RetryError } from "@/components/ui/retry-error";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { equityToReturnPoints } from "./chart-data";
import { settingsDiff } from "./compare";
import { CurveChart } from "./curve-chart";
import { formatRange, quoteCurrency } from "./format";
import { betterOf, COMPARE_METRICS, formatMetric } from "./metrics";
import { Section } from "./result-tables";
import { SimulatedTag } from "./status-badge";
import type { BacktestRun } from "./types";

const runName = (run: BacktestRun, side: "A" | "B") => `${side}: ${run.strategy_snapshot.name}`;

/** Two runs side by side: what differs in their settings and which did better on each metric. */
export function CompareView({ a, b }: { a: string | null; b: string | null }) {
  const left = useApiResource<BacktestRun>(a ? `/backtests/${encodeURIComponent(a)}` : null);
  const right = useApiResource<BacktestRun>(b ? `/backtests/${encodeURIComponent(b)}` : null);

  if (!a || !b) {
    return (
      <EmptyState
        icon={GitCompareArrows}
        title="Pick two runs to compare"
        description="Tick two completed runs in the list of backtests, then choose Compare."
        action={
          <Button asChild variant="secondary" size="sm">
            <Link href="/backtests">All backtests</Link>
          </Button>
        }
      />
    );
  }
  const failed = (left.error && !left.data ? left : null) ?? (right.error && !right.data ? right : null);
  if (failed?.error) {
    return <RetryError title="A run could not be loaded" description={failed.error.message} onRetry={failed.retry} data-testid="compare-error" />;
  }
  if (!left.data || !right.data) {
    return (
      <div role="status" aria-busy="true" className="flex flex-col gap-3">
        <span className="sr-only">Loading both runs…</span>
        <Skeleton className="h-6 w-64" />
        <Skeleton className="h-64" />
        <Skeleton className="h-80" />
      </div>
    );
  }
  return <Comparison a={left.data} b={right.data} />;
}

function Comparison({ a, b }: { a: BacktestRun; b: BacktestRun }) {
  const series = useMemo(
    () => [
      { id: "a", label: "A", points: equityToReturnPoints(a.equity_curve), style: "line" as const, color: "primary" as const },
      { id: "b", label: "B", points: equityToReturnPoints(b.equity_curve), style: "line" as const, color: "warning" as const },
    ],
    [a.equity_curve, b.equity_curve],
  );
  const rows = settingsDiff(a, b);
  const differing = rows.filter((row) => row.differs).length;
  const ready = a.metrics !== null && b.metrics !== null;

  const heading = (run: BacktestRun, side: "A" | "B") => (
    <TableHead className="min-w-40 normal-case tracking-normal">
      <Link href={`/backtests/${encodeURIComponent(run.id)}`} className="inline-flex items-center gap-1.5 text-foreground hover:text-primary hover:underline">
        <span className={cn("size-2 rounded-full", side === "A" ? "bg-primary" : "bg-warning")} aria-hidden="true" />
        {runName(run, side)}
      </Link>
      <span className="block text-[11px] text-muted-foreground">{formatRange(run.request.start, run.request.end)}</span>
      {run.simulated ? <SimulatedTag /> : null}
    </TableHead>
  );

  return (
    <div className="flex flex-col gap-3" data-testid="backtest-compare">
      <Link href="/backtests" className="inline-flex w-fit items-center gap-1 text-xs text-muted-foreground hover:text-foreground">
        <ArrowLeft className="size-3.5" aria-hidden="true" />
        All backtests
      </Link>
      <PageHeader title="Compare backtests" description={`${runName(a, "A")} against ${runName(b, "B")}. Better values are highlighted.`} />

      {!ready ? (
        <Card>
          <EmptyState title="Both runs must be completed" description="One of these runs has no results yet; comparison needs two completed runs." />
        </Card>
      ) : (
        <>
          <CurveChart
            title="Return over time"
            data-testid="compare-chart"
            summary={`Equity of both runs as percent return on their starting balance: A ${formatMetric(COMPARE_METRICS[0], a.metrics!, a.null_reasons).text}, B ${formatMetric(COMPARE_METRICS[0], b.metrics!, b.null_reasons).text}.`}
            series={series}
            format="pct"
            reference={0}
            footer={
              <span className="flex flex-wrap gap-3">
                <span className="inline-flex items-center gap-1">
                  <span className="h-0.5 w-3 bg-primary" aria-hidden="true" />A: {a.strategy_snapshot.name}
                </span>
                <span className="inline-flex items-center gap-1">
                  <span className="h-0.5 w-3 bg-warning" aria-hidden="true" />B: {b.strategy_snapshot.name}
                </span>
                <span>Normalised to percent return, so different balances share one scale.</span>
              </span>
            }
          />
          <Section title="Metrics" testId="compare-metrics">
            <Table>
              <caption className="sr-only">Metrics of both runs; the better value of each ranked metric is marked</caption>
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>Metric</TableHead>
                  {heading(a, "A")}
                  {heading(b, "B")}
                </TableRow>
              </TableHeader>
              <TableBody>
                {COMPARE_METRICS.map((def) => {
                  const va = formatMetric(def, a.metrics!, a.null_reasons, quoteCurrency(a.request.symbols));
                  const vb = formatMetric(def, b.metrics!, b.null_reasons, quoteCurrency(b.request.symbols));
                  const winner = betterOf(def.better, a.metrics![def.key], b.metrics![def.key]);
                  const cell = (shown: typeof va, wins: boolean) => (
                    <TableCell
                      className={cn("font-medium", wins ? "bg-success/10 text-success" : "text-foreground")}
                      title={shown.reason ?? undefined}
                      data-better={wins || undefined}
                    >
                      {shown.text}
                      {wins ? <span className="sr-only"> (better)</span> : null}
                      {shown.reason ? <span className="sr-only"> ({shown.reason})</span> : null}
                    </TableCell>
                  );
                  return (
                    <TableRow key={def.key} data-testid={`compare-${def.key}`}>
                      <TableHead scope="row" className="normal-case tracking-normal" title={def.hint}>
                        {def.label}
                        {def.better === "none" ? null : <span className="ml-1 text-[10px] text-muted-foreground/70" title={def.better === "higher" ? "Higher is better" : "Lower is better"}>{def.better === "higher" ? "↑" : "↓"}</span>}
                      </TableHead>
                      {cell(va, winner === "a")}
                      {cell(vb, winner === "b")}
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </Section>
        </>
      )}

      <Section title={differing === 0 ? "Settings (identical)" : `Settings (${differing} differ)`} testId="compare-settings">
        <Table>
          <caption className="sr-only">Settings of both runs; rows that differ are marked</caption>
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead>Setting</TableHead>
              <TableHead>A</TableHead>
              <TableHead>B</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={row.label} className={row.differs ? "bg-warning/5" : undefined} data-differs={row.differs || undefined}>
                <TableHead scope="row" className="normal-case tracking-normal">
                  {row.label}
                  {row.differs ? <span className="ml-1 text-warning" aria-hidden="true">≠</span> : null}
                  {row.differs ? <span className="sr-only"> (differs)</span> : null}
                </TableHead>
                <TableCell className="max-w-72 whitespace-normal break-words">{row.a}</TableCell>
                <TableCell className="max-w-72 whitespace-normal break-words">{row.b}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Section>
    </div>
  );
}
