import { describe, expect, it } from "vitest";
import { runBacktest } from "./run-backtest";
import { atr } from "@/lib/indicators";
import { roiExitPrice } from "./bar-exits";
import { candlesFrom, HOUR, pickCandles, randomWalk, T0, thresholdRules, type Bar } from "./test-support";
import type { BacktestInput, BacktestResult } from "./types";

type Overrides = Partial<Omit<BacktestInput, "strategy">> & { rules?: object; risk?: object };

/** One symbol, hourly candles from T0, a rules strategy entering when the close crosses above 100. */
function run(bars: readonly (Bar | number)[], { rules = thresholdRules(100), risk = {}, ...rest }: Overrides = {}): BacktestResult {
  return runBacktest({
    symbols: [{ symbol: "BTC/USDT", candles: candlesFrom(bars) }],
    timeframe: "1h",
    strategy: { type: "rules", parameters: rules, risk },
    starting_balance: 10_000,
    fee_rate: 0,
    slippage_bps: 0,
    start: T0,
    ...rest,
  } as BacktestInput);
}

function expectLedgerInvariant(r: BacktestResult): void {
  const net = r.trades.reduce((a, t) => a + t.pnl, 0);
  expect(Math.abs(r.metrics.final_equity - (r.settings.starting_balance + net))).toBeLessThan(1e-9 * r.settings.starting_balance);
  expect(r.equity.values[r.equity.values.length - 1]).toBe(r.metrics.final_equity);
  expect(r.equity.values.length).toBe((r.settings.end - r.settings.start) / r.equity.interval_ms + 1);
}

/** Bars 0–1 signal at the close of bar 1 (99 → 101 crosses 100); the entry fills at bar 2's open. */
const SIGNAL: (Bar | number)[] = [99, [99, 101, 99, 101]];

