"use client";

import { ChevronDown, LineChart, Radio } from "lucide-react";
import { useId, useState } from "react";
import type { ApiResource } from "@/components/api/use-api-resource";
import { formatUtcTime } from "@/components/format/format-time";
import { formatPrice } from "@/components/dashboard/format-market";
import { cn } from "@/components/ui/class-names";
import { EmptyState } from "@/components/ui/empty-state";
import { RetryError } from "@/components/ui/retry-error";
import { Skeleton } from "@/components/ui/skeleton";
import { DirectionBadge, StrengthBar } from "./signal-badges";
import { SignalReasons } from "./signal-reasons";
import type { Signal, SignalBandStats, SignalsResponse } from "./signal-types";

/** The measured stats of the band a signal falls in (same symbol, source and algorithm), if any. */
export type BandLookup = (signal: Signal) => SignalBandStats | null;

type SignalListProps = {
  resource: ApiResource<SignalsResponse>;
  selectedSymbol: string | null;
  onSelectSymbol: (symbol: string) => void;
  priceTicks: ReadonlyMap<string, number>;
  bandOf?: BandLookup;
};

/** One row per pair: direction, strength, levels, and the reasons behind it on demand. */
export function SignalList({ resource, selectedSymbol, onSelectSymbol, priceTicks, bandOf }: SignalListProps) {
  const { data, loading, error, retry } = resource;
  if (data) {
    if (data.items.length === 0) {
      return (
        <EmptyState
          icon={Radio}
          title="No active signals"
          description={
            data.unavailable.length > 0
              ? `Not enough closed candles yet for ${data.unavailable.map((u) => u.symbol).join(", ")}.`
              : "Add default pairs in Settings or enable a strategy to track signals."
          }
        />
      );
    }
    return (
      <ul className="divide-y divide-border" data-testid="signal-list">
        {data.items.map((s) => (
          <SignalRow
            key={s.symbol}
            signal={s}
            tick={priceTicks.get(s.symbol)}
            selected={s.symbol === selectedSymbol}
            onSelect={onSelectSymbol}
            band={s.signal === "hold" ? null : (bandOf?.(s) ?? null)}
          />
        ))}
      </ul>
    );
  }
  if (loading) {
    return (
      <div role="status" className="divide-y divide-border">
        <span className="sr-only">Loading signals…</span>
        {Array.from({ length: 4 }, (_, i) => (
          <div key={i} className="flex h-14 items-center gap-3 px-3">
            <Skeleton className="h-4 w-20" />
            <Skeleton className="h-4 w-12" />
            <Skeleton className="h-2 w-16" />
            <Skeleton className="ml-auto h-4 w-40" />
          </div>
        ))}
      </div>
    );
  }
  return error ? <RetryError data-testid="widget-error" title="Signals unavailable" description={error.message} onRetry={retry} /> : null;
}

function Level({ label, value, tick, className }: { label: string; value: number | null; tick: number | undefined; className?: string }) {
  return (
    <div className="flex flex-col items-end">
      <span className="text-[10px] uppercase tracking-wide text-muted-foreground">{label}</span>
      <span className={cn("tabular-nums", className)}>{formatPrice(value, tick)}</span>
    </div>
  );
}

/** The empirical hit rate beside the strength, once the band has enough scored signals (§5.1). */
function BandRate({ band }: { band: SignalBandStats }) {
  if (band.insufficient_data || band.hit_rate === null) {
    return (
      <span className="text-[11px] text-muted-foreground" title="Fewer than 30 scored signals in this strength band: no hit rate yet">
        n={band.count}, too few to rate
      </span>
    );
  }
  return (
    <span className="text-[11px] tabular-nums text-muted-foreground" title={`Measured on ${band.count} recorded signals of this pair and strength band; break-even ${Math.round((band.break_even_hit_rate ?? 0) * 100)}%`}>
      hit {Math.round(band.hit_rate * 100)}% (n={band.count})
    </span>
  );
}

function SignalRow({
  signal: s,
  tick,
  selected,
  onSelect,
  band,
}: {
  signal: Signal;
  tick: number | undefined;
  selected: boolean;
  onSelect: (symbol: string) => void;
  band: SignalBandStats | null;
}) {
  const [open, setOpen] = useState(false);
  const reasonsId = useId();
  return (
    <li data-testid="signal-row" data-symbol={s.symbol} className={cn("border-l-2", selected ? "border-l-primary bg-primary/5" : "border-l-transparent")}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1.5 px-3 py-2 text-body">
        <button
          type="button"
          onClick={() => onSelect(s.symbol)}
          aria-current={selected || undefined}
          aria-label={`Show ${s.symbol} on the chart with its levels`}
          className="inline-flex w-24 items-center gap-1 rounded-sm font-medium text-foreground hover:text-primary"
        >
          <LineChart className="size-3 text-muted-foreground" aria-hidden="true" />
          {s.symbol}
        </button>
        <DirectionBadge side={s.signal} />
        <StrengthBar confidence={s.confidence} side={s.signal} />
        {band ? <BandRate band={band} /> : null}
        {s.degraded ? (
          <span className="text-[11px] text-warning" title="An input fell back; left out of the statistics">
            degraded
          </span>
        ) : null}
        <div className="ml-auto flex items-center gap-3 text-body">
          <Level label="Entry" value={s.entry_price} tick={tick} className="text-foreground" />
          <Level label="Stop" value={s.stop_loss} tick={tick} className="text-danger" />
          <Level label="Target" value={s.take_profit} tick={tick} className="text-success" />
          <div className="hidden flex-col items-end sm:flex">
            <span className="text-[10px] uppercase tracking-wide text-muted-foreground">R:R</span>
            <span className="tabular-nums text-foreground">{s.reward_risk_ratio === null ? "—" : s.reward_risk_ratio.toFixed(2)}</span>
          </div>
        </div>
        <div className="flex w-full items-center justify-between gap-2 text-[11px] text-muted-foreground">
          <span title="Open time of the closed candle the signal is computed from">
            {s.timeframe} candle {formatUtcTime(s.candle_time)}
            {s.recorded ? "" : " · computed, not recorded"}
          </span>
          <button
            type="button"
            aria-expanded={open}
            aria-controls={reasonsId}
            onClick={() => setOpen((v) => !v)}
            className="inline-flex items-center gap-0.5 rounded-sm hover:text-foreground"
          >
            Reasons
            <ChevronDown className={cn("size-3 transition-transform", open && "rotate-180")} aria-hidden="true" />
          </button>
        </div>
      </div>
      {open ? <SignalReasons signal={s} id={reasonsId} /> : null}
    </li>
  );
}
