"use client";

import {
  CandlestickSeries,
  ColorType,
  createChart,
  CrosshairMode,
  HistogramSeries,
  LineSeries,
  LineStyle,
  type CandlestickData,
  type HistogramData,
  type IChartApi,
  type ISeriesApi,
  type LineData,
  type MouseEventParams,
  type SeriesType,
  type Time,
  type UTCTimestamp,
} from "lightweight-charts";
import { useEffect, useMemo, useRef, useState } from "react";
import { cn } from "@/components/ui/class-names";
import { formatUtcTime } from "@/components/format/format-time";
import { computeIndicators, EMA_FAST, EMA_SLOW, type ChartPoint } from "./chart-indicators";
import { resolveChartTheme, withAlpha, type ChartTheme } from "./chart-theme";
import { changeTone, formatCompact, formatPercent, formatPrice, priceDecimals, TONE_TEXT } from "./format-market";
import type { Candle } from "./market-types";

export type LowerPane = "rsi" | "macd";

/** A horizontal level drawn across the candles (a signal's entry, stop-loss or take-profit). */
export type ChartPriceLine = { price: number; title: string; tone: "up" | "down" | "neutral" };

type ChartCanvasProps = {
  candles: readonly Candle[];
  /** Symbol and timeframe: when it changes, the view jumps to the newest candles. */
  viewKey: string;
  priceTick: number | undefined;
  showEma: boolean;
  showBollinger: boolean;
  lowerPane: LowerPane | null;
  /** Levels drawn on the price scale with their title on the axis. */
  priceLines?: readonly ChartPriceLine[];
  className?: string;
};

type MainSeries = {
  candles: ISeriesApi<"Candlestick">;
  volume: ISeriesApi<"Histogram">;
  ema20: ISeriesApi<"Line">;
  ema50: ISeriesApi<"Line">;
  bbUpper: ISeriesApi<"Line">;
  bbMiddle: ISeriesApi<"Line">;
  bbLower: ISeriesApi<"Line">;
};

type ChartHandle = { chart: IChartApi; series: MainSeries; theme: ChartTheme };

/** How many of the newest candles fill the view after a symbol or timeframe switch. */
const VISIBLE_BARS = 160;
const LOWER_PANE = 1;

const toTime = (epochMs: number) => (epochMs / 1000) as UTCTimestamp;
const toLine = (points: ChartPoint[]): LineData<Time>[] => points.map((p) => ({ time: p.time as UTCTimestamp, value: p.value }));

/** Overlay lines: thin, no last-value label or price line, so the candles stay the focus. */
const OVERLAY = {
  lineWidth: 1,
  priceLineVisible: false,
  lastValueVisible: false,
  crosshairMarkerVisible: false,
} as const;

function createMainSeries(chart: IChartApi, theme: ChartTheme): MainSeries {
  const candles = chart.addSeries(CandlestickSeries, {
    upColor: theme.up,
    downColor: theme.down,
    borderVisible: false,
    wickUpColor: theme.up,
    wickDownColor: theme.down,
    priceLineColor: theme.borderStrong,
  });
  const volume = chart.addSeries(HistogramSeries, {
    priceScaleId: "volume",
    priceFormat: { type: "volume" },
    priceLineVisible: false,
    lastValueVisible: false,
  });
  // Volume sits in the bottom fifth of the price pane on a scale of its own.
  chart.priceScale("volume").applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
  return {
    candles,
    volume,
    ema20: chart.addSeries(LineSeries, { ...OVERLAY, color: theme.primary, title: "" }),
    ema50: chart.addSeries(LineSeries, { ...OVERLAY, color: theme.warning, title: "" }),
    bbUpper: chart.addSeries(LineSeries, { ...OVERLAY, color: theme.band }),
    bbMiddle: chart.addSeries(LineSeries, { ...OVERLAY, color: theme.bandMiddle, lineStyle: LineStyle.Dashed }),
    bbLower: chart.addSeries(LineSeries, { ...OVERLAY, color: theme.band }),
  };
}