describe("known-answer backtests, one per exit reason", () => {
  it("signal: queued at a close, filled at the next open", () => {
    const r = run([...SIGNAL, [100, 103, 100, 102], [102, 102, 97, 98], [97, 97, 96, 96], 96], { rules: thresholdRules(100, 99) });
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0]).toMatchObject({
      side: "long",
      signal_at: T0 + HOUR,
      entry_at: T0 + 2 * HOUR,
      entry_price: 100,
      amount: 100,
      exit_at: T0 + 4 * HOUR,
      exit_price: 97,
      exit_reason: "signal",
      pnl: -300,
    });
    expect(r.trades[0].pnl_pct).toBeCloseTo(-3, 12);
    expect([...r.equity.values]).toEqual([10_000, 10_000, 10_000, 10_200, 9_800, 9_700, 9_700]);
    expectLedgerInvariant(r);
  });

  it("§7.2 stop_loss through a gap fills at the open (93), not at the stop (95)", () => {
    const r = run([...SIGNAL, [100, 100.5, 99.5, 100], [93, 96, 90, 94], 94], { risk: { stop_loss_pct: 5 } });
    expect(r.trades[0]).toMatchObject({ exit_price: 93, exit_reason: "stop_loss", exit_at: T0 + 3 * HOUR, pnl: -700 });
    expect(r.metrics.final_equity).toBe(9_300);
    expectLedgerInvariant(r);
  });

  it("§7.3 take_profit through a gap fills at exactly 110", () => {
    const r = run([...SIGNAL, [100, 101, 99, 100], [112, 113, 111, 112], 112], { risk: { take_profit_pct: 10 } });
    expect(r.trades[0].exit_reason).toBe("take_profit");
    expect(r.trades[0].exit_price).toBeCloseTo(110, 12);
    expect(r.trades[0].pnl).toBeCloseTo(1_000, 9);
    expectLedgerInvariant(r);
  });

  it("§7.4 stop and target inside one candle: the stop first", () => {
    const r = run([...SIGNAL, [100, 101, 99, 100], [100, 111, 94, 105], 105], { risk: { stop_loss_pct: 5, take_profit_pct: 10 } });
    expect(r.trades[0]).toMatchObject({ exit_price: 95, exit_reason: "stop_loss" });
  });

  it("§7.5 trailing_stop: raised from a high, effective from the next candle", () => {
    const r = run([...SIGNAL, [100, 100, 100, 100], [100, 110, 99, 108], [108, 108, 104, 105], 105], {
      risk: { trailing_stop_pct: 5 },
      slippage_bps: 10,
      symbols: [{ symbol: "BTC/USDT", candles: candlesFrom([...SIGNAL, [100, 100, 100, 100], [100, 110, 99, 108], [108, 108, 104, 105], 105]), market: { price_tick: 0.01 } }],
    });
    const t = r.trades[0];
    expect(t.exit_reason).toBe("trailing_stop");
    expect(t.exit_at).toBe(T0 + 4 * HOUR);
    expect(t.entry_price).toBeCloseTo(100.1, 12);
    // The trail started at 100.1 × 0.95 and rose to 110 × 0.95 = 104.5 after bar 3; bar 4's low reached it.
    expect(t.exit_price).toBeCloseTo(104.5 * 0.999, 12);
  });

  it("roi: mean_reversion's minimal-ROI steps exit at their net-of-fees price by the trade's age", () => {
    const candles = randomWalk(20_000, { seed: 4, step: 5 * 60_000, sigma: 0.004 });
    const r = runBacktest({
      symbols: [{ symbol: "BTC/USDT", candles }],
      timeframe: "5m",
      strategy: {
        type: "mean_reversion",
        parameters: { buy_rsi: 35, zscore_entry: -1.5, adx_entry_max: 40, trend_sma_period: null, min_bb_width: 0, roi_table: [{ after_minutes: 0, pct: 1 }, { after_minutes: 30, pct: 0.5 }], dynamic_stop: false },
        risk: { stop_loss_pct: 5 },
      },
      starting_balance: 10_000,
      fee_rate: 0.001,
      slippage_bps: 0,
      start: candles.openTime[500],
    });
    const roi = r.trades.filter((t) => t.exit_reason === "roi");
    expect(roi.length).toBeGreaterThan(5);
    for (const t of roi) {
      const step = t.exit_at - t.entry_at >= 30 * 60_000 ? 0.5 : 1;
      const level = roiExitPrice(1, t.entry_price, step / 100, 0.001);
      // At the level (net P&L = the step), or at a higher open when a new step began above the price.
      expect(t.exit_price).toBeGreaterThanOrEqual(level - 1e-9);
      if (t.exit_price - level > 1e-9) expect(candles.open[candles.openTime.indexOf(t.exit_at)]).toBe(t.exit_price);
      else expect(t.pnl_pct).toBeCloseTo(step, 9);
    }
    expect(r.settings.roi_fee_convention).toBe("net_of_fees");
    expectLedgerInvariant(r);
  });

  it("§7.6 end_of_data: closes at the last close with slippage and fee; final equity = start + Σ net = last point", () => {
    const r = run([...SIGNAL, [100, 101, 99, 100], [100, 106, 100, 105]], { fee_rate: 0.001, slippage_bps: 20 });
    const t = r.trades[0];
    expect(t.exit_reason).toBe("end_of_data");
    expect(t.exit_at).toBe(T0 + 3 * HOUR);
    expect(t.entry_price).toBeCloseTo(100 * 1.002, 12);
    expect(t.exit_price).toBeCloseTo(105 * 0.998, 12);
    expect(r.tables.left_open).toEqual([t]);
    const amount = 10_000 / (100.2 * 1.001);
    expect(t.amount).toBeCloseTo(amount, 9);
    expect(t.entry_fee).toBeCloseTo(0.001 * 100.2 * amount, 9);
    expect(t.exit_fee).toBeCloseTo(0.001 * 104.79 * amount, 9);
    expect(t.pnl).toBeCloseTo((104.79 - 100.2) * amount - t.entry_fee - t.exit_fee, 9);
    expect(r.metrics.fees_paid).toBeCloseTo(t.entry_fee + t.exit_fee, 9);
    expectLedgerInvariant(r);
  });

  it("liquidation: a 1× short is liquidated at 1.995 × entry", () => {
    const close = { kind: "price", field: "close" } as const;
    const rules = {
      entry: { conditions: [{ left: close, op: ">", right: { kind: "constant", value: 1e9 } }] },
      short_entry: { conditions: [{ left: close, op: "crosses_below", right: { kind: "constant", value: 100 } }] },
    };
    const r = run([101, [101, 101, 99, 99], [100, 120, 100, 118], [118, 210, 117, 205], 205], { rules, risk: { allow_short: true } });
    expect(r.trades[0]).toMatchObject({ side: "short", entry_price: 100, amount: 100, exit_reason: "liquidation", exit_at: T0 + 3 * HOUR });
    expect(r.trades[0].exit_price).toBeCloseTo(199.5, 12);
    expect(r.trades[0].pnl).toBeCloseTo(-9_950, 9);
    expect(r.metrics.final_equity).toBeCloseTo(50, 9);
    expect(r.settings.margin_mode).toBe(true);
    // Equity marks a short as margin + (entry − close) × amount.
    expect(r.equity.values[3]).toBeCloseTo(10_000 - 18 * 100, 9);
    expectLedgerInvariant(r);
  });
});

