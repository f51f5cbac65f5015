import { describe, expect, it } from "vitest";
import type { CandleArrays } from "@/lib/market/simulated";
import type { StrategyConfigInput } from "@/lib/strategies";
import { runBacktest } from "./run-backtest";
import { candlesFrom, HOUR, randomWalk, T0, type Bar } from "./test-support";
import type { BacktestInput, BacktestResult } from "./types";

const MINUTE = 60_000;

function run(bars: readonly (Bar | number)[] | CandleArrays, strategy: StrategyConfigInput, rest: Partial<BacktestInput> = {}): BacktestResult {
  return runBacktest({
    symbols: [{ symbol: "BTC/USDT", candles: Array.isArray(bars) ? candlesFrom(bars) : (bars as CandleArrays) }],
    timeframe: "1h",
    strategy,
    starting_balance: 1_000,
    fee_rate: 0.001,
    slippage_bps: 0,
    start: T0,
    ...rest,
  });
}

function expectLedgerInvariant(r: BacktestResult): void {
  const net = r.trades.reduce((a, t) => a + t.pnl, 0);
  expect(Math.abs(r.metrics.final_equity - (r.settings.starting_balance + net))).toBeLessThan(1e-9 * r.settings.starting_balance);
  expect(r.equity.values[r.equity.values.length - 1]).toBe(r.metrics.final_equity);
  for (const t of r.trades) {
    const side = t.side === "long" ? 1 : -1;
    expect(t.pnl).toBeCloseTo(side * (t.exit_price - t.entry_price) * t.amount - t.entry_fee - t.exit_fee - t.funding, 9);
  }
}

const dca = (parameters: object, risk: object = {}): StrategyConfigInput => ({ type: "dca", parameters, risk }) as StrategyConfigInput;
const grid = (parameters: object, risk: object = {}): StrategyConfigInput => ({ type: "grid", parameters, risk }) as StrategyConfigInput;