/** The candlestick chart itself: lightweight-charts on a canvas, sized by its container. */
export function ChartCanvas({ candles, viewKey, priceTick, showEma, showBollinger, lowerPane, priceLines, className }: ChartCanvasProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const handleRef = useRef<ChartHandle | null>(null);
  const appliedViewKey = useRef<string | null>(null);
  const [hovered, setHovered] = useState<Candle | null>(null);
  const indicators = useMemo(() => computeIndicators(candles), [candles]);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const theme = resolveChartTheme(container);
    const chart = createChart(container, {
      width: container.clientWidth,
      height: container.clientHeight,
      layout: {
        background: { type: ColorType.Solid, color: theme.background },
        textColor: theme.text,
        fontSize: 11,
        fontFamily: theme.fontFamily,
        panes: { separatorColor: theme.border, separatorHoverColor: withAlpha(theme.borderStrong, 0.5), enableResize: true },
      },
      grid: { vertLines: { color: theme.grid }, horzLines: { color: theme.grid } },
      crosshair: {
        mode: CrosshairMode.Normal,
        vertLine: { color: theme.borderStrong, labelBackgroundColor: theme.raised },
        horzLine: { color: theme.borderStrong, labelBackgroundColor: theme.raised },
      },
      rightPriceScale: { borderColor: theme.border, scaleMargins: { top: 0.08, bottom: 0.24 } },
      timeScale: { borderColor: theme.border, timeVisible: true, secondsVisible: false, rightOffset: 3, minBarSpacing: 1 },
      localization: {
        locale: "en-US",
        // Times are UTC epoch seconds; the crosshair label says so like every other time on the page.
        timeFormatter: (time: Time) => (typeof time === "number" ? formatUtcTime(time * 1000) : String(time)),
      },
    });
    const series = createMainSeries(chart, theme);

    const onCrosshairMove = (param: MouseEventParams<Time>) => {
      const bar = param.time !== undefined && param.point ? param.seriesData.get(series.candles) : undefined;
      if (!bar || !("open" in bar) || typeof param.time !== "number") {
        setHovered(null);
        return;
      }
      const volume = param.seriesData.get(series.volume) as HistogramData<Time> | undefined;
      const candle = bar as CandlestickData<Time>;
      setHovered({
        open_time: param.time * 1000,
        open: candle.open,
        high: candle.high,
        low: candle.low,
        close: candle.close,
        volume: volume?.value ?? Number.NaN,
      });
    };
    chart.subscribeCrosshairMove(onCrosshairMove);

    const observer = new ResizeObserver((entries) => {
      const box = entries[0]?.contentRect;
      if (box && box.width > 0 && box.height > 0) chart.resize(Math.floor(box.width), Math.floor(box.height));
    });
    observer.observe(container);

    handleRef.current = { chart, series, theme };
    return () => {
      observer.disconnect();
      chart.unsubscribeCrosshairMove(onCrosshairMove);
      handleRef.current = null;
      appliedViewKey.current = null;
      chart.remove();
    };
  }, []);

  useEffect(() => {
    const handle = handleRef.current;
    if (!handle) return;
    const { chart, series, theme } = handle;
    series.candles.setData(
      candles.map((c) => ({ time: toTime(c.open_time), open: c.open, high: c.high, low: c.low, close: c.close })),
    );
    series.volume.setData(
      candles.map((c) => ({ time: toTime(c.open_time), value: c.volume, color: c.close >= c.open ? theme.upVolume : theme.downVolume })),
    );
    series.ema20.setData(toLine(indicators.ema20));
    series.ema50.setData(toLine(indicators.ema50));
    series.bbUpper.setData(toLine(indicators.bollinger.upper));
    series.bbMiddle.setData(toLine(indicators.bollinger.middle));
    series.bbLower.setData(toLine(indicators.bollinger.lower));

    if (candles.length > 0 && appliedViewKey.current !== viewKey) {
      appliedViewKey.current = viewKey;
      const n = candles.length;
      if (n > VISIBLE_BARS) chart.timeScale().setVisibleLogicalRange({ from: n - VISIBLE_BARS, to: n + 2 });
      else chart.timeScale().fitContent();
    }
  }, [candles, indicators, viewKey]);

  const lastClose = candles.at(-1)?.close;
  useEffect(() => {
    const handle = handleRef.current;
    if (!handle || lastClose === undefined) return;
    const precision = priceDecimals(lastClose, priceTick);
    const priceFormat = { type: "price" as const, precision, minMove: priceTick ?? 10 ** -precision };
    for (const s of [handle.series.candles, handle.series.ema20, handle.series.ema50, handle.series.bbUpper, handle.series.bbMiddle, handle.series.bbLower]) {
      s.applyOptions({ priceFormat });
    }
  }, [priceTick, lastClose]);

  useEffect(() => {
    const handle = handleRef.current;
    if (!handle) return;
    handle.series.ema20.applyOptions({ visible: showEma });
    handle.series.ema50.applyOptions({ visible: showEma });
    handle.series.bbUpper.applyOptions({ visible: showBollinger });
    handle.series.bbMiddle.applyOptions({ visible: showBollinger });
    handle.series.bbLower.applyOptions({ visible: showBollinger });
  }, [showEma, showBollinger]);

  useEffect(() => {
    const handle = handleRef.current;
    if (!handle || !priceLines || priceLines.length === 0) return;
    const { series, theme } = handle;
    const color = { up: theme.up, down: theme.down, neutral: theme.primary };
    const lines = priceLines.map((l) =>
      series.candles.createPriceLine({ price: l.price, title: l.title, color: color[l.tone], lineWidth: 1, lineStyle: LineStyle.Dashed, axisLabelVisible: true }),
    );
    return () => {
      if (handleRef.current?.series.candles !== series.candles) return;
      for (const line of lines) series.candles.removePriceLine(line);
    };
  }, [priceLines]);

  useEffect(() => {
    const handle = handleRef.current;
    if (!handle || !lowerPane) return;
    const { chart, theme } = handle;
    const added: ISeriesApi<SeriesType>[] = [];
    if (lowerPane === "rsi") {
      const line = chart.addSeries(
        LineSeries,
        {
          color: theme.primary,
          lineWidth: 1,
          priceLineVisible: false,
          title: "RSI 14",
          priceFormat: { type: "price", precision: 2, minMove: 0.01 },
          autoscaleInfoProvider: () => ({ priceRange: { minValue: 0, maxValue: 100 } }),
        },
        LOWER_PANE,
      );
      line.setData(toLine(indicators.rsi));
      line.priceScale().applyOptions({ scaleMargins: { top: 0.08, bottom: 0.08 } });
      for (const level of [70, 30]) {
        line.createPriceLine({ price: level, color: theme.borderStrong, lineWidth: 1, lineStyle: LineStyle.Dashed, axisLabelVisible: false, title: "" });
      }
      added.push(line);
    } else {
      const hist = chart.addSeries(HistogramSeries, { priceLineVisible: false, lastValueVisible: false }, LOWER_PANE);
      hist.setData(
        indicators.macd.hist.map((p) => ({ time: p.time as UTCTimestamp, value: p.value, color: p.value >= 0 ? theme.upVolume : theme.downVolume })),
      );
      const line = chart.addSeries(LineSeries, { color: theme.primary, lineWidth: 1, priceLineVisible: false, title: "MACD" }, LOWER_PANE);
      line.setData(toLine(indicators.macd.line));
      const signal = chart.addSeries(LineSeries, { color: theme.warning, lineWidth: 1, priceLineVisible: false, title: "Signal" }, LOWER_PANE);
      signal.setData(toLine(indicators.macd.signal));
      added.push(hist, line, signal);
    }
    const panes = chart.panes();
    panes[0]?.setStretchFactor(3);
    panes[LOWER_PANE]?.setStretchFactor(1);
    return () => {
      // The chart may already be gone when the whole component unmounts.
      if (handleRef.current?.chart !== chart) return;
      for (const s of added) chart.removeSeries(s);
    };
  }, [lowerPane, indicators]);

  const shown = hovered ?? candles.at(-1) ?? null;
  return (
    <div className={cn("relative", className)}>
      <div ref={containerRef} className="absolute inset-0" data-testid="price-chart-canvas" />
      {shown ? <CandleLegend candle={shown} priceTick={priceTick} showEma={showEma} showBollinger={showBollinger} /> : null}
    </div>
  );
}