describe("strategy-specific exits", () => {
  it("breakout's ATR stop is set from the signal candle's ATR and stays fixed after entry", () => {
    // W = 3 (channel) + 5 × 2 (ATR) = 13 quiet candles, then the breakout at bar 13.
    const quiet: Bar[] = Array.from({ length: 13 }, () => [100, 101, 99, 100] as const);
    const bars: (Bar | number)[] = [
      ...quiet,
      [100, 104, 100, 103], // closes above the 3-candle channel (101): entry signal
      [103, 104, 102, 103],
      [103, 130, 101, 120], // a wide candle: the ATR jumps, the stop stays where the entry put it
      [120, 121, 99, 100],
      100,
    ];
    const candles = candlesFrom(bars);
    const r = runBacktest({
      symbols: [{ symbol: "BTC/USDT", candles }],
      timeframe: "1h",
      strategy: { type: "breakout", parameters: { channel_period: 3, exit_period: 3, atr_period: 2, atr_stop_mult: 1 } },
      starting_balance: 10_000,
      fee_rate: 0,
      slippage_bps: 0,
      start: T0,
    });
    const stop = 103 - atr(candles.high, candles.low, candles.close, 2)[13];
    const t = r.trades[0];
    expect(r.settings.warmup_candles).toBe(13);
    expect(r.data_quality.symbols[0].first_decision_at).toBe(T0 + 13 * HOUR);
    expect(t).toMatchObject({ entry_at: T0 + 14 * HOUR, entry_price: 103, exit_reason: "stop_loss", exit_at: T0 + 16 * HOUR });
    // ATR[13] = (2 + 4) / 2 = 3, so the stop is 100; bar 16 opens above it and trades through it.
    expect(stop).toBeCloseTo(100, 12);
    expect(t.exit_price).toBeCloseTo(stop, 12);
  });

  it("mean_reversion's dynamic stop tightens at a close and applies from the next candle", () => {
    const candles = randomWalk(6_000, { seed: 9, step: 5 * 60_000, sigma: 0.004 });
    const common = {
      symbols: [{ symbol: "BTC/USDT", candles }],
      timeframe: "5m" as const,
      starting_balance: 10_000,
      fee_rate: 0.001,
      slippage_bps: 0,
      start: candles.openTime[500],
    };
    const parameters = { buy_rsi: 35, zscore_entry: -1.5, adx_entry_max: 40, trend_sma_period: null, min_bb_width: 0, roi_table: [] };
    const withStop = runBacktest({ ...common, strategy: { type: "mean_reversion", parameters: { ...parameters, dynamic_stop: true } } });
    const without = runBacktest({ ...common, strategy: { type: "mean_reversion", parameters: { ...parameters, dynamic_stop: false } } });
    expect(without.trades.some((t) => t.exit_reason === "stop_loss")).toBe(false);
    const stopped = withStop.trades.filter((t) => t.exit_reason === "stop_loss");
    expect(stopped.length).toBeGreaterThan(3);
    // Never in the entry candle: the first level exists only after the entry candle's close.
    for (const t of stopped) expect(t.exit_at).toBeGreaterThan(t.entry_at);
  });
});

describe("fees and slippage (§1.5, §1.6)", () => {
  it("worsens every market fill and charges the fee on the slipped price", () => {
    const bars: (Bar | number)[] = [...SIGNAL, [100, 100, 100, 100], [110, 110, 96, 97], [110, 111, 109, 110], 110];
    const r = run(bars, { rules: thresholdRules(100, 98), fee_rate: 0.001, slippage_bps: 10 });
    const t = r.trades[0];
    const amount = 10_000 / (100.1 * 1.001);
    expect(t).toMatchObject({ exit_reason: "signal", exit_at: T0 + 4 * HOUR });
    expect(t.amount).toBeCloseTo(amount, 9);
    expect(t.exit_price).toBeCloseTo(110 * 0.999, 12);
    const expected = (109.89 - 100.1) * amount - 0.001 * 100.1 * amount - 0.001 * 109.89 * amount;
    expect(t.pnl).toBeCloseTo(expected, 9);
    expect(t.pnl_pct).toBeCloseTo((expected / (100.1 * amount * 1.001)) * 100, 9);
    expectLedgerInvariant(r);
  });

  it("fills a target at its limit price without slippage", () => {
    const r = run([...SIGNAL, [100, 101, 99, 100], [104, 111, 103, 108], 108], { risk: { take_profit_pct: 10 }, slippage_bps: 50 });
    expect(r.trades[0].exit_price).toBeCloseTo(100.5 * 1.1, 12);
  });
});