describe("dca (trading-semantics.md §1.11)", () => {
  // Buys are decided at the closes of bars 0, 2, 4, 6 and fill at the next open.
  const bars: (Bar | number)[] = [100, 100, 100, 80, [80, 92, 80, 90], 90, 90, 90];
  const params = { quote_amount: 100, interval_candles: 2, take_profit_pct: 3, max_buys: 10 };

  it("averages its buys with fees, re-places the take-profit after each buy and restarts after it fills", () => {
    const r = run(bars, dca(params));
    expect(r.trades).toHaveLength(2);
    const [first, second] = r.trades;
    // Each buy spends exactly 100 including the 0.1% fee: amount = 100 / (price × 1.001).
    const amount1 = 100 / 100.1 + 100 / 80.08;
    // Average entry (cost including fees / amount) = 200 / amount; the take-profit 3% above it. The
    // first buy's take-profit (103.1) was never reached; the one re-placed after the second buy was.
    const takeProfit = (200 / amount1) * 1.03;
    expect(takeProfit).toBeLessThan(92);
    expect(first).toMatchObject({ side: "long", signal_at: T0, entry_at: T0 + HOUR, exit_at: T0 + 4 * HOUR, exit_reason: "take_profit" });
    expect(first.amount).toBeCloseTo(amount1, 12);
    // The trade's entry price is the fills' VWAP (fees apart), so P&L = (exit − entry) × amount − fees.
    expect(first.entry_price).toBeCloseTo(200 / 1.001 / amount1, 9);
    expect(first.entry_fee).toBeCloseTo(0.2 / 1.001, 12);
    expect(first.exit_price).toBeCloseTo(takeProfit, 9);
    expect(first.exit_fee).toBeCloseTo(0.206, 9);
    expect(first.pnl).toBeCloseTo(206 - 0.206 - 200, 9);
    expect(first.pnl_pct).toBeCloseTo(((206 - 0.206 - 200) / 200) * 100, 9);
    // Bar 4's close is on the schedule: a new position starts at bar 5's open and buys again at bar 7.
    expect(second).toMatchObject({ signal_at: T0 + 4 * HOUR, entry_at: T0 + 5 * HOUR, exit_at: T0 + 7 * HOUR, exit_reason: "end_of_data" });
    expect(second.amount).toBeCloseTo(200 / 90.09, 12);
    expect(second.pnl).toBeCloseTo(90 * (200 / 90.09) * 0.999 - 200, 9);
    expect(r.settings.sizing).toBe("quote_amount");
    expect(r.tables.rejected_entries.total).toBe(0);
    expectLedgerInvariant(r);
    // Marked at the close: cash + amount × close.
    expect(r.equity.values[4]).toBeCloseTo(800 + amount1 * 80, 9);
  });

  it("skips a buy the cash cannot cover and counts it as insufficient_cash", () => {
    const r = run([100, 100, 100, 100, 100, 100, 100, 100], dca({ ...params, take_profit_pct: null }), { starting_balance: 250 });
    // Buys at bars 1 and 3 spend 200; the one decided at bar 4 finds 50 and is skipped; so is bar 6's.
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0].amount).toBeCloseTo(200 / 100.1, 12);
    expect(r.tables.rejected_entries.by_reason.insufficient_cash).toBe(2);
    expect(r.tables.per_symbol[0].rejected_entries).toBe(2);
    expectLedgerInvariant(r);
  });

  it("stops buying at max_buys, without counting the skipped schedule as rejections", () => {
    const r = run([100, 100, 100, 100, 100, 100, 100, 100], dca({ ...params, take_profit_pct: null, max_buys: 2 }));
    expect(r.trades[0].amount).toBeCloseTo(200 / 100.1, 12);
    expect(r.tables.rejected_entries.total).toBe(0);
  });

  it("applies the risk stop-loss to the average entry and ignores the risk take-profit and trail, with a warning", () => {
    const falling: (Bar | number)[] = [100, 100, 100, 80, [80, 80, 78, 79], 79];
    const r = run(falling, dca(params, { stop_loss_pct: 12, take_profit_pct: 1, trailing_stop_pct: 1 }));
    const amount = 100 / 100.1 + 100 / 80.08;
    // 12% under the average entry of both buys (88.98): 78.30, reached by bar 4's low.
    const stop = (200 / amount) * 0.88;
    expect(r.trades[0]).toMatchObject({ exit_reason: "stop_loss", exit_at: T0 + 4 * HOUR });
    expect(r.trades[0].exit_price).toBeCloseTo(stop, 9);
    expect(r.warnings).toContainEqual({ code: "risk_ignored", message: "The DCA strategy does not use the risk take-profit, trailing stop; the run ignored them." });
    expectLedgerInvariant(r);
  });

  it("holds one position per symbol and still respects max_open_trades across symbols", () => {
    const r = runBacktest({
      symbols: [
        { symbol: "AAA/USDT", candles: candlesFrom([100, 100, 100, 100]) },
        { symbol: "BBB/USDT", candles: candlesFrom([100, 100, 100, 100]) },
      ],
      timeframe: "1h",
      strategy: dca({ ...params, take_profit_pct: null }, { max_open_trades: 1 }),
      starting_balance: 1_000,
      fee_rate: 0,
      slippage_bps: 0,
      start: T0,
    });
    expect(r.trades.map((t) => [t.symbol, t.amount])).toEqual([["AAA/USDT", 2]]);
    expect(r.tables.rejected_entries.by_reason.max_open_trades).toBe(2);
  });
});