function CandleLegend({ candle, priceTick, showEma, showBollinger }: { candle: Candle; priceTick: number | undefined; showEma: boolean; showBollinger: boolean }) {
  const change = candle.open === 0 ? null : ((candle.close - candle.open) / candle.open) * 100;
  const tone = TONE_TEXT[changeTone(change)];
  const field = (label: string, value: string, className?: string) => (
    <span>
      <span className="text-muted-foreground">{label}</span> <span className={cn("text-foreground", className)}>{value}</span>
    </span>
  );
  return (
    <div
      aria-hidden="true"
      className="pointer-events-none absolute left-1.5 top-1 z-10 flex max-w-[calc(100%-5.5rem)] flex-wrap gap-x-2.5 gap-y-0.5 rounded bg-card/80 px-1 text-[11px] leading-4 tabular-nums"
    >
      <span className="hidden text-muted-foreground sm:inline">{formatUtcTime(candle.open_time)}</span>
      {field("O", formatPrice(candle.open, priceTick), tone)}
      {field("H", formatPrice(candle.high, priceTick), tone)}
      {field("L", formatPrice(candle.low, priceTick), tone)}
      {field("C", formatPrice(candle.close, priceTick), tone)}
      <span className={tone}>{formatPercent(change)}</span>
      <span className="hidden sm:inline">{field("V", formatCompact(candle.volume))}</span>
      {showEma ? (
        <span className="hidden sm:inline">
          <span className="text-primary">EMA {EMA_FAST}</span> <span className="text-warning">EMA {EMA_SLOW}</span>
        </span>
      ) : null}
      {showBollinger ? <span className="hidden text-muted-foreground sm:inline">BB 20, 2</span> : null}
    </div>
  );
}
