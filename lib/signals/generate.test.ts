import { describe, expect, it } from "vitest";
import { atr } from "@/lib/indicators";
import { roundToTick } from "@/lib/backtest/market-filters";
import { candlesFrom, randomWalk, T0 } from "@/lib/backtest/test-support";
import { clampVote, DEFAULT_WEIGHTS, generateSignal, SIGNAL_INPUTS, utcDate, type SignalInput } from "./generate";

const ONLY = (input: SignalInput): Record<SignalInput, number> =>
  Object.fromEntries(SIGNAL_INPUTS.map((k) => [k, k === input ? 1 : 0])) as Record<SignalInput, number>;

const walk = randomWalk(200, { seed: 7 });
const lastDate = utcDate(walk.openTime[walk.openTime.length - 1]);

/** A steady decline (or rise) with a little range, so RSI saturates and ATR is positive. */
function trend(n: number, step: number): ReturnType<typeof candlesFrom> {
  const bars = Array.from({ length: n }, (_, i) => {
    const o = 100 + step * i;
    const c = o + step;
    return [o, Math.max(o, c) + 0.1, Math.min(o, c) - 0.1, c, 10] as const;
  });
  return candlesFrom(bars);
}

describe("generateSignal", () => {
  it("the reason lines add up exactly to the score, and confidence = |score|", () => {
    const s = generateSignal({ candles: walk, timeframe: "1h", fearGreed: { value: 30, date: lastDate }, priceTick: 0.01 });
    let sum = 0;
    for (const r of s.reasons) {
      expect(r.contribution).toBe(r.weight * r.vote);
      sum += r.contribution;
    }
    expect(sum).toBe(s.score);
    expect(s.confidence).toBe(Math.abs(s.score));
    expect(s.reasons.map((r) => r.input)).toEqual(SIGNAL_INPUTS);
    expect(SIGNAL_INPUTS.reduce((a, k) => a + DEFAULT_WEIGHTS[k], 0)).toBeCloseTo(1, 15);
  });

  it("sums exactly with dyadic weights and votes (exact binary arithmetic)", () => {
    // Weights that are powers of two and votes of exactly ±1 or 0 make every product and partial sum
    // exact in binary, so the expected lines and score are exact numbers.
    const weights = { rsi: 0.5, macd: 0, bollinger: 0, ema_trend: 0, volume: 0, fear_greed: 0.5 };
    const c = trend(80, -0.5);
    const s = generateSignal({
      candles: c,
      timeframe: "1h",
      fearGreed: { value: 25, date: utcDate(c.openTime[79]) },
      priceTick: 0.01,
      options: { weights },
    });
    // A strictly falling close: Wilder RSI is 0, so the RSI vote is clamp(50/20) = 1.
    expect(s.indicators.rsi14).toBe(0);
    expect(s.reasons.map((r) => r.contribution)).toEqual([0.5, 0, 0, 0, 0, 0.5]);
    expect(s.score).toBe(1);
    expect(s.signal).toBe("buy");
  });

  it("each vote follows its documented formula and threshold", () => {
    const s = generateSignal({ candles: walk, timeframe: "1h", fearGreed: { value: 30, date: lastDate }, priceTick: 0 });
    const ind = s.indicators;
    const by = Object.fromEntries(s.reasons.map((r) => [r.input, r]));
    expect(by.rsi.vote).toBe(clampVote((50 - ind.rsi14) / 20));
    expect(by.rsi.threshold).toEqual({ buy: 30, sell: 70 });
    expect(by.macd.vote).toBe(clampVote(ind.macd_hist / (0.2 * ind.atr14)));
    expect(by.bollinger.vote).toBe(clampVote(-(ind.close - ind.bb_middle) / (ind.bb_upper - ind.bb_middle)));
    expect(by.bollinger.threshold).toEqual({ buy: ind.bb_lower, sell: ind.bb_upper });
    expect(by.ema_trend.vote).toBe(clampVote((ind.ema20 - ind.ema50) / ind.atr14));
    expect(by.fear_greed.vote).toBe(0.8); // (50 − 30) / 25
    expect(by.fear_greed.threshold).toEqual({ buy: 25, sell: 75 });
  });

  it("Fear & Greed votes are contrarian and saturate at 25 / 75", () => {
    const vote = (value: number) =>
      generateSignal({ candles: walk, timeframe: "1h", fearGreed: { value, date: lastDate }, priceTick: 0 }).reasons[5].vote;
    expect(vote(25)).toBe(1);
    expect(vote(10)).toBe(1);
    expect(vote(50)).toBe(0);
    expect(vote(75)).toBe(-1);
    expect(vote(90)).toBe(-1);
  });

  it("buy at s ≥ θ, sell at s ≤ −θ, hold between", () => {
    const fg = (value: number) => ({ value, date: lastDate });
    const gen = (value: number) =>
      generateSignal({ candles: walk, timeframe: "1h", fearGreed: fg(value), priceTick: 0, options: { weights: ONLY("fear_greed") } });
    // Vote (50 − v)/25: v = 43.75 gives exactly 0.25 = θ.
    expect(gen(44).signal).toBe("hold"); // 0.24
    expect(gen(43).signal).toBe("buy"); // 0.28
    expect(gen(57).signal).toBe("sell"); // −0.28
    expect(gen(56).signal).toBe("hold");
    const atTheta = generateSignal({
      candles: walk,
      timeframe: "1h",
      fearGreed: fg(45),
      priceTick: 0,
      options: { weights: ONLY("fear_greed"), threshold: 0.2 },
    });
    expect(atTheta.score).toBe(0.2);
    expect(atTheta.signal).toBe("buy");
    expect(gen(50)).toMatchObject({ signal: "hold", stop_loss: null, take_profit: null, reward_risk_ratio: null });
  });

  it("missing or stale Fear & Greed is a neutral fallback that sets degraded", () => {
    const none = generateSignal({ candles: walk, timeframe: "1h", fearGreed: null, priceTick: 0 });
    expect(none.degraded).toBe(true);
    expect(none.reasons[5]).toMatchObject({ input: "fear_greed", value: null, vote: 0, contribution: 0 });
    const stale = generateSignal({ candles: walk, timeframe: "1h", fearGreed: { value: 20, date: "2020-01-01" }, priceTick: 0 });
    expect(stale.degraded).toBe(true);
    const invalid = generateSignal({ candles: walk, timeframe: "1h", fearGreed: { value: 101, date: lastDate }, priceTick: 0 });
    expect(invalid.degraded).toBe(true);
    const ok = generateSignal({
      candles: walk,
      timeframe: "1h",
      fearGreed: { value: 20, date: lastDate, source: "alternative.me" },
      priceTick: 0,
    });
    expect(ok.degraded).toBe(false);
    expect(ok.fear_greed_source).toBe("alternative.me");
    expect(ok.indicators.fear_greed).toBe(20);
    expect(ok.reasons[5].text).toContain("Extreme Fear");
  });

  it("levels: entry = close, SL/TP at 1.5·ATR14 and twice that, rounded to the tick", () => {
    const c = trend(80, -0.37);
    const tick = 0.05;
    const s = generateSignal({ candles: c, timeframe: "1h", priceTick: tick, options: { weights: ONLY("rsi") } });
    const entry = c.close[79];
    const a = atr(c.high, c.low, c.close, 14)[79];
    expect(s.signal).toBe("buy");
    expect(s.entry_price).toBe(entry);
    expect(s.candle_time).toBe(T0 + 79 * 3_600_000);
    expect(s.indicators.atr14).toBe(a);
    expect(s.stop_loss).toBe(roundToTick(entry - 1.5 * a, tick));
    expect(s.take_profit).toBe(roundToTick(entry + 3 * a, tick));
    for (const level of [s.stop_loss!, s.take_profit!]) expect(Math.abs(level / tick - Math.round(level / tick))).toBeLessThan(1e-9);
    expect(s.reward_risk_ratio).toBe((s.take_profit! - entry) / (entry - s.stop_loss!));

    // A rising series under the same rule is a sell, with the levels mirrored.
    const up = trend(80, 0.37);
    const sell = generateSignal({ candles: up, timeframe: "1h", priceTick: tick, options: { weights: ONLY("rsi") } });
    const ua = atr(up.high, up.low, up.close, 14)[79];
    expect(sell.signal).toBe("sell");
    expect(sell.stop_loss).toBe(roundToTick(up.close[79] + 1.5 * ua, tick));
    expect(sell.take_profit).toBe(roundToTick(up.close[79] - 3 * ua, tick));
  });

  it("is deterministic and rejects a warm-up that is too short", () => {
    const args = { candles: walk, timeframe: "1h", fearGreed: { value: 40, date: lastDate }, priceTick: 0.01 };
    expect(generateSignal(args)).toEqual(generateSignal(args));
    const short = randomWalk(40, { seed: 1 });
    expect(() => generateSignal({ candles: short, timeframe: "1h", priceTick: 0 })).toThrow(RangeError);
    expect(() => generateSignal({ ...args, options: { weights: { rsi: 0.5 } } })).toThrow(/sum to 1/);
  });
});
