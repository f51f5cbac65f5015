import { describe, expect, it } from "vitest";
import { adx, atr, bollinger, donchian, ema, macd, rsi, sma, volumeMa, zscore } from "@/lib/indicators";
import { candlesFrom, HOUR, randomWalk } from "@/lib/backtest/test-support";
import { ENTER_LONG, ENTER_SHORT, EXIT_LONG, EXIT_SHORT, getStrategy, gridLevels, parseStrategyConfig, type StrategyConfig } from "./index";
import { markCrossings } from "./crossings";
import { templateStop } from "./mean-reversion";
import { evaluateCondition } from "./rules";

function signalsOf(input: unknown, candles = randomWalk(600, { seed: 3 }), allowShort = false) {
  const config = parseStrategyConfig(input) as StrategyConfig;
  return getStrategy(config.type).signals(candles, config.parameters, { allowShort, timeframeMs: HOUR });
}

function barsWith(flags: Uint8Array, flag: number): number[] {
  return [...flags.keys()].filter((i) => (flags[i] & flag) !== 0);
}

describe("crossings", () => {
  it("a crosses above b at t when a[t] > b[t] and a[t−1] ≤ b[t−1], with all four defined", () => {
    const a = Float64Array.of(NaN, 1, 2, 2, 3, 1, 1, 2);
    const b = Float64Array.of(0, 1, 1, 2, 2, 2, 1, 1);
    const out = new Uint8Array(8);
    markCrossings(a, b, out, 1, 2);
    // t=1: a[0] is NaN → no cross; t=2: 2>1 after 1≤1 → above; t=4: 3>2 after 2≤2 → above;
    // t=5: 1<2 after 3≥2 → below; t=7: 2>1 after 1≤1 → above.
    expect([...out]).toEqual([0, 0, 1, 0, 1, 2, 0, 1]);
  });
});

describe("ma_cross", () => {
  it("enters on the fast average crossing above the slow one and exits on the cross below", () => {
    const candles = randomWalk(400, { seed: 5 });
    const s = signalsOf({ type: "ma_cross", parameters: { ma_type: "ema", fast_period: 5, slow_period: 20 } }, candles);
    const fast = ema(candles.close, 5);
    const slow = ema(candles.close, 20);
    const expected = new Uint8Array(400);
    markCrossings(fast, slow, expected, ENTER_LONG, EXIT_LONG);
    expect(s.flags).toEqual(expected);
    expect(barsWith(s.flags, ENTER_LONG).length).toBeGreaterThan(3);
    expect(barsWith(s.flags, ENTER_SHORT)).toEqual([]);
  });

  it("mirrors into shorts only when shorts are allowed", () => {
    const candles = randomWalk(400, { seed: 5 });
    const s = signalsOf({ type: "ma_cross", parameters: { fast_period: 5, slow_period: 20 } }, candles, true);
    expect(barsWith(s.flags, ENTER_SHORT)).toEqual(barsWith(s.flags, EXIT_LONG));
    expect(barsWith(s.flags, EXIT_SHORT)).toEqual(barsWith(s.flags, ENTER_LONG));
  });

  it("reports W = longest lookback + 5 × longest recursive period (§1.3)", () => {
    const w = (parameters: object) => {
      const c = parseStrategyConfig({ type: "ma_cross", parameters }) as StrategyConfig;
      return getStrategy(c.type).warmupBars(c.parameters, HOUR);
    };
    expect(w({ ma_type: "ema", fast_period: 50, slow_period: 200 })).toBe(199 + 1000);
    expect(w({ ma_type: "sma", fast_period: 50, slow_period: 200 })).toBe(199);
  });
});

describe("momentum", () => {
  it("takes MACD crosses only in the direction of the EMA trend, and exits on any opposite cross", () => {
    const candles = randomWalk(800, { seed: 11 });
    const s = signalsOf({ type: "momentum", parameters: { macd_fast: 6, macd_slow: 13, macd_signal: 5, trend_ema_period: 50 } }, candles);
    const m = macd(candles.close, 6, 13, 5);
    const trend = ema(candles.close, 50);
    const crosses = new Uint8Array(800);
    markCrossings(m.line, m.signal, crosses, 1, 2);
    const entries = barsWith(s.flags, ENTER_LONG);
    expect(entries.length).toBeGreaterThan(2);
    expect(entries).toEqual([...crosses.keys()].filter((i) => crosses[i] === 1 && candles.close[i] > trend[i]));
    expect(barsWith(s.flags, EXIT_LONG)).toEqual([...crosses.keys()].filter((i) => crosses[i] === 2));
    // Crosses above while below the trend exist and are skipped.
    expect([...crosses.keys()].some((i) => crosses[i] === 1 && !(candles.close[i] > trend[i]))).toBe(true);
  });

  it("needs W = MACD lookback or trend lookback + 5 × the longest EMA", () => {
    const c = parseStrategyConfig({ type: "momentum" }) as StrategyConfig;
    expect(getStrategy(c.type).warmupBars(c.parameters, HOUR)).toBe(199 + 5 * 200);
  });
});

