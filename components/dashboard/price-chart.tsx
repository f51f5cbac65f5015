"use client";

import { ChartCandlestick, LoaderCircle, RotateCw } from "lucide-react";
import dynamic from "next/dynamic";
import { useId, useState } from "react";
import type { ApiRequestError } from "@/components/api/api-request";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/class-names";
import { EmptyState } from "@/components/ui/empty-state";
import { RetryError } from "@/components/ui/retry-error";
import { SegmentedControl, type SegmentedOption } from "@/components/ui/segmented-control";
import { Skeleton } from "@/components/ui/skeleton";
import { ToggleButton } from "@/components/ui/toggle-button";
import type { LowerPane } from "./chart-canvas";
import { describeSource } from "./format-market";
import { LastCandleSummary } from "./last-candle-summary";
import { TIMEFRAMES, type Timeframe } from "./market-types";
import { StaleMarker } from "./stale-marker";
import { useCandles } from "./use-candles";

// The chart library touches the DOM as soon as it runs, and it is the heaviest part of the page:
// load it in the browser only, after the rest of the dashboard.
const ChartCanvas = dynamic(() => import("./chart-canvas").then((m) => m.ChartCanvas), {
  ssr: false,
  loading: () => <Skeleton className="absolute inset-0 rounded-none" />,
});

const TIMEFRAME_NAMES: Record<Timeframe, string> = {
  "1m": "1 minute",
  "3m": "3 minutes",
  "5m": "5 minutes",
  "15m": "15 minutes",
  "30m": "30 minutes",
  "1h": "1 hour",
  "2h": "2 hours",
  "4h": "4 hours",
  "6h": "6 hours",
  "8h": "8 hours",
  "12h": "12 hours",
  "1d": "1 day",
};

const TIMEFRAME_OPTIONS: SegmentedOption<Timeframe>[] = TIMEFRAMES.map((tf) => ({ value: tf, label: tf, title: TIMEFRAME_NAMES[tf] }));

type PriceChartProps = {
  symbol: string | null;
  /** The pairs the select offers; the current symbol is always among them. */
  symbolOptions: readonly string[];
  symbolsError: ApiRequestError | undefined;
  onRetrySymbols: () => void;
  onSymbolChange: (symbol: string) => void;
  priceTick: number | undefined;
  className?: string;
};

