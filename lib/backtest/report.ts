import { analyseDrawdowns, cagrPct, calmarRatio, dailyReturns, DAY_MS, sharpeRatio, sortinoRatio, type Maybe } from "./equity-metrics";
import { EXIT_REASONS, type ExitReason } from "./exit-reasons";
import { freqtradeCompat } from "./freqtrade-compat";
import type { SimOutput } from "./simulate";
import { groupRow, realizedDrawdownRatio, tradeStats } from "./trade-stats";
import type { BacktestMetrics, BacktestResult, BacktestTrade, BacktestWarning, DayReturn, SymbolDataQuality } from "./types";

export interface ReportInput {
  engineVersion: string;
  settings: BacktestResult["settings"];
  candlesSha256: string;
  sim: SimOutput;
  dataQuality: SymbolDataQuality[];
  /** Per symbol, in symbol order; null without candles in the range. */
  buyAndHold: (number | null)[];
  /** Warnings about the settings, listed after the data's. */
  warnings?: BacktestWarning[];
}

/** Below these, ratios and win rates are mostly noise (trading-semantics.md §6.3). */
const MIN_TRADES = 30;
const MIN_DAILY_RETURNS = 30;
const MIN_CAGR_DAYS = 30;

/** Metrics (§2.2), tables (§6.3), the Freqtrade block (§2.4) and warnings, from a simulation. */
export function buildReport({ engineVersion, settings, candlesSha256, sim, dataQuality, buyAndHold, warnings = [] }: ReportInput): BacktestResult {
  const { equity, trades } = sim;
  const startAt = settings.start;
  const interval = equity.length > 1 ? (settings.end - settings.start) / (equity.length - 1) : 0;
  const start = settings.starting_balance;
  const finalEquity = equity[equity.length - 1];
  const bars = equity.length - 1;

  const nullReasons: Record<string, string> = {};
  const pick = (name: string, m: Maybe): number | null => {
    if (m.reason !== null) nullReasons[name] = m.reason;
    return m.value;
  };

  const daily = dailyReturns(startAt, interval, equity);
  const drawdowns = analyseDrawdowns(startAt, interval, equity);
  const mdd = drawdowns.maxPct;
  const cagr = pick("cagr_pct", cagrPct(start, finalEquity, startAt, settings.end));
  const stats = tradeStats(trades);
  const pnls = trades.map((t) => t.pnl);
  const holdings = buyAndHold.filter((x): x is number => x !== null);

  const metrics: BacktestMetrics = {
    final_equity: finalEquity,
    total_return_pct: (finalEquity / start - 1) * 100,
    cagr_pct: cagr,
    cagr_short_sample: (settings.end - startAt) / DAY_MS < MIN_CAGR_DAYS,
    max_drawdown_pct: mdd,
    max_drawdown_intrabar_pct: Math.max(mdd, sim.maxDrawdownIntrabarPct),
    max_drawdown_realized_pct: realizedDrawdownRatio(pnls, start, true) * 100,
    max_drawdown_duration_ms: drawdowns.longestMs,
    deepest_drawdown: drawdowns.deepest,
    sharpe: pick("sharpe", sharpeRatio(daily.returns)),
    sortino: pick("sortino", sortinoRatio(daily.returns)),
    calmar: pick("calmar", calmarRatio(cagr, mdd)),
    daily_returns_count: daily.returns.length,
    trades_count: stats.trades,
    wins: stats.wins,
    losses: stats.losses,
    draws: stats.draws,
    win_rate: pick("win_rate", stats.winRate),
    profit_factor: pick("profit_factor", stats.profitFactor),
    expectancy: pick("expectancy", stats.expectancy),
    expectancy_pct: pick("expectancy_pct", stats.expectancyPct),
    expectancy_ratio: pick("expectancy_ratio", stats.expectancyRatio),
    avg_win: pick("avg_win", stats.avgWin),
    avg_loss: pick("avg_loss", stats.avgLoss),
    best_trade_pct: pick("best_trade_pct", stats.bestTradePct),
    worst_trade_pct: pick("worst_trade_pct", stats.worstTradePct),
    best_trade: pick("best_trade", stats.bestTrade),
    worst_trade: pick("worst_trade", stats.worstTrade),
    avg_holding_ms: pick("avg_holding_ms", stats.avgHoldingMs),
    exposure_pct: bars > 0 ? (sim.exposedBars / bars) * 100 : 0,
    avg_gross_exposure_pct: bars > 0 ? (sim.grossExposureSum / bars) * 100 : 0,
    fees_paid: stats.fees,
    funding_paid: sim.fundingPaid,
    net_pnl: stats.netPnl,
    buy_and_hold_return_pct: holdings.length > 0 ? holdings.reduce((a, b) => a + b, 0) / holdings.length : null,
    max_consecutive_wins: stats.maxConsecutiveWins,
    max_consecutive_losses: stats.maxConsecutiveLosses,
  };
  if (metrics.buy_and_hold_return_pct === null) nullReasons.buy_and_hold_return_pct = "no_candles_in_range";

  let best: DayReturn | null = null;
  let worst: DayReturn | null = null;
  daily.returns.forEach((r, i) => {
    if (best === null || r * 100 > best.return_pct) best = { day: daily.days[i], return_pct: r * 100 };
    if (worst === null || r * 100 < worst.return_pct) worst = { day: daily.days[i], return_pct: r * 100 };
  });

  // One pass into buckets; each table row is then computed from its own trades only.
  const bySymbol = new Map<string, BacktestTrade[]>(settings.symbols.map((symbol) => [symbol, []]));
  const byReason = new Map<ExitReason, BacktestTrade[]>(EXIT_REASONS.map((reason) => [reason, []]));
  const bySide = { long: [] as BacktestTrade[], short: [] as BacktestTrade[] };
  for (const t of trades) {
    bySymbol.get(t.symbol)?.push(t);
    byReason.get(t.exit_reason)!.push(t);
    bySide[t.side].push(t);
  }
  const perSymbol = settings.symbols.map((symbol, k) => ({
    symbol,
    ...groupRow(bySymbol.get(symbol)!),
    rejected_entries: sim.rejectedBySymbol[k],
    buy_and_hold_return_pct: buyAndHold[k],
  }));
  const perExitReason = EXIT_REASONS.filter((reason) => byReason.get(reason)!.length > 0).map((reason) => ({
    exit_reason: reason,
    ...groupRow(byReason.get(reason)!),
  }));
  const longShort = (["long", "short"] as const).map((side) => ({ side, ...groupRow(bySide[side]) }));
  const rejectedTotal = Object.values(sim.rejected).reduce((a, b) => a + b, 0);

  return {
    engine_version: engineVersion,
    settings,
    candles_sha256: candlesSha256,
    metrics,
    null_reasons: nullReasons,
    tables: {
      per_symbol: perSymbol,
      per_exit_reason: perExitReason,
      long_short: longShort,
      left_open: byReason.get("end_of_data")!,
      rejected_entries: { total: rejectedTotal, by_reason: sim.rejected },
      best_day: best,
      worst_day: worst,
    },
    data_quality: {
      source: settings.source,
      simulated: settings.source?.startsWith("simulated:") ?? false,
      symbols: dataQuality,
      detail_fallback_candles: sim.detailFallbackCandles,
    },
    freqtrade_compat: freqtradeCompat(pnls, start, finalEquity, startAt, settings.end),
    warnings: [...warningsFor(metrics, dataQuality, settings, sim), ...sim.warnings, ...warnings],
    trades,
    equity: { start_at: startAt, interval_ms: interval, values: equity },
    drawdown: { start_at: startAt, interval_ms: interval, values: drawdowns.series },
  };
}