describe("decisions", () => {
  it("an entry and an exit signal on one candle open nothing and close what is open (§1.2)", () => {
    const close = { kind: "price", field: "close" } as const;
    const rules = {
      entry: { conditions: [{ left: close, op: ">", right: { kind: "constant", value: 100 } }] },
      exit: { combine: "any", conditions: [{ left: close, op: ">", right: { kind: "constant", value: 105 } }] },
    };
    const r = run([99, 101, 102, 106, 107, 103, 103], { rules });
    // Enters after 101, exits after 106 (both true: conflict), stays out while both hold, re-enters after 103.
    expect(r.trades.map((t) => [t.entry_at, t.exit_at, t.exit_reason])).toEqual([
      [T0 + 2 * HOUR, T0 + 4 * HOUR, "signal"],
      [T0 + 6 * HOUR, T0 + 6 * HOUR, "end_of_data"],
    ]);
  });

  it("ignores a repeated entry signal while a position is open (no pyramiding)", () => {
    const close = { kind: "price", field: "close" } as const;
    const rules = { entry: { conditions: [{ left: close, op: ">", right: { kind: "constant", value: 100 } }] } };
    const r = run([99, 101, 102, 103, 104], { rules });
    expect(r.trades).toHaveLength(1);
  });

  it("reverses a long into a short at one open, each fill with its own fee", () => {
    const r = runBacktest({
      symbols: [{ symbol: "BTC/USDT", candles: candlesFrom([10, 10, 10, 10, 12, 14, 16, 14, 12, 10, 9, 9]) }],
      timeframe: "1h",
      strategy: { type: "ma_cross", parameters: { fast_period: 2, slow_period: 3 }, risk: { allow_short: true } },
      starting_balance: 1_000,
      fee_rate: 0.001,
      slippage_bps: 0,
      start: T0,
    });
    const [long, short] = r.trades;
    expect(long).toMatchObject({ side: "long", exit_reason: "signal" });
    expect(short).toMatchObject({ side: "short", entry_at: long.exit_at });
    expect(r.tables.long_short.map((row) => [row.side, row.trades])).toEqual([
      ["long", 1],
      ["short", 1],
    ]);
    expectLedgerInvariant(r);
  });
});

describe("several symbols sharing one balance (§1.9, §7.9)", () => {
  const rules = thresholdRules(100, 99);
  const input = (a: (Bar | number)[], b: (Bar | number)[], risk: object): BacktestInput => ({
    symbols: [
      { symbol: "AAA/USDT", candles: candlesFrom(a), market: { min_notional: 5 } },
      { symbol: "BBB/USDT", candles: candlesFrom(b), market: { min_notional: 5 } },
    ],
    timeframe: "1h",
    strategy: { type: "rules", parameters: rules, risk },
    starting_balance: 10_000,
    fee_rate: 0,
    slippage_bps: 0,
    start: T0,
  });

  it("the first symbol in the list fills; the other is rejected as insufficient_cash", () => {
    const r = runBacktest(input([99, 101, 100, 100], [99, 101, 100, 100], { position_size_pct: 100, max_open_trades: 2 }));
    expect(r.trades.map((t) => t.symbol)).toEqual(["AAA/USDT"]);
    expect(r.tables.rejected_entries.by_reason.insufficient_cash).toBe(1);
    expect(r.tables.per_symbol.map((row) => [row.symbol, row.trades, row.rejected_entries])).toEqual([
      ["AAA/USDT", 1, 0],
      ["BBB/USDT", 0, 1],
    ]);
  });

  it("an exit on B at the same open frees the cash before the entry on A", () => {
    // B enters after bar 1; at bar 3's close B signals its exit and A its entry; both fill at bar 4's open.
    const r = runBacktest(input([99, 99, 99, 101, 100, 100], [99, 101, 100, 98, 100, 100], { position_size_pct: 100, max_open_trades: 1 }));
    const [b, a] = r.trades;
    expect(b).toMatchObject({ symbol: "BBB/USDT", exit_at: T0 + 4 * HOUR, exit_reason: "signal", pnl: 0 });
    expect(a).toMatchObject({ symbol: "AAA/USDT", entry_at: T0 + 4 * HOUR, amount: 100 });
    expect(r.tables.rejected_entries.total).toBe(0);
  });

  it("checks max_open_trades at fill time and applies the account caps as a minimum", () => {
    const r = runBacktest({
      ...input([99, 101, 100, 100], [99, 101, 100, 100], { position_size_pct: 50, max_open_trades: 2 }),
      account_caps: { max_position_size_pct: 25, max_open_positions: 1 },
    });
    expect(r.settings.effective_risk).toEqual({ position_size_pct: 25, max_open_trades: 1 });
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0].amount).toBeCloseTo(25, 12);
    expect(r.tables.rejected_entries.by_reason.max_open_trades).toBe(1);
  });
});

