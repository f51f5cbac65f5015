import type { Maybe } from "./equity-metrics";
import type { BacktestTrade, TradeGroupRow } from "./types";

/*
 * Statistics of closed trades (trading-semantics.md §2.2). Trades are wins, losses or draws by their
 * net P&L rounded to the quote precision (1e-8), as Freqtrade's profit_abs.
 */

const QUOTE_PRECISION = 1e8;

/** 1 win, −1 loss, 0 draw. */
export function outcome(pnl: number): number {
  const rounded = Math.round(pnl * QUOTE_PRECISION);
  return rounded > 0 ? 1 : rounded < 0 ? -1 : 0;
}

export interface TradeStats {
  trades: number;
  wins: number;
  losses: number;
  draws: number;
  winRate: Maybe;
  profitFactor: Maybe;
  expectancy: Maybe;
  expectancyPct: Maybe;
  expectancyRatio: Maybe;
  avgWin: Maybe;
  avgLoss: Maybe;
  bestTradePct: Maybe;
  worstTradePct: Maybe;
  bestTrade: Maybe;
  worstTrade: Maybe;
  avgHoldingMs: Maybe;
  netPnl: number;
  fees: number;
  maxConsecutiveWins: number;
  maxConsecutiveLosses: number;
}

const value = (v: number): Maybe => ({ value: v, reason: null });
const none = (reason: string): Maybe => ({ value: null, reason });

export function tradeStats(trades: readonly Pick<BacktestTrade, "pnl" | "pnl_pct" | "holding_ms" | "entry_fee" | "exit_fee">[]): TradeStats {
  let wins = 0;
  let losses = 0;
  let draws = 0;
  let winSum = 0;
  let lossSum = 0;
  let net = 0;
  let pctSum = 0;
  let holding = 0;
  let fees = 0;
  let best = -1;
  let worst = -1;
  let streakWins = 0;
  let streakLosses = 0;
  let maxWins = 0;
  let maxLosses = 0;
  trades.forEach((t, i) => {
    const o = outcome(t.pnl);
    net += t.pnl;
    pctSum += t.pnl_pct;
    holding += t.holding_ms;
    fees += t.entry_fee + t.exit_fee;
    if (best < 0 || t.pnl_pct > trades[best].pnl_pct) best = i;
    if (worst < 0 || t.pnl_pct < trades[worst].pnl_pct) worst = i;
    // A draw ends both streaks.
    if (o > 0) {
      wins++;
      winSum += t.pnl;
      streakWins++;
      streakLosses = 0;
    } else if (o < 0) {
      losses++;
      lossSum += t.pnl;
      streakLosses++;
      streakWins = 0;
    } else {
      draws++;
      streakWins = 0;
      streakLosses = 0;
    }
    if (streakWins > maxWins) maxWins = streakWins;
    if (streakLosses > maxLosses) maxLosses = streakLosses;
  });
  const n = trades.length;
  if (n === 0) {
    const noTrades = none("no_trades");
    return {
      trades: 0, wins: 0, losses: 0, draws: 0, winRate: noTrades, profitFactor: noTrades, expectancy: noTrades, expectancyPct: noTrades,
      expectancyRatio: noTrades, avgWin: noTrades, avgLoss: noTrades, bestTradePct: noTrades, worstTradePct: noTrades, bestTrade: noTrades,
      worstTrade: noTrades, avgHoldingMs: noTrades, netPnl: 0, fees: 0, maxConsecutiveWins: 0, maxConsecutiveLosses: 0,
    };
  }
  const winRate = wins / n;
  const avgWin = wins > 0 ? winSum / wins : null;
  const avgLoss = losses > 0 ? lossSum / losses : null;
  return {
    trades: n,
    wins,
    losses,
    draws,
    winRate: value(winRate),
    // No losses: "∞" on screen, null here (Freqtrade's 0 would rank a perfect run last).
    profitFactor: losses === 0 ? none(wins > 0 ? "no_losses_infinite" : "no_wins_or_losses") : value(winSum / -lossSum),
    expectancy: value(net / n),
    expectancyPct: value(pctSum / n),
    expectancyRatio: avgLoss === null ? none("no_losses") : value((1 + (avgWin ?? 0) / Math.abs(avgLoss)) * winRate - 1),
    avgWin: avgWin === null ? none("no_wins") : value(avgWin),
    avgLoss: avgLoss === null ? none("no_losses") : value(avgLoss),
    bestTradePct: value(trades[best].pnl_pct),
    worstTradePct: value(trades[worst].pnl_pct),
    bestTrade: value(trades[best].pnl),
    worstTrade: value(trades[worst].pnl),
    avgHoldingMs: value(holding / n),
    netPnl: net,
    fees,
    maxConsecutiveWins: maxWins,
    maxConsecutiveLosses: maxLosses,
  };
}

/** One row of the per-symbol, per-exit-reason and long/short tables. */
export function groupRow(trades: readonly BacktestTrade[]): TradeGroupRow {
  const s = tradeStats(trades);
  return {
    trades: s.trades,
    wins: s.wins,
    draws: s.draws,
    losses: s.losses,
    win_rate: s.winRate.value,
    net_pnl: s.netPnl,
    avg_pnl_pct: s.expectancyPct.value,
    fees: s.fees,
  };
}

/**
 * Max drawdown of cumulative realized P&L at trade closes, relative to the account: (peak − cum) /
 * (E_0 + peak). Ours starts the running peak at 0 (before the first trade); Freqtrade's starts at the
 * first trade's cumulative P&L, so an opening losing streak does not count there (§2.4).
 */
export function realizedDrawdownRatio(pnlsByClose: readonly number[], startingBalance: number, includeStart: boolean): number {
  let cum = 0;
  let peak = includeStart ? 0 : -Infinity;
  let worst = 0;
  for (const pnl of pnlsByClose) {
    cum += pnl;
    if (cum > peak) peak = cum;
    const dd = (peak - cum) / (startingBalance + peak);
    if (dd > worst) worst = dd;
  }
  return worst;
}
