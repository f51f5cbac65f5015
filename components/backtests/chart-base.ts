"use client";

import { ColorType, createChart, CrosshairMode, type DeepPartial, type IChartApi, type TimeChartOptions, type Time } from "lightweight-charts";
import { resolveChartTheme, type ChartTheme } from "@/components/dashboard/chart-theme";
import { formatUtcTime } from "@/components/format/format-time";

export type ThemedChart = { chart: IChartApi; theme: ChartTheme; dispose: () => void };

/**
 * A chart in the dashboard's look (same palette, grid, crosshair and UTC labels), sized by its
 * container and resized with it. `dispose` stops the observer and frees the canvas.
 */
export function createThemedChart(container: HTMLElement, options: DeepPartial<TimeChartOptions> = {}): ThemedChart {
  const theme = resolveChartTheme(container);
  const chart = createChart(container, {
    width: container.clientWidth,
    height: container.clientHeight,
    ...options,
    layout: {
      background: { type: ColorType.Solid, color: theme.background },
      textColor: theme.text,
      fontSize: 11,
      fontFamily: theme.fontFamily,
      ...options.layout,
    },
    grid: { vertLines: { color: theme.grid }, horzLines: { color: theme.grid } },
    crosshair: {
      mode: CrosshairMode.Normal,
      vertLine: { color: theme.borderStrong, labelBackgroundColor: theme.raised },
      horzLine: { color: theme.borderStrong, labelBackgroundColor: theme.raised },
    },
    rightPriceScale: { borderColor: theme.border, ...options.rightPriceScale },
    timeScale: { borderColor: theme.border, timeVisible: true, secondsVisible: false, rightOffset: 2, minBarSpacing: 0.2, ...options.timeScale },
    localization: {
      locale: "en-US",
      timeFormatter: (time: Time) => (typeof time === "number" ? formatUtcTime(time * 1000) : String(time)),
      ...options.localization,
    },
  });
  const observer = new ResizeObserver((entries) => {
    const box = entries[0]?.contentRect;
    if (box && box.width > 0 && box.height > 0) chart.resize(Math.floor(box.width), Math.floor(box.height));
  });
  observer.observe(container);
  return {
    chart,
    theme,
    dispose: () => {
      observer.disconnect();
      chart.remove();
    },
  };
}
