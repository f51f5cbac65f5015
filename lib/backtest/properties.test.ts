import { describe, expect, it } from "vitest";
import type { CandleArrays } from "@/lib/market/simulated";
import type { RulesParametersInput, StrategyConfigInput } from "@/lib/strategies";
import { runBacktest } from "./run-backtest";
import { candlesFrom, copyCandles, DAY, HOUR, randomWalk, seededRandom, sliceCandles, T0, thresholdRules } from "./test-support";
import type { BacktestInput, BacktestResult } from "./types";

const STRATEGIES: StrategyConfigInput[] = [
  { type: "ma_cross", parameters: { ma_type: "ema", fast_period: 5, slow_period: 13 }, risk: { stop_loss_pct: 3, trailing_stop_pct: 4 } },
  { type: "momentum", parameters: { macd_fast: 5, macd_slow: 12, macd_signal: 4, trend_ema_period: 30 }, risk: { take_profit_pct: 4, allow_short: true } },
  { type: "breakout", parameters: { channel_period: 10, exit_period: 5, atr_period: 7, atr_stop_mult: 2 }, risk: { allow_short: true } },
  {
    type: "mean_reversion",
    parameters: { buy_rsi: 35, zscore_entry: -1.5, adx_entry_max: 40, trend_sma_period: null, min_bb_width: 0 },
    risk: { stop_loss_pct: 5, trailing_stop_pct: 1 },
  },
  {
    type: "rules",
    parameters: {
      entry: { conditions: [{ left: { kind: "indicator", name: "rsi", params: { period: 6 } }, op: "crosses_above", right: { kind: "constant", value: 35 } }] },
      exit: { combine: "any", conditions: [{ left: { kind: "indicator", name: "rsi", params: { period: 6 } }, op: ">", right: { kind: "constant", value: 65 } }] },
    },
    risk: { stop_loss_pct: 2 },
  },
];

function input(candles: CandleArrays, strategy: StrategyConfigInput, start: number): BacktestInput {
  return {
    symbols: [{ symbol: "BTC/USDT", candles, market: { amount_step: 0.0001, min_notional: 5, price_tick: 0.01 } }],
    timeframe: "1h",
    strategy,
    starting_balance: 10_000,
    fee_rate: 0.001,
    slippage_bps: 5,
    start,
  };
}

/** Everything a decision at or before `cut` (a bar's open time) can have produced. */
function decidedBy(r: BacktestResult, cut: number) {
  const barsThrough = (cut - r.settings.start) / HOUR + 1;
  return {
    equity: [...r.equity.values.subarray(0, barsThrough + 1)],
    closed: r.trades.filter((t) => t.exit_at <= cut && t.exit_reason !== "end_of_data"),
    entered: r.trades.filter((t) => t.entry_at <= cut).map((t) => [t.signal_at, t.entry_at, t.entry_price, t.amount, t.side]),
    decided: r.trades.filter((t) => t.signal_at <= cut).map((t) => [t.signal_at, t.side]),
  };
}

describe("no look-ahead: changing candles after t never changes anything decided at or before t", () => {
  for (const strategy of STRATEGIES) {
    it(strategy.type, () => {
      for (const seed of [1, 2, 3]) {
        const candles = randomWalk(1500, { seed, sigma: 0.012 });
        const start = candles.openTime[400];
        const base = runBacktest(input(candles, strategy, start));
        expect(base.trades.length).toBeGreaterThan(2);
        const rnd = seededRandom(seed * 7);
        // Cut at candles where decisions happened (a peek one candle ahead would show there) and elsewhere.
        const signalBars = base.trades.slice(0, 5).map((t) => (t.signal_at - candles.openTime[0]) / HOUR);
        for (const cutIndex of [...signalBars, 600, 900, 1300]) {
          const changed = copyCandles(candles);
          // A different future: every later candle scaled by its own factor (still valid OHLC).
          for (let i = cutIndex + 1; i < changed.close.length; i++) {
            const f = 0.7 + 0.6 * rnd();
            changed.open[i] *= f;
            changed.high[i] *= f;
            changed.low[i] *= f;
            changed.close[i] *= f;
            changed.volume[i] *= 2 * rnd();
          }
          const other = runBacktest(input(changed, strategy, start));
          const cut = candles.openTime[cutIndex];
          expect(decidedBy(other, cut)).toEqual(decidedBy(base, cut));
        }
      }
    });
  }
});