describe("breakout", () => {
  it("compares the close with the channel of the previous candles, excluding the current one", () => {
    // Bar 4 closes at 10.5 above the previous highs (≤ 10) but below its own high of 12: a channel
    // that included bar 4 could never be closed above.
    const candles = candlesFrom([
      [9, 10, 8, 9],
      [9, 10, 8, 9],
      [9, 10, 8, 9],
      [9, 10, 8, 9],
      [9, 12, 9, 10.5],
      [10, 11, 7.5, 7.6],
    ]);
    const s = signalsOf({ type: "breakout", parameters: { channel_period: 3, exit_period: 2, atr_period: 2, atr_stop_mult: 1.5 } }, candles, true);
    expect(barsWith(s.flags, ENTER_LONG)).toEqual([4]);
    expect(barsWith(s.flags, EXIT_SHORT)).toEqual([4]);
    // Bar 5 closes below the lowest low of bars 3–4 (8): out of the long; below bars 2–4's low (8): short.
    expect(barsWith(s.flags, EXIT_LONG)).toEqual([5]);
    expect(barsWith(s.flags, ENTER_SHORT)).toEqual([5]);
    const withCurrent = donchian(candles.high, candles.low, 3);
    expect(candles.close[4] > withCurrent.upper[4]).toBe(false);
    const a = atr(candles.high, candles.low, candles.close, 2);
    expect(s.entryStopDistance![4]).toBeCloseTo(1.5 * a[4], 12);
  });
});

describe("mean_reversion", () => {
  it("enters when every filter holds and exits when any exit condition does", () => {
    const candles = randomWalk(3000, { seed: 21, sigma: 0.02 });
    const params = { bb_period: 20, bb_std: 1.5, buy_rsi_period: 7, buy_rsi: 35, zscore_period: 20, zscore_entry: -1.5, adx_entry_max: 40, trend_sma_period: null, min_bb_width: 0 };
    const s = signalsOf({ type: "mean_reversion", parameters: params }, candles);
    const { high, low, close, volume } = candles;
    const bands = bollinger(close, 20, 1.5);
    const strength = rsi(close, 7);
    const z = zscore(close, 20);
    const trend = adx(high, low, close, 14).adx;
    const vma = volumeMa(volume, 20);
    const enter: number[] = [];
    const exit: number[] = [];
    for (let i = 0; i < close.length; i++) {
      if (trend[i] < 40 && close[i] < bands.lower[i] && strength[i] < 35 && z[i] < -1.5 && volume[i] / vma[i] > 1 && volume[i] > 0) enter.push(i);
      if ((close[i] >= bands.middle[i] && strength[i] > 70) || z[i] > 0 || trend[i] > 35) exit.push(i);
    }
    expect(enter.length).toBeGreaterThan(3);
    expect(barsWith(s.flags, ENTER_LONG)).toEqual(enter);
    expect(barsWith(s.flags, EXIT_LONG)).toEqual(exit);
    expect(s.roi).toEqual([
      { after_minutes: 0, pct: 10 },
      { after_minutes: 20, pct: 5 },
      { after_minutes: 40, pct: 3 },
      { after_minutes: 60, pct: 1 },
    ]);
    expect(s.trailingActivationPct).toBe(2);
  });

  it("applies the template's stop ladder relative to the close", () => {
    const close = Float64Array.of(90, 100, 100.5, 102, 104, 106, 99);
    const atrValues = Float64Array.of(1, 1, 1, 1, 1, 1, 4);
    const stop = templateStop(close, atrValues, 2.5);
    expect(stop(1, 100, 0)).toBeCloseTo(90 * (1 - 2.5 / 90), 12); // losing: 2.5 ATR (2.8%) below the close
    expect(stop(1, 100, 6)).toBeCloseTo(99 * 0.95, 12); // losing: 2.5 ATR is 10%, capped at 5%
    expect(stop(1, 100, 2)).toBeCloseTo(100.5 * 0.97, 12); // 0–1% profit
    expect(stop(1, 100, 3)).toBeCloseTo(102 * 0.98, 12); // above 1%
    expect(stop(1, 100, 4)).toBeCloseTo(104 * 0.99, 12); // above 3%
    expect(stop(1, 100, 5)).toBeCloseTo(101, 12); // above 5%: lock +1% over the entry
  });

  it("needs W from its longest window and its recursive indicators", () => {
    const c = parseStrategyConfig({ type: "mean_reversion" }) as StrategyConfig;
    // SMA 200 (lookback 199) + 5 × 14 (RSI, ADX and ATR periods).
    expect(getStrategy(c.type).warmupBars(c.parameters, HOUR)).toBe(199 + 70);
  });
});

