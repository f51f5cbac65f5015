"use client";

import dynamic from "next/dynamic";
import { useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { useApiResource } from "@/components/api/use-api-resource";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/class-names";
import { RetryError } from "@/components/ui/retry-error";
import { Skeleton } from "@/components/ui/skeleton";
import { tradesToMarkers } from "./chart-data";
import { describeBacktestSource, formatDuration } from "./format";
import type { BacktestCandles } from "./types";
import { useSymbolTrades } from "./use-trades";

const TradeChartCanvas = dynamic(() => import("./trade-chart-canvas").then((m) => m.TradeChartCanvas), {
  ssr: false,
  loading: () => <Skeleton className="absolute inset-0 rounded-none" />,
});

/** Candles of each symbol of a run, one tab per symbol, with every entry and exit marked. */
export function TradeChart({ backtestId, symbols }: { backtestId: string; symbols: readonly string[] }) {
  const [symbol, setSymbol] = useState(symbols[0] ?? null);
  const tabsId = useId();
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);

  const candles = useApiResource<BacktestCandles>(
    symbol ? `/backtests/${encodeURIComponent(backtestId)}/candles?symbol=${encodeURIComponent(symbol)}` : null,
  );
  const trades = useSymbolTrades(backtestId, symbol);
  const candleData = candles.data;
  const markers = useMemo(
    () => (candleData && trades.data ? tradesToMarkers(trades.data.items, candleData.items, candleData.bucket_ms) : []),
    [candleData, trades.data],
  );

  function onTabKey(event: KeyboardEvent<HTMLDivElement>) {
    const index = symbols.indexOf(symbol ?? "");
    const next = event.key === "ArrowRight" ? index + 1 : event.key === "ArrowLeft" ? index - 1 : event.key === "Home" ? 0 : event.key === "End" ? symbols.length - 1 : null;
    if (next === null) return;
    event.preventDefault();
    const wrapped = (next + symbols.length) % symbols.length;
    setSymbol(symbols[wrapped]);
    tabRefs.current[wrapped]?.focus();
  }

  const error = candles.error ?? trades.error;
  const ready = Boolean(candleData && trades.data);
  const tradeCount = trades.data?.items.length ?? 0;
  const entries = markers.filter((m) => m.id.startsWith("entry-")).length;
  const exits = markers.length - entries;

  return (
    <Card className="min-w-0" data-testid="trade-chart">
      <CardHeader className="flex-wrap gap-y-1.5 px-3 py-1.5">
        <CardTitle>Trades on the chart</CardTitle>
        {symbols.length > 1 ? (
          <div role="tablist" aria-label="Symbol" className="flex max-w-full gap-0.5 overflow-x-auto" onKeyDown={onTabKey}>
            {symbols.map((s, i) => (
              <button
                key={s}
                ref={(node) => {
                  tabRefs.current[i] = node;
                }}
                type="button"
                role="tab"
                id={`${tabsId}-tab-${i}`}
                aria-selected={s === symbol}
                aria-controls={`${tabsId}-panel`}
                tabIndex={s === symbol ? 0 : -1}
                onClick={() => setSymbol(s)}
                className={cn(
                  "h-6 shrink-0 rounded px-2 text-[11px] font-medium transition-colors",
                  s === symbol ? "bg-primary/15 text-primary" : "text-muted-foreground hover:bg-muted hover:text-foreground",
                )}
              >
                {s}
              </button>
            ))}
          </div>
        ) : (
          <span className="text-xs font-medium text-foreground">{symbol}</span>
        )}
      </CardHeader>
      <div
        id={`${tabsId}-panel`}
        role={symbols.length > 1 ? "tabpanel" : undefined}
        aria-labelledby={symbols.length > 1 ? `${tabsId}-tab-${symbols.indexOf(symbol ?? "")}` : undefined}
      >
        <div className="relative h-72 sm:h-96" aria-hidden="true">
          {candleData ? <TradeChartCanvas candles={candleData.items} markers={markers} /> : null}
          {!ready && !error ? <Skeleton className="absolute inset-0 rounded-none" /> : null}
          {candleData && candleData.items.length === 0 ? (
            <p className="absolute inset-0 flex items-center justify-center bg-card text-xs text-muted-foreground">No candles stored for this range.</p>
          ) : null}
        </div>
        {error ? (
          <RetryError
            compact
            className="px-3 py-2"
            title={`${symbol ?? "Chart"} could not be drawn`}
            description={error.message}
            onRetry={() => {
              candles.retry();
              trades.retry();
            }}
          />
        ) : null}
        <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1 border-t border-border px-3 py-1.5 text-[11px] text-muted-foreground">
          {ready ? (
            <p data-testid="trade-markers" data-count={tradeCount} data-markers={markers.length} aria-live="polite">
              {tradeCount} {tradeCount === 1 ? "trade" : "trades"} marked on {symbol}: {entries} {entries === 1 ? "entry" : "entries"}, {exits}{" "}
              {exits === 1 ? "exit" : "exits"}
              {trades.data?.truncated ? " (the first 5,000 trades only)" : ""}.
            </p>
          ) : (
            <p role="status">Loading {symbol} candles and trades…</p>
          )}
          {candleData ? (
            <span>
              {describeBacktestSource(candleData.source)} · {candleData.timeframe}
              {candleData.bucket_ms > 0 && candleData.items.length > 1 ? ` · candles of ${formatDuration(candleData.bucket_ms)}` : ""}
            </span>
          ) : null}
        </div>
        <p className="sr-only">Arrows up below a candle mark long entries and short exits; arrows down above a candle mark long exits and short entries.</p>
      </div>
    </Card>
  );
}
