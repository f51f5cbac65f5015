"use client";

import { ArrowDownRight, ArrowUpRight, LineChart } from "lucide-react";
import { useCallback, useMemo, useRef, useState } from "react";
import { useApiResource } from "@/components/api/use-api-resource";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/class-names";
import { EmptyState } from "@/components/ui/empty-state";
import { RetryError } from "@/components/ui/retry-error";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useFlashOnChange } from "./flash-on-change";
import { changeTone, formatCompact, formatPercent, formatPrice, formatUtcClock, TONE_TEXT } from "./format-market";
import { MARKET_MESSAGES } from "./market-messages";
import type { PriceItem, PricesResponse, PriceTick } from "./market-types";
import { StaleMarker } from "./stale-marker";
import { StreamStatusDot } from "./stream-status";
import { usePriceStream } from "./use-price-stream";

type Direction = "up" | "down" | "flat";
type LiveRow = PriceItem & { direction: Direction };

const FLASH = {
  up: "color-mix(in srgb, var(--color-success) 20%, transparent)",
  down: "color-mix(in srgb, var(--color-danger) 20%, transparent)",
};

type LivePricesProps = {
  selectedSymbol: string | null;
  onSelectSymbol: (symbol: string) => void;
  /** Tick size per symbol, so each price shows the decimals its market quotes in. */
  priceTicks: ReadonlyMap<string, number>;
  className?: string;
};

/** Tracked pairs, seeded once from /market/prices and then kept current by `price.tick` events. */
export function LivePrices({ selectedSymbol, onSelectSymbol, priceTicks, className }: LivePricesProps) {
  const { data, error, loading, retry } = useApiResource<PricesResponse>("/market/prices", { messages: MARKET_MESSAGES });
  const [updates, setUpdates] = useState<Record<string, LiveRow>>({});
  const [ticked, setTicked] = useState(false);

  const symbols = useMemo(() => data?.items.map((item) => item.symbol) ?? [], [data]);

  const applyTick = useCallback(
    (tick: PriceTick) => {
      const seed = data?.items.find((item) => item.symbol === tick.symbol);
      if (!seed) return;
      setTicked(true);
      setUpdates((current) => {
        const previous = current[tick.symbol] ?? { ...seed, direction: "flat" as Direction };
        const direction: Direction =
          tick.price > previous.price ? "up" : tick.price < previous.price ? "down" : previous.direction;
        return {
          ...current,
          [tick.symbol]: {
            ...previous,
            price: tick.price,
            bid: tick.bid,
            ask: tick.ask,
            change_24h_pct: tick.change_24h_pct,
            volume_24h: tick.volume_24h,
            as_of: tick.as_of,
            direction,
          },
        };
      });
    },
    [data],
  );

  const stream = usePriceStream(symbols, applyTick);

  const rows: LiveRow[] = useMemo(
    () => (data?.items ?? []).map((item) => updates[item.symbol] ?? { ...item, direction: "flat" }),
    [data, updates],
  );

  return (
    <Card data-testid="live-prices" aria-busy={loading || undefined} className={cn("min-w-0", className)}>
      <CardHeader className="flex-wrap gap-y-1 px-3">
        <CardTitle className="whitespace-nowrap">Live prices</CardTitle>
        <div className="ml-auto flex items-center gap-2">
          {data ? <StaleMarker stale={data.stale && !ticked} asOf={data.as_of} /> : null}
          {data && data.items.length > 0 ? <StreamStatusDot status={stream.status} onReconnect={stream.reconnect} /> : null}
        </div>
      </CardHeader>
      <CardContent className="@container p-0">
        {data ? (
          rows.length === 0 ? (
            <EmptyState icon={LineChart} title="No tracked pairs" description="The server tracks no pairs to quote yet." />
          ) : (
            <Table>
              <caption className="sr-only">Live prices of tracked pairs. Choose a pair to show it on the chart.</caption>
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead className="px-3">Pair</TableHead>
                  <TableHead className="px-2 text-right">Price</TableHead>
                  <TableHead className="px-2 text-right">24h</TableHead>
                  <TableHead className="hidden px-3 text-right @[26rem]:table-cell">Volume</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((row) => (
                  <PriceRow
                    key={row.symbol}
                    row={row}
                    tick={priceTicks.get(row.symbol)}
                    selected={row.symbol === selectedSymbol}
                    onSelect={onSelectSymbol}
                  />
                ))}
              </TableBody>
            </Table>
          )
        ) : loading ? (
          <div role="status" className="divide-y divide-border">
            <span className="sr-only">Loading prices…</span>
            {Array.from({ length: 8 }, (_, i) => (
              <div key={i} className="flex h-9 items-center gap-3 px-3">
                <Skeleton className="h-3.5 w-20" />
                <Skeleton className="ml-auto h-3.5 w-20" />
                <Skeleton className="h-3.5 w-12" />
              </div>
            ))}
          </div>
        ) : error ? (
          <RetryError data-testid="widget-error" title="Prices unavailable" description={error.message} onRetry={retry} />
        ) : null}
      </CardContent>
    </Card>
  );
}

type PriceRowProps = {
  row: LiveRow;
  tick: number | undefined;
  selected: boolean;
  onSelect: (symbol: string) => void;
};

function PriceRow({ row, tick, selected, onSelect }: PriceRowProps) {
  const priceRef = useRef<HTMLTableCellElement>(null);
  useFlashOnChange(row.price, priceRef, FLASH);
  const tone = changeTone(row.change_24h_pct);
  const ChangeIcon = tone === "down" ? ArrowDownRight : ArrowUpRight;
  return (
    <TableRow
      data-testid="price-row"
      data-symbol={row.symbol}
      data-selected={selected || undefined}
      onClick={() => onSelect(row.symbol)}
      title={`Bid ${formatPrice(row.bid, tick)} · Ask ${formatPrice(row.ask, tick)} · 24h range ${formatPrice(row.low_24h, tick)}–${formatPrice(row.high_24h, tick)} · as of ${formatUtcClock(row.as_of)}`}
      className={cn("cursor-pointer", selected && "bg-primary/5 hover:bg-primary/10")}
    >
      <TableCell className={cn("h-8 border-l-2 px-3", selected ? "border-l-primary" : "border-l-transparent")}>
        <button
          type="button"
          aria-current={selected || undefined}
          aria-label={`Show ${row.symbol} on the chart`}
          className="rounded-sm font-medium text-foreground"
        >
          {row.symbol}
        </button>
      </TableCell>
      <TableCell
        ref={priceRef}
        data-testid="price-value"
        data-direction={row.direction}
        className={cn("h-8 px-2 text-right font-medium tabular-nums", row.direction === "flat" ? "text-foreground" : TONE_TEXT[row.direction])}
      >
        {formatPrice(row.price, tick)}
      </TableCell>
      <TableCell className={cn("h-8 px-2 text-right tabular-nums", TONE_TEXT[tone])}>
        <span className="inline-flex items-center justify-end gap-0.5">
          {tone === "flat" ? null : <ChangeIcon className="size-3" aria-hidden="true" />}
          {formatPercent(row.change_24h_pct)}
        </span>
      </TableCell>
      <TableCell className="hidden h-8 px-3 text-right text-muted-foreground tabular-nums @[26rem]:table-cell">
        {formatCompact(row.volume_24h)}
      </TableCell>
    </TableRow>
  );
}