describe("data", () => {
  it("forward-fills gaps for indicators only: orders wait for the next real candle", () => {
    const candles = candlesFrom([99, 101, 100, 100, 100, 104, 104]);
    // Drop the candle the entry would fill at (bar 2) and bar 3: the entry fills at bar 4's open.
    const keep = [0, 1, 4, 5, 6];
    const gapped = pickCandles(candles, keep);
    const input: BacktestInput = {
      symbols: [{ symbol: "BTC/USDT", candles: gapped }],
      timeframe: "1h",
      strategy: { type: "rules", parameters: thresholdRules(100) },
      starting_balance: 10_000,
      fee_rate: 0,
      slippage_bps: 0,
      start: T0,
    };
    const r = runBacktest({ ...input, max_gap_pct: null });
    expect(r.trades[0].entry_at).toBe(T0 + 4 * HOUR);
    expect(r.data_quality.symbols[0]).toMatchObject({ gap_count: 1, missing_candles: 2, total_gap_ms: 2 * HOUR, longest_gap_ms: 2 * HOUR, candles: 5 });
    expect(r.warnings.map((w) => w.code)).toContain("gaps_filled");
    expectLedgerInvariant(r);
    // By default the run fails when more than 1% of the candles are missing.
    expect(() => runBacktest(input)).toThrow(/2 of 7 candles are missing/);
  });

  it("refuses candles off the grid, out of order or not OHLC-consistent", () => {
    const bad = candlesFrom([99, 101, 100]);
    bad.high[1] = 99;
    expect(() => run([99], { symbols: [{ symbol: "X/USDT", candles: bad }] })).toThrow(/not a valid OHLCV candle/);
    const offGrid = candlesFrom([99, 101, 100]);
    offGrid.openTime[2] += 1;
    expect(() => run([99], { symbols: [{ symbol: "X/USDT", candles: offGrid }] })).toThrow(/UTC grid/);
  });

  it("is reproducible: identical inputs give identical results and candle hash", () => {
    const bars = [...SIGNAL, 100, 103, 98, 104, 97];
    const a = run(bars, { risk: { stop_loss_pct: 2 }, fee_rate: 0.001 });
    const b = run(bars, { risk: { stop_loss_pct: 2 }, fee_rate: 0.001 });
    expect(a).toEqual(b);
    expect(a.candles_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(run([...SIGNAL, 100, 103, 98, 104, 97.5]).candles_sha256).not.toBe(a.candles_sha256);
  });

  it("reports the settings, data quality and warnings that reproduce and qualify a run", () => {
    const r = run([...SIGNAL, 100, 102], { source: "simulated:v1:demo" });
    expect(r.engine_version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(r.settings).toMatchObject({ timeframe: "1h", start: T0, end: T0 + 4 * HOUR, fee_rate: 0, sizing: "pct_equity", detail: null, warmup_candles: 0 });
    expect(r.data_quality).toMatchObject({ source: "simulated:v1:demo", simulated: true });
    expect(r.data_quality.symbols[0].first_decision_at).toBe(T0);
    expect(r.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(["few_trades", "short_sample", "short_cagr"]));
    expect(r.metrics.sharpe).toBeNull();
    expect(r.null_reasons.sharpe).toBe("fewer_than_2_daily_returns");
  });

  it("rejects bad settings with the input's field names as paths", () => {
    expect(() => run([99, 101], { fee_rate: 0.5 })).toThrow(/fee_rate/);
    const negativeStep = [{ symbol: "BTC/USDT", candles: candlesFrom([99, 101]), market: { amount_step: -1 } }];
    expect(() => run([99, 101], { symbols: negativeStep })).toThrow(/"symbols",\s*0,\s*"market",\s*"amount_step"/);
    expect(() => run([99, 101], { account_caps: { max_position_size_pct: 0, max_open_positions: 1 } })).toThrow(/max_position_size_pct/);
    expect(() => run([99, 101], { rules: { entry: { conditions: [] } } })).toThrow(/parameters/);
  });
});
