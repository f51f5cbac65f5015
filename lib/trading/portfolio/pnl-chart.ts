/**
 * The P&L chart (§2.5): hourly snapshots plus the extra points written at fills, for one range,
 * reduced with the backtest's downsampleSeries so a year of hours and fills stays ≤ 2,000 points
 * while the highest peak and the deepest trough of every bucket survive.
 */
import { downsampleSeries, MAX_CHART_POINTS } from "@/lib/backtest/curves";
import { DAY_MS } from "@/lib/backtest/equity-metrics";
import type { EquitySnapshot } from "./performance";

export const CHART_RANGES = ["1d", "7d", "30d", "90d", "1y", "all"] as const;
export type ChartRange = (typeof CHART_RANGES)[number];

const RANGE_MS: Record<Exclude<ChartRange, "all">, number> = { "1d": DAY_MS, "7d": 7 * DAY_MS, "30d": 30 * DAY_MS, "90d": 90 * DAY_MS, "1y": 365 * DAY_MS };

export interface ChartPoint {
  ts: number;
  equity: number;
  /** Equity minus the equity at the start of the range. */
  pnl: number;
  /** Drawdown from the running peak since the start of the range, in positive percent. */
  drawdown_pct: number;
}

export interface PnlChart {
  range: ChartRange;
  from: number;
  to: number;
  points: ChartPoint[];
}

export interface PnlChartInput {
  /** Hourly snapshots of the current epoch. */
  snapshots: readonly EquitySnapshot[];
  /** Equity right after each fill: chart-only points (§2.5). */
  fillPoints?: readonly EquitySnapshot[];
  startingBalance: number;
  createdAt: number;
  now: number;
  range: ChartRange;
  maxPoints?: number;
}

/**
 * The range starts at now − its length (never before the account was created; "all" starts at the
 * creation). Its first point carries the last equity at or before that start forward to it, so the
 * line begins at the range's edge; the starting balance stands at the creation time.
 */
export function pnlChart(input: PnlChartInput): PnlChart {
  const { range, now, createdAt } = input;
  const from = range === "all" ? createdAt : Math.max(createdAt, now - RANGE_MS[range]);
  const all = [{ ts: createdAt, equity: input.startingBalance }, ...input.snapshots, ...(input.fillPoints ?? [])]
    .filter((p) => p.ts >= createdAt && p.ts <= now)
    .sort((a, b) => a.ts - b.ts);
  let base = input.startingBalance;
  const inRange: EquitySnapshot[] = [];
  for (const p of all) {
    if (p.ts <= from) base = p.equity;
    else if (inRange.length > 0 && inRange[inRange.length - 1].ts === p.ts) inRange[inRange.length - 1] = p;
    else inRange.push(p);
  }
  const series: EquitySnapshot[] = [{ ts: from, equity: base }, ...inRange];

  const drawdown = new Float64Array(series.length);
  let peak = -Infinity;
  series.forEach((p, i) => {
    if (p.equity > peak) peak = p.equity;
    drawdown[i] = peak > 0 && p.equity < peak ? (1 - p.equity / peak) * 100 : 0;
  });

  // downsampleSeries expects a regular grid; the chart's points are not (fills fall anywhere), so it
  // runs on point indices and the kept indices are mapped back to their times.
  const values = Float64Array.from(series, (p) => p.equity);
  const kept = downsampleSeries({ start_at: 0, interval_ms: 1, values }, input.maxPoints ?? MAX_CHART_POINTS);
  const points = kept.map(([i]) => ({ ts: series[i].ts, equity: series[i].equity, pnl: series[i].equity - base, drawdown_pct: drawdown[i] }));
  return { range, from, to: now, points };
}
