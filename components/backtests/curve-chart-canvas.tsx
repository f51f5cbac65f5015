"use client";

import { BaselineSeries, LineSeries, LineStyle, type ISeriesApi, type SeriesType, type UTCTimestamp } from "lightweight-charts";
import { useEffect, useRef } from "react";
import { withAlpha, type ChartTheme } from "@/components/dashboard/chart-theme";
import { cn } from "@/components/ui/class-names";
import { createThemedChart, type ThemedChart } from "./chart-base";
import type { ChartPoint } from "./chart-data";

export type CurveColor = "primary" | "warning" | "up" | "down";

export type CurveSeries = {
  id: string;
  label: string;
  points: readonly ChartPoint[];
  /** "area-below" fills between the line and zero, for drawdown drawn below the axis. */
  style: "line" | "area-below";
  color: CurveColor;
};

export type CurveFormat = "number" | "pct";

type CurveChartCanvasProps = {
  series: readonly CurveSeries[];
  format: CurveFormat;
  /** A dashed line at this value (the starting balance, or 0 %). */
  reference?: number | null;
  className?: string;
};

const colorOf = (theme: ChartTheme, color: CurveColor) =>
  color === "primary" ? theme.primary : color === "warning" ? theme.warning : color === "up" ? theme.up : theme.down;

function priceFormat(format: CurveFormat) {
  return format === "pct"
    ? { type: "custom" as const, minMove: 0.01, formatter: (value: number) => `${value.toFixed(2)}%` }
    : { type: "price" as const, precision: 2, minMove: 0.01 };
}

/** Line and area curves over time (equity, drawdown, returns), drawn with lightweight-charts. */
export function CurveChartCanvas({ series, format, reference = null, className }: CurveChartCanvasProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const handleRef = useRef<ThemedChart | null>(null);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const handle = createThemedChart(container, { rightPriceScale: { scaleMargins: { top: 0.1, bottom: 0.08 } } });
    handleRef.current = handle;
    return () => {
      handleRef.current = null;
      handle.dispose();
    };
  }, []);

  useEffect(() => {
    const handle = handleRef.current;
    if (!handle) return;
    const { chart, theme } = handle;
    const added: ISeriesApi<SeriesType>[] = [];
    series.forEach((s, index) => {
      const color = colorOf(theme, s.color);
      const data = s.points.map((p) => ({ time: p.time as UTCTimestamp, value: p.value }));
      const common = { priceFormat: priceFormat(format), lineWidth: 2 as const, priceLineVisible: false, title: series.length > 1 ? s.label : "" };
      let api: ISeriesApi<SeriesType>;
      if (s.style === "area-below") {
        const area = chart.addSeries(BaselineSeries, {
          ...common,
          baseValue: { type: "price", price: 0 },
          topLineColor: color,
          topFillColor1: withAlpha(color, 0),
          topFillColor2: withAlpha(color, 0),
          bottomLineColor: color,
          bottomFillColor1: withAlpha(color, 0.08),
          bottomFillColor2: withAlpha(color, 0.35),
        });
        area.setData(data);
        api = area;
      } else {
        const line = chart.addSeries(LineSeries, { ...common, color });
        line.setData(data);
        api = line;
      }
      if (index === 0 && reference !== null) {
        api.createPriceLine({ price: reference, color: theme.borderStrong, lineWidth: 1, lineStyle: LineStyle.Dashed, axisLabelVisible: false, title: "" });
      }
      added.push(api);
    });
    chart.timeScale().fitContent();
    return () => {
      // The chart may already be gone when the whole component unmounts.
      if (handleRef.current?.chart !== chart) return;
      for (const s of added) chart.removeSeries(s);
    };
  }, [series, format, reference]);

  return <div ref={containerRef} className={cn("absolute inset-0", className)} />;
}