describe("grid (trading-semantics.md §1.11)", () => {
  // Lines 90, 95, 100, 105, 110. Bar 0 opens at 102: buys rest at 90, 95 and 100.
  const params = { lower_price: 90, upper_price: 110, levels: 5, quote_per_level: 100 };
  const bars: Bar[] = [
    [102, 103, 99, 100], // the buy at 100 fills; its sell at 105 waits for the next bar
    [100, 106, 94, 96], // the sell at 105 fills; the buy at 95 fills; the buy re-posted at 100 waits (low 94)
    [96, 101, 96, 99], // line 100: the buy (reached at the open) fills, so the sell at 100 waits
    [99, 100, 98, 99], // the sell at 100 fills
    [99, 99, 99, 99], // end of data: the lot bought at 100 in bar 2 closes at 99
  ];

  it("fills at exactly the line, each line once per bar, sells from the next bar on, and re-posts the buy", () => {
    const r = run(bars, grid(params));
    const a100 = 100 / 100.1;
    const a95 = 100 / (95 * 1.001);
    expect(r.trades.map((t) => [t.entry_at, t.entry_price, t.exit_at, t.exit_price, t.exit_reason])).toEqual([
      [T0, 100, T0 + HOUR, 105, "take_profit"],
      [T0 + HOUR, 95, T0 + 3 * HOUR, 100, "take_profit"],
      [T0 + 2 * HOUR, 100, T0 + 4 * HOUR, 99, "end_of_data"],
    ]);
    const [first, second, third] = r.trades;
    expect(first.signal_at).toBe(T0);
    expect(first.amount).toBeCloseTo(a100, 12);
    expect(first.entry_fee).toBeCloseTo(0.1 / 1.001, 12);
    expect(first.exit_fee).toBeCloseTo(0.105 / 1.001, 12);
    expect(first.pnl).toBeCloseTo(5 * a100 - 0.205 / 1.001, 12);
    expect(second.amount).toBeCloseTo(a95, 12);
    expect(second.pnl).toBeCloseTo(5 * a95 - 0.001 * 195 * a95, 12);
    // The buy re-posted by bar 1's sell was placed then.
    expect(third.signal_at).toBe(T0 + HOUR);
    expect(third.pnl).toBeCloseTo(-1 * a100 - 0.001 * 199 * a100, 12);
    expect(r.metrics.wins).toBe(2);
    expect(r.metrics.losses).toBe(1);
    // Bar 0: 900 cash and one lot marked at 100.
    expect(r.equity.values[1]).toBeCloseTo(900 + a100 * 100, 9);
    expect(r.metrics.exposure_pct).toBe(100);
    expectLedgerInvariant(r);
  });

  it("fills a gap through a line at the line, not at the open", () => {
    const r = run([[102, 102, 101, 101], [93, 94, 92, 93], 93], grid(params));
    expect(r.trades.map((t) => [t.entry_at, t.entry_price])).toEqual([
      [T0 + HOUR, 95],
      [T0 + HOUR, 100],
    ]);
  });

  it("skips a buy the cash cannot cover, counts it, and leaves it resting", () => {
    // 150 of cash covers one lot: bar 0 buys at 100 (the highest line first) and skips 95; bar 1
    // reaches 95 again and skips it again. Bar 2 sells the lot at 105 (the sale never funds the same
    // bar's buys); bar 3 buys at 100 again, the re-posted buy, and skips 95; bar 4's low touches 95.
    const r = run([[102, 102, 94, 96], [96, 97, 94, 96], [96, 106, 96, 105], [105, 105, 94, 95], 95], grid(params), { starting_balance: 150 });
    expect(r.tables.rejected_entries.by_reason.insufficient_cash).toBe(4);
    expect(r.trades.map((t) => [t.entry_at, t.entry_price, t.exit_reason])).toEqual([
      [T0, 100, "take_profit"],
      [T0 + 3 * HOUR, 100, "end_of_data"],
    ]);
    expectLedgerInvariant(r);
  });

  it("warns when the first open is below every line, and refuses lines closer than the tick", () => {
    const below = run([80, 85, 95, 100], grid(params));
    expect(below.trades).toEqual([]);
    expect(below.warnings.map((w) => w.code)).toContain("grid_no_buys");
    expect(() =>
      run([100], grid({ lower_price: 100, upper_price: 100.05, levels: 10 }), { symbols: [{ symbol: "BTC/USDT", candles: candlesFrom([100]), market: { price_tick: 0.01 } }] }),
    ).toThrow(/closer than the price tick/);
  });

  it("trades exactly one symbol", () => {
    expect(() =>
      runBacktest({
        symbols: [
          { symbol: "AAA/USDT", candles: candlesFrom([100]) },
          { symbol: "BBB/USDT", candles: candlesFrom([100]) },
        ],
        timeframe: "1h",
        strategy: grid(params),
        starting_balance: 1_000,
        fee_rate: 0,
        slippage_bps: 0,
        start: T0,
      }),
    ).toThrow(/exactly one pair/);
  });

  it("in 1m detail mode, sells a lot later in the same bar it was bought", () => {
    // Hour 0 falls from 102 to 99 in its first 10 minutes, then climbs to 106; hour 1 stays at 106.
    const path = (m: number) => (m < 10 ? 102 - (m + 1) * 0.3 : 99 + (m - 9) * 0.14);
    const rows: [number, number, number, number, number][] = [];
    let prev = 102;
    for (let m = 0; m < 120; m++) {
      const c = m < 60 ? path(m) : 106;
      rows.push([T0 + m * MINUTE, prev, Math.max(prev, c), Math.min(prev, c), c]);
      prev = c;
    }
    const detail: CandleArrays = {
      openTime: Float64Array.from(rows, (r) => r[0]),
      open: Float64Array.from(rows, (r) => r[1]),
      high: Float64Array.from(rows, (r) => r[2]),
      low: Float64Array.from(rows, (r) => r[3]),
      close: Float64Array.from(rows, (r) => r[4]),
      volume: Float64Array.from(rows, () => 1),
    };
    const hour = (s: number): Bar => [detail.open[s], Math.max(...detail.high.subarray(s, s + 60)), Math.min(...detail.low.subarray(s, s + 60)), detail.close[s + 59]];
    const candles = candlesFrom([hour(0), hour(60)]);
    const coarse = run(candles, grid(params));
    const fine = run(candles, grid(params), { symbols: [{ symbol: "BTC/USDT", candles, detail_candles: detail }] });
    expect(coarse.trades.map((t) => [t.exit_at, t.exit_reason])).toEqual([[T0 + HOUR, "take_profit"]]);
    expect(fine.settings.detail).toBe("1m");
    const t = fine.trades[0];
    expect(t).toMatchObject({ entry_price: 100, exit_price: 105, exit_reason: "take_profit" });
    expect(t.entry_at).toBe(T0 + 6 * MINUTE);
    expect(t.exit_at).toBeGreaterThan(t.entry_at);
    expect(t.exit_at).toBeLessThan(T0 + HOUR);
    expectLedgerInvariant(fine);
  });
});

describe("the ledger invariant on random runs", () => {
  it("holds for dca and grid", () => {
    for (const seed of [3, 4]) {
      const candles = randomWalk(3000, { seed, sigma: 0.01 });
      const market = { amount_step: 0.0001, min_notional: 5, price_tick: 0.01 };
      const common = { symbols: [{ symbol: "BTC/USDT", candles, market }], starting_balance: 10_000, slippage_bps: 5 };
      const runs = [
        run(candles, dca({ quote_amount: 500, interval_candles: 12, take_profit_pct: 2, max_buys: 8 }, { stop_loss_pct: 15 }), common),
        run(candles, grid({ lower_price: 70, upper_price: 130, levels: 40, spacing: "geometric", quote_per_level: 400 }), common),
      ];
      for (const r of runs) {
        expect(r.trades.length).toBeGreaterThan(5);
        expectLedgerInvariant(r);
        expect(r.metrics.trades_count).toBe(r.trades.length);
        expect(r.metrics.fees_paid).toBeCloseTo(
          r.trades.reduce((a, t) => a + t.entry_fee + t.exit_fee, 0),
          9,
        );
        for (const t of r.trades) expect(t.amount * t.entry_price).toBeGreaterThanOrEqual(5);
      }
    }
  });
});
