/**
 * Paper account metrics (§2.5) with the backtest's own functions, so a paper account and a backtest
 * of the same strategy report comparable numbers. The hourly equity snapshots become a regular
 * hourly series (the paper counterpart of a backtest's close-marked bars); Sharpe and Sortino come
 * from its day-end returns, drawdowns from the whole series, trade statistics from position episodes.
 * An undefined metric is null with its reason in null_reasons (§2.3), never 0 or −100.
 */
import { analyseDrawdowns, DAY_MS, dailyReturns, sharpeRatio, sortinoRatio, type Maybe } from "@/lib/backtest/equity-metrics";
import { tradeStats } from "@/lib/backtest/trade-stats";
import type { DrawdownEpisode, TimeSeries } from "@/lib/backtest/types";
import type { EpisodeTrade } from "./episodes";

export const HOUR_MS = 3_600_000;
/** Fewer daily returns than this and the ratios are flagged as a short sample (§2.1). */
export const SHORT_SAMPLE_DAYS = 30;

/** An equity snapshot in the quote asset (the API converts the stored atomic units once). */
export interface EquitySnapshot {
  ts: number;
  equity: number;
}

export interface EquityHistory {
  /** Hourly snapshots of the current epoch; snapshots before createdAt are ignored. */
  snapshots: readonly EquitySnapshot[];
  startingBalance: number;
  createdAt: number;
  /** Extend the series to this instant (carrying the last snapshot forward); default: the last snapshot. */
  endAt?: number;
}

/**
 * A regular hourly series from the account's creation: point 0 is the starting balance at the hour
 * of creation, and each later point is the last snapshot at or before its hour. A missing snapshot
 * (the server was down) carries the previous equity forward, as a backtest's equity stays flat
 * between bars; the day-end value E(d) is then the snapshot at 00:00 UTC when it exists and the last
 * one before it otherwise (§2 notation: the last close at or before the end of the day).
 */
export function hourlyEquity(history: EquityHistory): TimeSeries {
  const start = Math.floor(history.createdAt / HOUR_MS) * HOUR_MS;
  const snaps = history.snapshots.filter((s) => s.ts >= history.createdAt).sort((a, b) => a.ts - b.ts);
  const lastTs = Math.max(history.endAt ?? -Infinity, snaps.length > 0 ? snaps[snaps.length - 1].ts : -Infinity, start);
  const n = Math.ceil((lastTs - start) / HOUR_MS) + 1;
  const values = new Float64Array(n);
  values[0] = history.startingBalance;
  let j = 0;
  let current = history.startingBalance;
  for (let i = 1; i < n; i++) {
    const t = start + i * HOUR_MS;
    while (j < snaps.length && snaps[j].ts <= t) current = snaps[j++].equity;
    values[i] = current;
  }
  return { start_at: start, interval_ms: HOUR_MS, values };
}

function valueAt(series: TimeSeries, t: number): number {
  const i = Math.floor((t - series.start_at) / series.interval_ms);
  return series.values[Math.max(0, Math.min(series.values.length - 1, i))];
}

function lastTime(series: TimeSeries): number {
  return series.start_at + (series.values.length - 1) * series.interval_ms;
}

export interface DayEnd {
  /** 00:00 UTC at the end of the day, or the last point's time for a day still running. */
  at: number;
  equity: number;
}

/** E(d) for each full or partial UTC day of the series, after the starting point. */
export function dayEndEquity(series: TimeSeries): DayEnd[] {
  const { days } = dailyReturns(series.start_at, series.interval_ms, series.values);
  const end = lastTime(series);
  return days.map((day) => {
    const at = Math.min(day + DAY_MS, end);
    return { at, equity: valueAt(series, at) };
  });
}

export interface MonthlyReturn {
  /** YYYY-MM, UTC. */
  month: string;
  start_equity: number;
  end_equity: number;
  /** (end / start − 1) × 100; null when the month started at zero equity. */
  return_pct: number | null;
  reason: string | null;
  /** The month had not ended at the last point. */
  partial: boolean;
}

