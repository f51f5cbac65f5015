"use client";

import dynamic from "next/dynamic";
import type { ReactNode } from "react";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/class-names";
import { Skeleton } from "@/components/ui/skeleton";
import type { CurveFormat, CurveSeries } from "./curve-chart-canvas";

// The chart library touches the DOM as soon as it runs: load it in the browser only.
const CurveChartCanvas = dynamic(() => import("./curve-chart-canvas").then((m) => m.CurveChartCanvas), {
  ssr: false,
  loading: () => <Skeleton className="absolute inset-0 rounded-none" />,
});

type CurveChartProps = {
  title: string;
  /** What the chart shows, in words, for readers who cannot see the canvas. */
  summary: string;
  series: readonly CurveSeries[];
  format: CurveFormat;
  reference?: number | null;
  actions?: ReactNode;
  /** A legend or note under the chart. */
  footer?: ReactNode;
  className?: string;
  "data-testid"?: string;
};

/** A titled card around a curve chart, with a text summary for assistive tech. */
export function CurveChart({ title, summary, series, format, reference, actions, footer, className, "data-testid": testId }: CurveChartProps) {
  const empty = series.every((s) => s.points.length === 0);
  return (
    <Card className={cn("min-w-0", className)} data-testid={testId}>
      <CardHeader className="px-3 py-1.5">
        <CardTitle>{title}</CardTitle>
        {actions ? <div className="flex items-center gap-2">{actions}</div> : null}
      </CardHeader>
      <figure className="m-0">
        <div className="relative h-56 sm:h-64" aria-hidden="true">
          {empty ? (
            <p className="flex h-full items-center justify-center text-xs text-muted-foreground">No points to draw.</p>
          ) : (
            <CurveChartCanvas series={series} format={format} reference={reference} />
          )}
        </div>
        <figcaption className="sr-only">{summary}</figcaption>
      </figure>
      {footer ? <div className="border-t border-border px-3 py-1.5 text-[11px] text-muted-foreground">{footer}</div> : null}
    </Card>
  );
}