describe("no look-ahead for the order-placing types (dca, grid)", () => {
  // A dca position's entry price and amount grow with later buys, so a trade still open at the cut is
  // compared by when it started; everything closed by the cut, and the equity, must be identical.
  const types: StrategyConfigInput[] = [
    { type: "dca", parameters: { quote_amount: 700, interval_candles: 10, take_profit_pct: 2, max_buys: 6 }, risk: { stop_loss_pct: 8 } },
    { type: "grid", parameters: { lower_price: 75, upper_price: 125, levels: 30, spacing: "geometric", quote_per_level: 600 } },
  ];
  for (const strategy of types) {
    it(strategy.type, () => {
      for (const seed of [1, 2]) {
        const candles = randomWalk(1500, { seed, sigma: 0.012 });
        const start = candles.openTime[400];
        const base = runBacktest(input(candles, strategy, start));
        expect(base.trades.length).toBeGreaterThan(10);
        const rnd = seededRandom(seed * 13);
        for (const cutIndex of [420, 600, 900, 1300]) {
          const changed = copyCandles(candles);
          for (let i = cutIndex + 1; i < changed.close.length; i++) {
            const f = 0.7 + 0.6 * rnd();
            changed.open[i] *= f;
            changed.high[i] *= f;
            changed.low[i] *= f;
            changed.close[i] *= f;
          }
          const other = runBacktest(input(changed, strategy, start));
          const cut = candles.openTime[cutIndex];
          const seen = (r: BacktestResult) => {
            const d = decidedBy(r, cut);
            return { equity: d.equity, closed: d.closed, started: r.trades.filter((t) => t.entry_at <= cut).map((t) => [t.signal_at, t.entry_at]) };
          };
          expect(seen(other)).toEqual(seen(base));
        }
      }
    });
  }
});

describe("warm-up: exactly W candles before start are used, whatever history is passed", () => {
  it("gives identical results with one or five years of daily history before the start", () => {
    const fiveYears = randomWalk(5 * 365 + 400, { seed: 17, step: DAY, sigma: 0.03 });
    const start = fiveYears.openTime[5 * 365];
    const oneYearFrom = 4 * 365;
    const oneYear = sliceCandles(fiveYears, oneYearFrom);
    const daily = (candles: CandleArrays): BacktestInput => ({
      ...input(candles, STRATEGIES[0], start),
      timeframe: "1d",
      strategy: { type: "ma_cross", parameters: { ma_type: "ema", fast_period: 10, slow_period: 30 } },
    });
    const a = runBacktest(daily(fiveYears));
    const b = runBacktest(daily(oneYear));
    expect(a.settings.warmup_candles).toBe(29 + 150);
    expect(a.trades.length).toBeGreaterThan(3);
    expect(b).toEqual(a);
    // The hash covers exactly the W warm-up candles plus the range.
    expect(a.data_quality.symbols[0].first_candle_at).toBe(start - 179 * DAY);
  });

  it("starts deciding late, with a warning, when fewer than W candles precede the start", () => {
    const candles = randomWalk(300, { seed: 5 });
    const r = runBacktest({ ...input(candles, STRATEGIES[0], candles.openTime[10]) });
    // W = 12 + 5 × 13 = 77: the first decision is the candle preceded by 77 candles.
    expect(r.settings.warmup_candles).toBe(77);
    expect(r.data_quality.symbols[0].first_decision_at).toBe(candles.openTime[77]);
    expect(r.warnings.map((w) => w.code)).toContain("late_first_decision");
    expect(r.trades.every((t) => t.signal_at >= candles.openTime[77])).toBe(true);
  });
});

