"use client";

import { Radio } from "lucide-react";
import Link from "next/link";
import { formatPrice } from "@/components/dashboard/format-market";
import { StaleMarker } from "@/components/dashboard/stale-marker";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/class-names";
import { EmptyState } from "@/components/ui/empty-state";
import { RetryError } from "@/components/ui/retry-error";
import { Skeleton } from "@/components/ui/skeleton";
import { DirectionBadge, StrengthBar } from "./signal-badges";
import { SignalStreamStatus } from "./signals-view";
import { useSignals } from "./use-signals";

/** The dashboard's signals card: the default pairs' 1h signals; a pair opens its chart on the signals page. */
export function SignalsWidget({ className }: { className?: string }) {
  const { signals, stream } = useSignals("1h");
  const { data, loading, error, retry } = signals;
  return (
    <Card data-testid="signals-widget" aria-busy={loading || undefined} className={cn("min-w-0", className)}>
      <CardHeader className="px-3">
        <CardTitle>Signals · 1h</CardTitle>
        <div className="flex items-center gap-2">
          {data ? <StaleMarker stale={data.stale} asOf={data.as_of} /> : null}
          {data && data.items.length > 0 ? <SignalStreamStatus status={stream.status} onReconnect={stream.reconnect} /> : null}
        </div>
      </CardHeader>
      <CardContent className="p-0">
        {data ? (
          data.items.length === 0 ? (
            <EmptyState icon={Radio} title="No active signals" description="Signals appear for your default pairs once enough closed candles exist." />
          ) : (
            <ul className="divide-y divide-border">
              {data.items.map((s) => (
                <li key={s.symbol} data-testid="signal-widget-row" data-symbol={s.symbol} className="flex h-9 items-center gap-2 px-3 text-body">
                  <Link
                    href={`/signals?${new URLSearchParams({ symbol: s.symbol }).toString()}`}
                    className="w-20 truncate font-medium text-foreground hover:text-primary"
                    aria-label={`${s.symbol}: open the chart with its levels`}
                  >
                    {s.symbol}
                  </Link>
                  <DirectionBadge side={s.signal} />
                  <StrengthBar confidence={s.confidence} side={s.signal} className="hidden sm:flex" />
                  <span className="ml-auto tabular-nums text-muted-foreground">{formatPrice(s.entry_price)}</span>
                </li>
              ))}
            </ul>
          )
        ) : loading ? (
          <div role="status" className="divide-y divide-border">
            <span className="sr-only">Loading signals…</span>
            {Array.from({ length: 3 }, (_, i) => (
              <div key={i} className="flex h-9 items-center gap-3 px-3">
                <Skeleton className="h-3.5 w-16" />
                <Skeleton className="h-3.5 w-10" />
                <Skeleton className="ml-auto h-3.5 w-16" />
              </div>
            ))}
          </div>
        ) : error ? (
          <RetryError compact className="p-3" data-testid="widget-error" title="Signals unavailable" description={error.message} onRetry={retry} />
        ) : null}
        <p className="border-t border-border px-3 py-1.5 text-[11px] text-muted-foreground">
          Strength, not probability ·{" "}
          <Link href="/signals" className="text-primary hover:underline">
            hit rates and reasons
          </Link>
        </p>
      </CardContent>
    </Card>
  );
}
