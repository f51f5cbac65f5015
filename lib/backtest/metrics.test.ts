import { describe, expect, it } from "vitest";
import { analyseDrawdowns, cagrPct, calmarRatio, dailyReturns, DAY_MS, sharpeRatio, sortinoRatio } from "./equity-metrics";
import { freqtradeCompat } from "./freqtrade-compat";
import { tradeStats, realizedDrawdownRatio } from "./trade-stats";
import { T0 } from "./test-support";

const trade = (pnl: number, pnl_pct = pnl) => ({ pnl, pnl_pct, holding_ms: 1000, entry_fee: 0.5, exit_fee: 0.5 });

describe("metrics (trading-semantics.md §2.2, §7.7)", () => {
  const equity = [100, 110, 99, 105];
  const daily = dailyReturns(T0, DAY_MS, equity);

  it("samples daily UTC equity returns", () => {
    expect(daily.days).toEqual([T0, T0 + DAY_MS, T0 + 2 * DAY_MS]);
    expect(daily.returns[0]).toBeCloseTo(0.1, 12);
    expect(daily.returns[1]).toBeCloseTo(-0.1, 12);
    expect(daily.returns[2]).toBeCloseTo(0.060606, 6);
  });

  it("Sharpe = mean / sample stdev × √365 = 3.6430", () => {
    expect(sharpeRatio(daily.returns).value).toBeCloseTo(3.643, 4);
  });

  it("Sortino divides by the downside deviation over all days: √(0.01/3) = 0.057735 → 6.6850", () => {
    expect(sortinoRatio(daily.returns).value).toBeCloseTo(6.685, 3);
  });

  it("max drawdown is a positive percent on close-marked equity including the start: 10.00%", () => {
    const mdd = (e: number[]) => analyseDrawdowns(T0, DAY_MS, Float64Array.from(e)).maxPct;
    expect(mdd(equity)).toBeCloseTo(10, 12);
    expect(mdd([100, 90, 120])).toBeCloseTo(10, 12);
    expect(mdd([100, 101, 102])).toBe(0);
    expect([...analyseDrawdowns(T0, DAY_MS, Float64Array.from(equity)).series]).toEqual([0, 0, expect.closeTo(10, 12), expect.closeTo((1 - 105 / 110) * 100, 12)]);
  });

  it("CAGR over 3 days is (1.05)^(365/3) − 1, a short sample", () => {
    const cagr = cagrPct(100, 105, T0, T0 + 3 * DAY_MS);
    expect(cagr.value).toBeCloseTo((1.05 ** (365 / 3) - 1) * 100, 6);
    expect(cagrPct(100, 0, T0, T0 + DAY_MS).value).toBe(-100);
    expect(calmarRatio(12, 0)).toEqual({ value: null, reason: "no_drawdown" });
    expect(calmarRatio(12, 6).value).toBeCloseTo(2, 12);
  });

  it("profit factor without losses is null (shown as ∞), never 0", () => {
    const s = tradeStats([trade(5), trade(3)]);
    expect(s.profitFactor).toEqual({ value: null, reason: "no_losses_infinite" });
    expect(tradeStats([trade(5), trade(-2)]).profitFactor.value).toBeCloseTo(2.5, 12);
  });

  it("expectancy of [+5, −2, 0] is 1.0 with a win rate of 1/3 and one draw", () => {
    const s = tradeStats([trade(5), trade(-2), trade(0)]);
    expect(s.expectancy.value).toBeCloseTo(1, 12);
    expect(s.winRate.value).toBeCloseTo(1 / 3, 12);
    expect([s.wins, s.losses, s.draws]).toEqual([1, 1, 1]);
    expect(s.avgLoss.value).toBe(-2);
    expect(s.expectancyRatio.value).toBeCloseTo((1 + 5 / 2) / 3 - 1, 12);
  });

  it("counts a P&L below the quote precision as a draw and ends streaks on draws", () => {
    const s = tradeStats([trade(1), trade(2), trade(1e-10), trade(3), trade(-1), trade(-1), trade(-1), trade(4)]);
    expect([s.wins, s.losses, s.draws]).toEqual([4, 3, 1]);
    expect(s.maxConsecutiveWins).toBe(2);
    expect(s.maxConsecutiveLosses).toBe(3);
  });

  it("leaves undefined ratios null with a reason", () => {
    expect(sharpeRatio([0.01])).toEqual({ value: null, reason: "fewer_than_2_daily_returns" });
    expect(sharpeRatio([0.01, 0.01])).toEqual({ value: null, reason: "zero_volatility" });
    expect(sortinoRatio([0.01, 0.02])).toEqual({ value: null, reason: "no_downside_infinite" });
    expect(tradeStats([]).winRate).toEqual({ value: null, reason: "no_trades" });
  });

  it("measures the longest time under water and the deepest episode", () => {
    const e = [100, 120, 90, 100, 125, 110, 111];
    const { longestMs, deepest } = analyseDrawdowns(0, 10, Float64Array.from(e));
    // 120 at t=10 regained at t=40 (30 ms); 125 at t=40 never regained by t=60 (20 ms).
    expect(longestMs).toBe(30);
    expect(deepest).toEqual({ depth_pct: 25, peak_at: 10, trough_at: 20, recovered_at: 40, duration_ms: 30 });
  });
});

describe("realized drawdown and the Freqtrade-compatible block (§2.4)", () => {
  it("ours counts an opening losing streak from 0; Freqtrade's peak starts at the first trade", () => {
    const pnls = [-100, -50, 300, -30];
    expect(realizedDrawdownRatio(pnls, 1000, true)).toBeCloseTo(150 / 1000, 12);
    expect(realizedDrawdownRatio(pnls, 1000, false)).toBeCloseTo(50 / 900, 12);
  });

  it("uses Freqtrade's trade-based formulas and its −100 / 0 for undefined values", () => {
    const pnls = [100, -50, 80, -20];
    const ft = freqtradeCompat(pnls, 1000, 1110, T0, T0 + 10 * DAY_MS + 5);
    const p = pnls.map((x) => x / 1000);
    const mean = p.reduce((a, b) => a + b) / 10;
    const sd = Math.sqrt(p.reduce((a, x) => a + (x - 0.11 / 4) ** 2, 0) / 4); // population, around the per-trade mean
    expect(ft.days).toBe(10);
    expect(ft.sharpe_ft).toBeCloseTo((mean / sd) * Math.sqrt(365), 9);
    expect(ft.sortino_ft).toBeCloseTo((mean / 0.015) * Math.sqrt(365), 9);
    expect(ft.profit_factor_ft).toBeCloseTo(180 / 70, 12);
    expect(ft.cagr_ft).toBeCloseTo(1.11 ** (365 / 10) - 1, 9);
    const perfect = freqtradeCompat([10, 20], 1000, 1030, T0, T0 + DAY_MS);
    expect(perfect.profit_factor_ft).toBe(0);
    expect(perfect.sortino_ft).toBe(-100);
    expect(perfect.calmar_ft).toBe(-100);
  });
});