describe("marking paths", () => {
  it("gives bit-identical equity whether bars are marked one by one or in quiet stretches", () => {
    // A stop that never triggers forces the per-bar path on every bar with a position.
    const candles = randomWalk(3000, { seed: 31, sigma: 0.01 });
    const run = (risk: object) =>
      runBacktest({ ...input(candles, { type: "ma_cross", parameters: { fast_period: 5, slow_period: 20 }, risk }, candles.openTime[100]) });
    const quiet = run({});
    const perBar = run({ stop_loss_pct: 99 });
    expect(perBar.trades.length).toBeGreaterThan(20);
    expect([...perBar.equity.values]).toEqual([...quiet.equity.values]);
    expect(perBar.trades).toEqual(quiet.trades);
    expect(perBar.metrics.max_drawdown_intrabar_pct).toBe(quiet.metrics.max_drawdown_intrabar_pct);
    expect(perBar.metrics.avg_gross_exposure_pct).toBe(quiet.metrics.avg_gross_exposure_pct);
  });
});

describe("the ledger invariant holds on random runs (§1.12)", () => {
  it("final equity = starting balance + Σ net P&L = the last equity point", () => {
    for (const strategy of STRATEGIES) {
      for (const seed of [11, 12]) {
        const candles = randomWalk(2000, { seed, sigma: 0.015 });
        const r = runBacktest({ ...input(candles, strategy, candles.openTime[300]), funding_rate: 0.0001 });
        const net = r.trades.reduce((a, t) => a + t.pnl, 0);
        expect(Math.abs(r.metrics.final_equity - (10_000 + net))).toBeLessThan(1e-9 * 10_000);
        expect(r.equity.values[r.equity.values.length - 1]).toBe(r.metrics.final_equity);
        expect(r.metrics.trades_count).toBe(r.trades.length);
        expect(r.tables.per_exit_reason.reduce((a, row) => a + row.trades, 0)).toBe(r.trades.length);
        for (const t of r.trades) expect(t.amount * t.entry_price).toBeGreaterThanOrEqual(5);
      }
    }
  });

  it("charges funding to margin positions at 00:00, 08:00 and 16:00 UTC, and never to spot positions", () => {
    // Flat at 100 from 00:00; the short fills at 02:00 and is held to the close of the 30th hour:
    // instants 08:00, 16:00 and 00:00 each pay side × rate × amount × price = −1 × 0.0001 × 100 × 100.
    const bars = [101, 99, ...Array.from({ length: 29 }, () => 100)];
    const close = { kind: "price", field: "close" } as const;
    const rules: RulesParametersInput = {
      entry: { conditions: [{ left: close, op: ">", right: { kind: "constant", value: 1e9 } }] },
      short_entry: { conditions: [{ left: close, op: "crosses_below", right: { kind: "constant", value: 100 } }] },
    };
    const base: BacktestInput = {
      symbols: [{ symbol: "BTC/USDT", candles: candlesFrom(bars) }],
      timeframe: "1h",
      strategy: { type: "rules", parameters: rules, risk: { allow_short: true } },
      starting_balance: 10_000,
      fee_rate: 0,
      slippage_bps: 0,
      start: T0,
      funding_rate: 0.0001,
    };
    const short = runBacktest(base);
    expect(short.trades).toHaveLength(1);
    expect(short.trades[0]).toMatchObject({ side: "short", entry_at: T0 + 2 * HOUR, amount: 100 });
    expect(short.trades[0].funding).toBeCloseTo(-3, 9);
    expect(short.trades[0].pnl).toBeCloseTo(3, 9);
    expect(short.metrics.funding_paid).toBeCloseTo(-3, 9);
    expect(short.metrics.final_equity).toBeCloseTo(10_003, 9);
    const spot = runBacktest({ ...base, strategy: { type: "rules", parameters: thresholdRules(100), risk: {} }, symbols: [{ symbol: "BTC/USDT", candles: candlesFrom([99, 101, ...bars.slice(2)]) }] });
    expect(spot.trades[0].funding).toBe(0);
    expect(spot.metrics.funding_paid).toBe(0);
  });
});
