"use client";

import { BarChart3 } from "lucide-react";
import { Fragment } from "react";
import type { ApiResource } from "@/components/api/use-api-resource";
import { describeSource } from "@/components/dashboard/format-market";
import { cn } from "@/components/ui/class-names";
import { EmptyState } from "@/components/ui/empty-state";
import { RetryError } from "@/components/ui/retry-error";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { SignalBandStats, SignalStatsResponse } from "./signal-types";

const pct = (x: number | null | undefined) => (x === null || x === undefined ? "—" : `${(x * 100).toFixed(1)}%`);
const r = (x: number | null | undefined) => (x === null || x === undefined ? "—" : `${x > 0 ? "+" : x < 0 ? "−" : ""}${Math.abs(x).toFixed(2)}R`);

function HitRate({ band }: { band: SignalBandStats }) {
  if (band.count === 0) return <span className="text-muted-foreground">—</span>;
  const ci = band.hit_rate_ci95;
  const text = (
    <>
      {pct(band.hit_rate)} <span className="text-muted-foreground">({ci ? `${pct(ci.low)}–${pct(ci.high)}` : "—"})</span>
    </>
  );
  if (!band.insufficient_data) return text;
  return (
    <span title={`Only ${band.count} scored signals: ${pct(band.hit_rate)} with a 95 % interval of ${ci ? `${pct(ci.low)}–${pct(ci.high)}` : "—"}`}>
      <span className="text-warning">insufficient data</span>
    </span>
  );
}

/** Measured outcomes per symbol and strength band, beside the rate needed to break even and a baseline. */
export function SignalStatsTable({ resource }: { resource: ApiResource<SignalStatsResponse> }) {
  const { data, loading, error, retry } = resource;
  if (data) {
    if (data.items.length === 0) {
      return <EmptyState icon={BarChart3} title="No recorded signals yet" description="Statistics appear once buy and sell signals of your pairs have been recorded and scored." />;
    }
    return (
      <Table data-testid="signal-stats">
        <caption className="sr-only">
          Hit rate of recorded signals per symbol and strength band, judged on the next {data.score_candles} candles, with the 95 % Wilson interval, mean R, the break-even hit rate and a baseline.
        </caption>
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>Strength band</TableHead>
            <TableHead className="text-right">Count</TableHead>
            <TableHead className="text-right" title="Targets reached / (targets + stops + expired), with its 95 % Wilson interval">
              Hit rate (95 % CI)
            </TableHead>
            <TableHead className="text-right" title="Mean result in multiples of the risk: +R:R per target, −1 per stop">
              Mean R
            </TableHead>
            <TableHead className="text-right" title="1 / (1 + R:R): below this hit rate the band loses money">
              Break-even
            </TableHead>
            <TableHead className="text-right" title="The same stop and target distances entered after every candle of the period">
              Baseline
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {data.items.map((g) => (
            <Fragment key={`${g.symbol}|${g.source}|${g.algorithm}`}>
              <TableRow className="bg-surface-raised/60 hover:bg-surface-raised/60">
                <TableCell colSpan={6} className="h-7 text-[11px]">
                  <span className="font-medium text-foreground">{g.symbol}</span>
                  <span className="text-muted-foreground">
                    {" "}
                    · {describeSource(g.source)} · {g.algorithm} · {g.pending} pending · {g.overlapping} overlapping · {g.degraded} degraded
                  </span>
                </TableCell>
              </TableRow>
              {g.bands.map((b) => (
                <TableRow key={b.band} data-testid="signal-stats-row" data-symbol={g.symbol} data-band={b.band}>
                  <TableCell className="text-muted-foreground">{b.band}</TableCell>
                  <TableCell className="text-right">{b.count}</TableCell>
                  <TableCell className="text-right">
                    <HitRate band={b} />
                  </TableCell>
                  <TableCell className={cn("text-right", b.insufficient_data ? "text-muted-foreground" : b.mean_r !== null && b.mean_r > 0 ? "text-success" : b.mean_r !== null && b.mean_r < 0 ? "text-danger" : "")}>
                    {r(b.mean_r)}
                  </TableCell>
                  <TableCell className="text-right text-muted-foreground">{pct(b.break_even_hit_rate)}</TableCell>
                  <TableCell className="text-right text-muted-foreground">{b.baseline ? pct(b.baseline.hit_rate) : "—"}</TableCell>
                </TableRow>
              ))}
            </Fragment>
          ))}
        </TableBody>
      </Table>
    );
  }
  if (loading) {
    return (
      <div role="status" className="flex flex-col gap-2 p-3">
        <span className="sr-only">Loading statistics…</span>
        {Array.from({ length: 4 }, (_, i) => (
          <Skeleton key={i} className="h-5 w-full" />
        ))}
      </div>
    );
  }
  return error ? <RetryError data-testid="widget-error" title="Statistics unavailable" description={error.message} onRetry={retry} /> : null;
}
