"use client";

import { CandlestickSeries, createSeriesMarkers, type ISeriesApi, type ISeriesMarkersPluginApi, type Time, type UTCTimestamp } from "lightweight-charts";
import { useEffect, useRef } from "react";
import { priceDecimals } from "@/components/dashboard/format-market";
import { cn } from "@/components/ui/class-names";
import { createThemedChart, type ThemedChart } from "./chart-base";
import type { MarkerSpec } from "./chart-data";
import type { CandleRow } from "./types";

type TradeChartCanvasProps = {
  candles: readonly CandleRow[];
  markers: readonly MarkerSpec[];
  className?: string;
};

type Handle = ThemedChart & { series: ISeriesApi<"Candlestick">; markers: ISeriesMarkersPluginApi<Time> };

/** A symbol's candles over the run with an arrow at every entry and exit. */
export function TradeChartCanvas({ candles, markers, className }: TradeChartCanvasProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const handleRef = useRef<Handle | null>(null);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const base = createThemedChart(container, { rightPriceScale: { scaleMargins: { top: 0.1, bottom: 0.1 } } });
    const { chart, theme } = base;
    const series = chart.addSeries(CandlestickSeries, {
      upColor: theme.up,
      downColor: theme.down,
      borderVisible: false,
      wickUpColor: theme.up,
      wickDownColor: theme.down,
      priceLineVisible: false,
    });
    handleRef.current = { ...base, series, markers: createSeriesMarkers(series, []) };
    return () => {
      handleRef.current = null;
      base.dispose();
    };
  }, []);

  useEffect(() => {
    const handle = handleRef.current;
    if (!handle) return;
    handle.series.setData(candles.map(([t, open, high, low, close]) => ({ time: (t / 1000) as UTCTimestamp, open, high, low, close })));
    const last = candles.at(-1)?.[4];
    if (last !== undefined) {
      const precision = priceDecimals(last);
      handle.series.applyOptions({ priceFormat: { type: "price", precision, minMove: 10 ** -precision } });
    }
    handle.chart.timeScale().fitContent();
  }, [candles]);

  useEffect(() => {
    const handle = handleRef.current;
    if (!handle) return;
    const { theme } = handle;
    handle.markers.setMarkers(
      markers.map((m) => ({
        time: m.time as UTCTimestamp,
        position: m.position,
        shape: m.shape,
        color: m.tone === "up" ? theme.up : theme.down,
        text: m.text,
        id: m.id,
      })),
    );
  }, [markers, candles]);

  return <div ref={containerRef} className={cn("absolute inset-0", className)} />;
}
