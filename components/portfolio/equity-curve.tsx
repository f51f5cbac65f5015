"use client";

import { useState } from "react";
import { useApiResource } from "@/components/api/use-api-resource";
import { curveToPoints, drawdownToPoints } from "@/components/backtests/chart-data";
import { CurveChart } from "@/components/backtests/curve-chart";
import type { CurveSeries } from "@/components/backtests/curve-chart-canvas";
import { formatMoney } from "@/components/trading/format";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { RetryError } from "@/components/ui/retry-error";
import { SegmentedControl } from "@/components/ui/segmented-control";
import { Skeleton } from "@/components/ui/skeleton";
import { PNL_RANGES, type PnlChart, type PnlRange } from "./types";

const RANGE_TITLES: Record<PnlRange, string> = { "1d": "1 day", "7d": "7 days", "30d": "30 days", "90d": "90 days", "1y": "1 year", all: "All time" };
const RANGE_OPTIONS = PNL_RANGES.map((r) => ({ value: r, label: r === "all" ? "All" : r, title: RANGE_TITLES[r] }));

/** The equity (or drawdown) curve over a chosen range, read from the P&L chart endpoint. */
export function EquityCurve({ mode, title, version }: { mode: "equity" | "drawdown"; title: string; version?: number }) {
  const [range, setRange] = useState<PnlRange>(mode === "equity" ? "30d" : "all");
  const chart = useApiResource<PnlChart>(`/portfolio/pnl-chart?range=${range}`, { version });
  const rangeControl = <SegmentedControl label={`${title} range`} options={RANGE_OPTIONS} value={range} onChange={setRange} />;

  if (!chart.data) {
    return (
      <Card className="min-w-0" data-testid={`${mode}-chart`} aria-busy={chart.loading || undefined}>
        <CardHeader className="flex-wrap px-3 py-1.5">
          <CardTitle>{title}</CardTitle>
          {rangeControl}
        </CardHeader>
        {chart.error && !chart.loading ? (
          <RetryError title={`${title} unavailable`} description={chart.error.message} onRetry={chart.retry} data-testid="widget-error" />
        ) : (
          <div role="status" className="h-56 p-3 sm:h-64">
            <span className="sr-only">Loading the {title.toLowerCase()}…</span>
            <Skeleton className="size-full" />
          </div>
        )}
      </Card>
    );
  }

  const data = chart.data;
  const points = mode === "equity" ? curveToPoints(data.points) : drawdownToPoints(data.drawdown);
  const series: CurveSeries[] = [{ id: mode, label: title, points, style: mode === "equity" ? "line" : "area-below", color: mode === "equity" ? "primary" : "down" }];
  const first = points[0]?.value;
  const last = points.at(-1)?.value;
  const summary =
    points.length === 0
      ? `No ${title.toLowerCase()} points for ${RANGE_TITLES[range]}.`
      : mode === "equity"
        ? `Equity over ${RANGE_TITLES[range]}: from ${formatMoney(first)} to ${formatMoney(last)}, ${points.length} points.`
        : `Drawdown over ${RANGE_TITLES[range]}: deepest ${Math.min(...points.map((p) => p.value)).toFixed(2)}%, now ${(last ?? 0).toFixed(2)}%.`;

  return (
    <CurveChart
      title={title}
      summary={summary}
      series={series}
      format={mode === "equity" ? "number" : "pct"}
      reference={mode === "equity" ? (first ?? null) : 0}
      actions={rangeControl}
      data-testid={`${mode}-chart`}
      footer={chart.refreshFailed ? `Not updated: ${chart.error?.message ?? ""}` : undefined}
    />
  );
}