export function PriceChart({ symbol, symbolOptions, symbolsError, onRetrySymbols, onSymbolChange, priceTick, className }: PriceChartProps) {
  const [timeframe, setTimeframe] = useState<Timeframe>("1h");
  const [showEma, setShowEma] = useState(true);
  const [showBollinger, setShowBollinger] = useState(false);
  const [lowerPane, setLowerPane] = useState<LowerPane | null>("rsi");
  const { data, dataKey, loading, error, retry } = useCandles(symbol, timeframe);
  const selectId = useId();
  const titleId = useId();

  const selection = symbol ? `${symbol} ${timeframe}` : timeframe;
  const hasCandles = Boolean(data && data.items.length > 0);
  const showsSelection = dataKey === (symbol ? `${symbol}|${timeframe}` : null);

  return (
    <Card aria-labelledby={titleId} data-testid="price-chart" aria-busy={loading || undefined} className={cn("min-w-0", className)}>
      <CardHeader className="flex-wrap gap-y-1.5 px-3 py-1.5">
        <div className="flex min-w-0 items-center gap-2">
          <CardTitle id={titleId} className="whitespace-nowrap">
            Chart
          </CardTitle>
          <label htmlFor={selectId} className="sr-only">
            Symbol
          </label>
          <select
            id={selectId}
            value={symbol ?? ""}
            onChange={(event) => onSymbolChange(event.target.value)}
            disabled={!symbol}
            data-testid="chart-symbol"
            className={cn(
              "h-7 rounded-md border border-border-strong bg-background px-2 text-body font-medium text-foreground transition-colors",
              "hover:border-muted-foreground/40 focus-visible:border-primary focus-visible:outline-primary/60 focus-visible:outline-offset-0 disabled:opacity-50",
            )}
          >
            {symbol ? null : <option value="">Loading pairs…</option>}
            {symbolOptions.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          {symbolsError ? (
            <button
              type="button"
              onClick={onRetrySymbols}
              title={symbolsError.message}
              className="inline-flex items-center gap-1 rounded text-[11px] text-warning hover:underline"
            >
              <RotateCw className="size-3" aria-hidden="true" />
              Pairs list unavailable
            </button>
          ) : null}
          {loading && hasCandles ? (
            <LoaderCircle className="size-3.5 animate-spin text-muted-foreground" aria-label={`Loading ${selection}`} />
          ) : null}
        </div>
        <div className="flex items-center gap-2">{data && showsSelection ? <StaleMarker stale={data.stale} asOf={data.as_of} /> : null}</div>
      </CardHeader>

      <div className="flex flex-wrap items-center gap-x-3 gap-y-1.5 border-b border-border px-3 py-1.5">
        <SegmentedControl label="Timeframe" options={TIMEFRAME_OPTIONS} value={timeframe} onChange={setTimeframe} className="max-w-full overflow-x-auto" />
        <div role="group" aria-label="Overlays" className="flex items-center gap-0.5">
          <ToggleButton pressed={showEma} onClick={() => setShowEma((on) => !on)} title="Exponential moving averages, 20 and 50 periods">
            <span className="size-1.5 rounded-full bg-primary" aria-hidden="true" />
            EMA
          </ToggleButton>
          <ToggleButton pressed={showBollinger} onClick={() => setShowBollinger((on) => !on)} title="Bollinger bands, 20 periods, 2 standard deviations">
            <span className="size-1.5 rounded-full bg-muted-foreground" aria-hidden="true" />
            Bollinger
          </ToggleButton>
        </div>
        <div role="group" aria-label="Lower pane" className="flex items-center gap-0.5">
          <ToggleButton pressed={lowerPane === "rsi"} onClick={() => setLowerPane((pane) => (pane === "rsi" ? null : "rsi"))} title="Relative strength index, 14 periods">
            RSI
          </ToggleButton>
          <ToggleButton pressed={lowerPane === "macd"} onClick={() => setLowerPane((pane) => (pane === "macd" ? null : "macd"))} title="MACD 12, 26, 9">
            MACD
          </ToggleButton>
        </div>
      </div>

      <div className="relative min-h-[22rem] flex-1 sm:min-h-[26rem]">
        {symbol ? (
          <div className="absolute inset-0">
            <ChartCanvas
              candles={data?.items ?? []}
              viewKey={dataKey ?? ""}
              priceTick={priceTick}
              showEma={showEma}
              showBollinger={showBollinger}
              lowerPane={lowerPane}
              className="size-full"
            />
          </div>
        ) : null}
        {loading ? (
          hasCandles ? (
            <div className="absolute inset-x-0 top-0 z-20 h-0.5 animate-pulse bg-primary/70" aria-hidden="true" />
          ) : (
            <div role="status" className="absolute inset-0 z-20 flex flex-col gap-2 bg-card p-3" data-testid="chart-loading">
              <span className="sr-only">Loading {selection} candles…</span>
              <div className="h-0.5 w-full animate-pulse bg-primary/70" aria-hidden="true" />
              <Skeleton className="h-full w-full" />
            </div>
          )
        ) : null}
        {!symbol && !symbolsError ? (
          <div role="status" className="absolute inset-0 z-20 bg-card p-3">
            <span className="sr-only">Loading pairs…</span>
            <Skeleton className="h-full w-full" />
          </div>
        ) : null}
        {error ? (
          <div className="absolute inset-0 z-20 flex items-center justify-center bg-card">
            <RetryError data-testid="widget-error" title={`${selection} candles unavailable`} description={error.message} onRetry={retry} />
          </div>
        ) : null}
        {data && showsSelection && data.items.length === 0 ? (
          <div className="absolute inset-0 z-20 flex items-center justify-center bg-card">
            <EmptyState icon={ChartCandlestick} title="No candles yet" description={`The data source has no closed ${selection} candles.`} />
          </div>
        ) : null}
      </div>

      <div className="flex items-center gap-3 border-t border-border px-3 py-1.5">
        <div className="min-w-0 flex-1">
          <LastCandleSummary data={error ? null : data} failedFor={error ? selection : undefined} />
        </div>
        {data ? <span className="hidden shrink-0 text-[11px] text-muted-foreground sm:inline">{describeSource(data.source)}</span> : null}
      </div>
    </Card>
  );
}