function warningsFor(metrics: BacktestMetrics, quality: SymbolDataQuality[], settings: BacktestResult["settings"], sim: SimOutput): BacktestWarning[] {
  const out: BacktestWarning[] = [];
  if (metrics.trades_count < MIN_TRADES) {
    out.push({ code: "few_trades", message: `Only ${metrics.trades_count} trades: win rate, profit factor and expectancy are mostly noise below ${MIN_TRADES}.` });
  }
  if (metrics.daily_returns_count < MIN_DAILY_RETURNS) {
    out.push({ code: "short_sample", message: `Only ${metrics.daily_returns_count} daily returns: Sharpe and Sortino are unreliable below ${MIN_DAILY_RETURNS}.` });
  }
  if (metrics.cagr_short_sample) out.push({ code: "short_cagr", message: "The run is shorter than 30 days: the annualised return extrapolates a short sample." });
  for (const q of quality) {
    if (q.first_decision_at === null) {
      out.push({ code: "no_decisions", message: `${q.symbol}: not enough candles for the strategy's warm-up in the range; it never traded.` });
    } else if (q.first_decision_at > settings.start) {
      out.push({
        code: "late_first_decision",
        message: `${q.symbol}: fewer than ${settings.warmup_candles} warm-up candles before the start; decisions begin at ${new Date(q.first_decision_at).toISOString()}.`,
      });
    }
    if (q.missing_candles > 0) {
      out.push({ code: "gaps_filled", message: `${q.symbol}: ${q.missing_candles} missing candles in ${q.gap_count} gaps were forward-filled for indicators; nothing filled on them.` });
    }
  }
  if (sim.detailFallbackCandles > 0) {
    out.push({ code: "detail_incomplete", message: `${sim.detailFallbackCandles} candles had no 1m candles; their stops and targets were checked on the candle itself.` });
  }
  return out;
}