function monthKey(t: number): string {
  const d = new Date(t);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

/**
 * E(end of month) / E(end of the previous month) − 1 in UTC calendar months (§2.5). Each month's
 * return is a ratio of equities, so it compounds the month's days (summing daily returns would
 * not), and the product of (1 + r) over the months equals final / starting equity. The first month
 * starts at the starting balance; the last one ends at the last point.
 */
export function monthlyReturns(series: TimeSeries): MonthlyReturn[] {
  const out: MonthlyReturn[] = [];
  const end = lastTime(series);
  let previous = series.values[0];
  let cursor = series.start_at;
  while (cursor < end || out.length === 0) {
    const d = new Date(cursor);
    const nextMonth = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    const monthEnd = Math.min(nextMonth, end);
    const equity = valueAt(series, monthEnd);
    const ok = previous > 0;
    out.push({
      month: monthKey(cursor),
      start_equity: previous,
      end_equity: equity,
      return_pct: ok ? (equity / previous - 1) * 100 : null,
      reason: ok ? null : "zero_equity_at_start",
      partial: monthEnd < nextMonth,
    });
    previous = equity;
    cursor = nextMonth;
    if (monthEnd === end) break;
  }
  return out;
}

export interface PortfolioMetrics {
  starting_balance: number;
  final_equity: number;
  total_return_pct: number;
  sharpe: number | null;
  sortino: number | null;
  daily_returns_count: number;
  /** Fewer than 30 daily returns: the ratios are noise (§2.1). */
  short_sample: boolean;
  /**
   * Over the hourly series, the starting balance included, as a positive percentage: the paper
   * counterpart of the backtest's close-marked bars, so an intraday trough counts.
   */
  max_drawdown_pct: number;
  /** The same over the day-end values E(d) only (starting balance included), as §2.5 reads literally. */
  max_drawdown_day_end_pct: number;
  max_drawdown_duration_ms: number;
  deepest_drawdown: DrawdownEpisode | null;
  trades_count: number;
  wins: number;
  losses: number;
  draws: number;
  /** 0–1. */
  win_rate: number | null;
  profit_factor: number | null;
  /** Mean net P&L of winning episodes (quote); avg_loss is negative. */
  avg_win: number | null;
  avg_loss: number | null;
  /** The best and worst episodes by realized_pnl_pct (§2.2), as percentages and in quote. */
  best_trade_pct: number | null;
  worst_trade_pct: number | null;
  best_trade: number | null;
  worst_trade: number | null;
  fees_paid: number;
  /** Why each null metric above is null. */
  null_reasons: Record<string, string>;
}

export interface PortfolioPerformance {
  metrics: PortfolioMetrics;
  day_end_equity: DayEnd[];
  monthly_returns: MonthlyReturn[];
  /** Drawdown from the running peak in positive percent, on the hourly grid of `equity`. */
  drawdown: TimeSeries;
  equity: TimeSeries;
}

/** Everything the portfolio page shows, from the snapshots and the closed episodes' trades. */
export function portfolioPerformance(history: EquityHistory, trades: readonly EpisodeTrade[]): PortfolioPerformance {
  // The store refuses an account without a positive starting balance; every ratio below divides by it.
  if (!(history.startingBalance > 0)) throw new RangeError("The starting balance must be positive");
  const equity = hourlyEquity(history);
  const dayEnds = dayEndEquity(equity);
  const daily = dailyReturns(equity.start_at, equity.interval_ms, equity.values);
  const dd = analyseDrawdowns(equity.start_at, equity.interval_ms, equity.values);
  const stats = tradeStats(trades);
  const nullReasons: Record<string, string> = {};
  const take = (name: string, m: Maybe): number | null => {
    if (m.value === null) nullReasons[name] = m.reason;
    return m.value;
  };
  const final = equity.values[equity.values.length - 1];
  const metrics: PortfolioMetrics = {
    starting_balance: history.startingBalance,
    final_equity: final,
    total_return_pct: (final / history.startingBalance - 1) * 100,
    sharpe: take("sharpe", sharpeRatio(daily.returns)),
    sortino: take("sortino", sortinoRatio(daily.returns)),
    daily_returns_count: daily.returns.length,
    short_sample: daily.returns.length < SHORT_SAMPLE_DAYS,
    max_drawdown_pct: dd.maxPct,
    max_drawdown_day_end_pct: analyseDrawdowns(equity.start_at, DAY_MS, Float64Array.from([history.startingBalance, ...dayEnds.map((d) => d.equity)])).maxPct,
    max_drawdown_duration_ms: dd.longestMs,
    deepest_drawdown: dd.deepest,
    trades_count: stats.trades,
    wins: stats.wins,
    losses: stats.losses,
    draws: stats.draws,
    win_rate: take("win_rate", stats.winRate),
    profit_factor: take("profit_factor", stats.profitFactor),
    avg_win: take("avg_win", stats.avgWin),
    avg_loss: take("avg_loss", stats.avgLoss),
    best_trade_pct: take("best_trade_pct", stats.bestTradePct),
    worst_trade_pct: take("worst_trade_pct", stats.worstTradePct),
    best_trade: take("best_trade", stats.bestTrade),
    worst_trade: take("worst_trade", stats.worstTrade),
    fees_paid: stats.fees,
    null_reasons: nullReasons,
  };
  return {
    metrics,
    day_end_equity: dayEnds,
    monthly_returns: monthlyReturns(equity),
    drawdown: { start_at: equity.start_at, interval_ms: equity.interval_ms, values: dd.series },
    equity,
  };
}
