"use client";

import { ChartCandlestick } from "lucide-react";
import dynamic from "next/dynamic";
import { useId, useMemo } from "react";
import type { ChartPriceLine } from "@/components/dashboard/chart-canvas";
import { formatPrice } from "@/components/dashboard/format-market";
import { useCandles } from "@/components/dashboard/use-candles";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { RetryError } from "@/components/ui/retry-error";
import { Skeleton } from "@/components/ui/skeleton";
import type { Timeframe } from "@/lib/market/timeframes";
import { DirectionBadge } from "./signal-badges";
import type { Signal } from "./signal-types";

// The dashboard's chart, loaded in the browser only (it touches the DOM at once and is heavy).
const ChartCanvas = dynamic(() => import("@/components/dashboard/chart-canvas").then((m) => m.ChartCanvas), {
  ssr: false,
  loading: () => <Skeleton className="absolute inset-0 rounded-none" />,
});

/** The levels of a signal as price lines: entry, and the stop and target when it has them. */
export function signalPriceLines(signal: Signal | null): ChartPriceLine[] {
  if (!signal) return [];
  const lines: ChartPriceLine[] = [{ price: signal.entry_price, title: "Entry", tone: "neutral" }];
  if (signal.stop_loss !== null) lines.push({ price: signal.stop_loss, title: "Stop", tone: "down" });
  if (signal.take_profit !== null) lines.push({ price: signal.take_profit, title: "Target", tone: "up" });
  return lines;
}

type SignalChartProps = {
  symbol: string | null;
  timeframe: Timeframe;
  signal: Signal | null;
  priceTick: number | undefined;
  id?: string;
};

/** The chosen pair's candles with its signal's entry, stop and target drawn across them. */
export function SignalChart({ symbol, timeframe, signal, priceTick, id }: SignalChartProps) {
  const { data, dataKey, loading, error, retry } = useCandles(symbol, timeframe);
  const titleId = useId();
  const priceLines = useMemo(() => signalPriceLines(signal), [signal]);
  const selection = symbol ? `${symbol} ${timeframe}` : timeframe;

  return (
    <Card id={id} aria-labelledby={titleId} data-testid="signal-chart" aria-busy={loading || undefined} className="min-w-0">
      <CardHeader className="px-3 py-1.5">
        <div className="flex min-w-0 items-center gap-2">
          <CardTitle id={titleId} className="whitespace-nowrap">
            Chart {symbol ? `· ${selection}` : ""}
          </CardTitle>
          {signal ? <DirectionBadge side={signal.signal} /> : null}
        </div>
        {signal ? (
          <p className="truncate text-[11px] tabular-nums text-muted-foreground" data-testid="signal-chart-levels">
            Entry {formatPrice(signal.entry_price, priceTick)} · Stop {formatPrice(signal.stop_loss, priceTick)} · Target {formatPrice(signal.take_profit, priceTick)}
          </p>
        ) : null}
      </CardHeader>
      <div className="relative min-h-[20rem] flex-1 sm:min-h-[24rem]">
        {symbol ? (
          <div className="absolute inset-0">
            <ChartCanvas
              candles={data?.items ?? []}
              viewKey={dataKey ?? ""}
              priceTick={priceTick}
              showEma
              showBollinger={false}
              lowerPane={null}
              priceLines={priceLines}
              className="size-full"
            />
          </div>
        ) : (
          <EmptyState icon={ChartCandlestick} title="Choose a pair" description="Choose a pair in the list to see its chart with the signal's levels." />
        )}
        {symbol && loading && !data ? (
          <div role="status" className="absolute inset-0 z-20 bg-card p-3">
            <span className="sr-only">Loading {selection} candles…</span>
            <Skeleton className="h-full w-full" />
          </div>
        ) : null}
        {error ? (
          <div className="absolute inset-0 z-20 flex items-center justify-center bg-card">
            <RetryError data-testid="widget-error" title={`${selection} candles unavailable`} description={error.message} onRetry={retry} />
          </div>
        ) : null}
      </div>
    </Card>
  );
}