describe("rules", () => {
  const close = { kind: "price", field: "close" } as const;
  const constant = (value: number) => ({ kind: "constant", value }) as const;

  it("crosses_above is a[t] > b[t] and a[t−1] ≤ b[t−1]; a NaN operand makes a condition false", () => {
    const a = Float64Array.of(1, 2, 2, 3, NaN, 5, 4);
    const b = Float64Array.of(2, 2, 2, 2, 2, 2, 2);
    const out = new Uint8Array(7);
    const op = (o: ">" | "<" | "crosses_above" | "crosses_below") => {
      evaluateCondition({ left: close, op: o, right: constant(0) }, a, b, out);
      return [...out];
    };
    expect(op("crosses_above")).toEqual([0, 0, 0, 1, 0, 0, 0]);
    expect(op("crosses_below")).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(op(">")).toEqual([0, 0, 0, 1, 0, 1, 1]);
    expect(op("<")).toEqual([1, 0, 0, 0, 0, 0, 0]);
  });

  it("combines conditions with all or any, computes indicators once, and signals exits", () => {
    const candles = randomWalk(500, { seed: 8 });
    const rsiOp = { kind: "indicator", name: "rsi", params: { period: 14 } } as const;
    const smaOp = { kind: "indicator", name: "sma", params: { period: 50 } } as const;
    const s = signalsOf(
      {
        type: "rules",
        parameters: {
          entry: { combine: "all", conditions: [{ left: rsiOp, op: "<", right: constant(50) }, { left: close, op: ">", right: smaOp }] },
          exit: { combine: "any", conditions: [{ left: rsiOp, op: ">", right: constant(65) }, { left: close, op: "crosses_below", right: smaOp }] },
        },
      },
      candles,
    );
    const r = rsi(candles.close, 14);
    const m = sma(candles.close, 50);
    const c = candles.close;
    const entries = [...c.keys()].filter((i) => r[i] < 50 && c[i] > m[i]);
    const exits = [...c.keys()].filter((i) => r[i] > 65 || (i > 0 && c[i] < m[i] && c[i - 1] >= m[i - 1]));
    expect(entries.length).toBeGreaterThan(0);
    expect(barsWith(s.flags, ENTER_LONG)).toEqual(entries);
    expect(barsWith(s.flags, EXIT_LONG)).toEqual(exits);
  });

  it("warms up on the indicators it uses, and uses short conditions only when shorts are allowed", () => {
    const config = parseStrategyConfig({
      type: "rules",
      parameters: {
        entry: { conditions: [{ left: { kind: "indicator", name: "ema", params: { period: 30 } }, op: ">", right: close }] },
        short_entry: { conditions: [{ left: close, op: "<", right: constant(95) }] },
      },
    }) as StrategyConfig;
    expect(getStrategy("rules").warmupBars(config.parameters, HOUR)).toBe(29 + 150);
    const candles = randomWalk(300, { seed: 2 });
    expect(barsWith(getStrategy("rules").signals(candles, config.parameters, { allowShort: false, timeframeMs: HOUR }).flags, ENTER_SHORT)).toEqual([]);
    const shorts = barsWith(getStrategy("rules").signals(candles, config.parameters, { allowShort: true, timeframeMs: HOUR }).flags, ENTER_SHORT);
    expect(shorts).toEqual([...candles.close.keys()].filter((i) => candles.close[i] < 95));
  });
});

describe("dca", () => {
  it("signals a buy every interval from the first candle and hands the engine its buy plan", () => {
    const s = signalsOf({ type: "dca", parameters: { quote_amount: 50, interval_candles: 4, take_profit_pct: 2, max_buys: null } }, randomWalk(10, { seed: 1 }));
    expect(barsWith(s.flags, ENTER_LONG)).toEqual([0, 4, 8]);
    expect(barsWith(s.flags, EXIT_LONG)).toEqual([]);
    expect(s.accumulate).toEqual({ quote_amount: 50, take_profit_pct: 2, max_buys: null });
    expect(getStrategy("dca").warmupBars(parseStrategyConfig({ type: "dca" }).parameters, HOUR)).toBe(0);
  });
});

describe("grid", () => {
  it("spaces its lines arithmetically or geometrically between the two prices, both included", () => {
    const arithmetic = signalsOf({ type: "grid", parameters: { lower_price: 90, upper_price: 110, levels: 5 } });
    expect([...arithmetic.grid!.levels]).toEqual([90, 95, 100, 105, 110]);
    expect(arithmetic.grid!.quote_per_level).toBe(100);
    expect(barsWith(arithmetic.flags, ENTER_LONG | EXIT_LONG)).toEqual([]);
    const geometric = gridLevels({ lower_price: 100, upper_price: 400, levels: 3, spacing: "geometric" });
    expect(geometric[0]).toBe(100);
    expect(geometric[1]).toBeCloseTo(200, 12);
    expect(geometric[2]).toBe(400);
  });
});
