"use client";

import { useCallback, useId, useMemo, useState } from "react";
import { useApiResource } from "@/components/api/use-api-resource";
import type { StreamStatus } from "@/components/api/use-event-stream";
import { describeSource } from "@/components/dashboard/format-market";
import { MARKET_MESSAGES } from "@/components/dashboard/market-messages";
import type { SymbolsResponse } from "@/components/dashboard/market-types";
import { StaleMarker } from "@/components/dashboard/stale-marker";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/class-names";
import { SegmentedControl, type SegmentedOption } from "@/components/ui/segmented-control";
import { TIMEFRAMES, type Timeframe } from "@/lib/market/timeframes";
import { confidenceBand } from "@/lib/signals/stats";
import { SignalCaveats } from "./signal-caveats";
import { SignalChart } from "./signal-chart";
import { SignalList, type BandLookup } from "./signal-list";
import { SignalStatsTable } from "./signal-stats-table";
import { useSignals } from "./use-signals";

const TIMEFRAME_OPTIONS: SegmentedOption<Timeframe>[] = TIMEFRAMES.map((tf) => ({ value: tf, label: tf }));

const STREAM_TEXT: Record<StreamStatus, { text: string; dot: string }> = {
  connecting: { text: "Connecting", dot: "bg-muted-foreground" },
  live: { text: "Live", dot: "bg-success" },
  reconnecting: { text: "Reconnecting", dot: "bg-warning" },
  offline: { text: "Offline", dot: "bg-danger" },
};

/** Whether direction changes arrive by themselves right now. */
export function SignalStreamStatus({ status, onReconnect }: { status: StreamStatus; onReconnect: () => void }) {
  const s = STREAM_TEXT[status];
  const body = (
    <>
      <span className={cn("inline-flex size-2 rounded-full", s.dot)} aria-hidden="true" />
      {s.text}
    </>
  );
  const className = "inline-flex items-center gap-1.5 text-[11px] text-muted-foreground";
  if (status === "offline") {
    return (
      <button type="button" onClick={onReconnect} className={cn(className, "hover:text-foreground")} title="Live updates stopped; reconnect">
        {body}
      </button>
    );
  }
  return (
    <span className={className} role="status" title="Signals update when the server records a change of direction">
      {body}
    </span>
  );
}

/** The signals page: the caller's pairs with their levels and reasons, a chart, and the measured hit rates. */
export function SignalsView({ initialSymbol }: { initialSymbol: string | null }) {
  const [timeframe, setTimeframe] = useState<Timeframe>("1h");
  const [chosen, setChosen] = useState<string | null>(initialSymbol);
  const { signals, stats, stream } = useSignals(timeframe, { withStats: true });
  const symbols = useApiResource<SymbolsResponse>("/market/symbols", { messages: MARKET_MESSAGES });
  const priceTicks = useMemo(() => new Map(symbols.data?.items.map((m) => [m.symbol, m.price_tick])), [symbols.data]);

  const groups = stats.data?.items;
  const bandOf = useMemo<BandLookup>(
    () => (s) =>
      groups?.find((g) => g.symbol === s.symbol && g.source === s.source && g.algorithm === s.algorithm)?.bands.find((b) => b.band === confidenceBand(s.confidence)) ?? null,
    [groups],
  );

  // On a narrow screen the chart sits below the list: bring it into view when a pair is chosen.
  const chartId = useId();
  const choose = useCallback(
    (next: string) => {
      setChosen(next);
      document.getElementById(chartId)?.scrollIntoView({ behavior: "smooth", block: "nearest" });
    },
    [chartId],
  );

  const items = signals.data?.items;
  const symbol = chosen ?? items?.[0]?.symbol ?? null;
  const selected = items?.find((s) => s.symbol === symbol) ?? null;

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <SegmentedControl label="Timeframe" options={TIMEFRAME_OPTIONS} value={timeframe} onChange={setTimeframe} className="max-w-full overflow-x-auto" />
        <SignalStreamStatus status={stream.status} onReconnect={stream.reconnect} />
        {signals.data ? (
          <span className="text-[11px] text-muted-foreground">
            {describeSource(signals.data.source)} · closed candles only
          </span>
        ) : null}
      </div>
      <div className="grid gap-3 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <Card data-testid="signals-card" aria-busy={signals.loading || undefined} className="min-w-0">
          <CardHeader className="px-3">
            <CardTitle>Signals</CardTitle>
            {signals.data ? <StaleMarker stale={signals.data.stale} asOf={signals.data.as_of} /> : null}
          </CardHeader>
          <CardContent className="p-0">
            <SignalList resource={signals} selectedSymbol={symbol} onSelectSymbol={choose} priceTicks={priceTicks} bandOf={bandOf} />
          </CardContent>
        </Card>
        <SignalChart id={chartId} symbol={symbol} timeframe={timeframe} signal={selected} priceTick={symbol ? priceTicks.get(symbol) : undefined} />
      </div>
      <Card aria-busy={stats.loading || undefined} className="min-w-0">
        <CardHeader className="px-3">
          <CardTitle>Measured hit rate by strength</CardTitle>
          {stats.data ? <span className="text-[11px] text-muted-foreground">judged on the next {stats.data.score_candles} candles · at least 30 signals per band</span> : null}
        </CardHeader>
        <CardContent className="p-0">
          <SignalStatsTable resource={stats} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader className="px-3">
          <CardTitle>Read these numbers with care</CardTitle>
        </CardHeader>
        <CardContent className="px-3 py-2">
          <SignalCaveats scoreCandles={stats.data?.score_candles} />
        </CardContent>
      </Card>
    </div>
  );
}
