import { describe, expect, it } from "vitest";
import { candlesFrom, HOUR, T0 } from "@/lib/backtest/test-support";
import { scoreSignal, scoreSignals, type ScorableSignal } from "./score";

const MIN = 60_000;
const OPTS = { timeframeMs: HOUR, maxCandles: 3 };
const buy = (over: Partial<ScorableSignal> = {}): ScorableSignal => ({
  id: "a",
  symbol: "BTC/USDT",
  timeframe: "1h",
  signal: "buy",
  candle_time: T0,
  stop_loss: 95,
  take_profit: 110,
  ...over,
});

describe("scoreSignal", () => {
  it("take-profit first: a win of +RR_eff with the entry at the next open", () => {
    const c = candlesFrom([100, [100, 105, 98, 104], [104, 111, 103, 108], [108, 109, 90, 91]]);
    expect(scoreSignal(buy(), c, OPTS)).toEqual({
      id: "a",
      outcome: "win",
      entry_price: 100,
      rr_effective: 2,
      r_multiple: 2,
      exit_time: T0 + 3 * HOUR,
      overlaps: null,
    });
  });

  it("RR_eff is recomputed from the actual entry", () => {
    const c = candlesFrom([100, [101, 111, 100, 108]]);
    const o = scoreSignal(buy(), c, OPTS);
    expect(o.outcome).toBe("win");
    expect(o.r_multiple).toBe(9 / 6);
  });

  it("stop-loss first: a loss of −1", () => {
    const c = candlesFrom([100, [100, 102, 94, 96], [96, 120, 96, 119]]);
    expect(scoreSignal(buy(), c, OPTS)).toMatchObject({ outcome: "loss", r_multiple: -1, exit_time: T0 + 2 * HOUR });
  });

  it("an entry open already beyond a level decides at once", () => {
    expect(scoreSignal(buy(), candlesFrom([100, [93, 96, 90, 94]]), OPTS)).toMatchObject({ outcome: "loss", r_multiple: -1 });
    const gapUp = scoreSignal(buy(), candlesFrom([100, [112, 113, 111, 112]]), OPTS);
    expect(gapUp.outcome).toBe("win");
    expect(gapUp.r_multiple).toBeCloseTo((110 - 112) / (112 - 95), 12);
  });

  // trading-semantics.md §7 case 12.
  it("both levels in one candle: resolved by 1m candles, a stop without them", () => {
    const c = candlesFrom([100, [100, 111, 94, 100]]);
    expect(scoreSignal(buy(), c, OPTS)).toMatchObject({ outcome: "loss", r_multiple: -1, exit_time: T0 + 2 * HOUR });
    const oneMinute = candlesFrom([[100, 111, 99, 110], [110, 110, 94, 95], [95, 100, 95, 100]], T0 + HOUR, MIN);
    expect(scoreSignal(buy(), c, { ...OPTS, oneMinute })).toMatchObject({
      outcome: "win",
      r_multiple: 2,
      exit_time: T0 + HOUR + MIN,
    });
    // 1m candles stored for other hours only: still a stop.
    const elsewhere = candlesFrom([[100, 111, 99, 110]], T0 + 5 * HOUR, MIN);
    expect(scoreSignal(buy(), c, { ...OPTS, oneMinute: elsewhere }).outcome).toBe("loss");
  });

  it("reads 1m candles lazily, only for the candle that reaches both levels", () => {
    // Candle t+1 reaches neither level, t+2 reaches both.
    const c = candlesFrom([100, [100, 104, 97, 101], [101, 111, 94, 100]]);
    const asked: [number, number][] = [];
    const oneMinuteBetween = (start: number, end: number) => {
      asked.push([start, end]);
      return candlesFrom([[101, 101, 94, 95], [95, 111, 95, 110]], start, MIN);
    };
    expect(scoreSignal(buy(), c, { ...OPTS, oneMinuteBetween })).toMatchObject({ outcome: "loss", exit_time: T0 + 2 * HOUR + MIN });
    expect(asked).toEqual([[T0 + 2 * HOUR, T0 + 3 * HOUR]]);
    // No stored minutes for it: the stop is assumed.
    expect(scoreSignal(buy(), c, { ...OPTS, oneMinuteBetween: () => null })).toMatchObject({ outcome: "loss", exit_time: T0 + 3 * HOUR });
  });

  it("expired after N candles with R = side·(close_N − entry)/risk; pending before that", () => {
    const bars = [100, [100, 104, 97, 101], [101, 105, 99, 103], [103, 104, 100, 102], [102, 120, 102, 119]] as const;
    const c = candlesFrom([...bars]);
    expect(scoreSignal(buy(), c, OPTS)).toMatchObject({ outcome: "expired", r_multiple: 2 / 5, exit_time: T0 + 4 * HOUR });
    const short = candlesFrom([...bars.slice(0, 3)]);
    expect(scoreSignal(buy(), short, OPTS)).toMatchObject({ outcome: "pending", r_multiple: null, entry_price: 100 });
  });

  it("a sell is scored as a short with mirrored levels", () => {
    const sell = buy({ signal: "sell", stop_loss: 105, take_profit: 90 });
    expect(scoreSignal(sell, candlesFrom([100, [100, 101, 89, 90]]), OPTS)).toMatchObject({ outcome: "win", r_multiple: 2 });
    expect(scoreSignal(sell, candlesFrom([100, [100, 106, 99, 104]]), OPTS)).toMatchObject({ outcome: "loss" });
    const expired = scoreSignal(sell, candlesFrom([100, [100, 101, 99, 99], [99, 100, 98, 98], [98, 99, 97, 97]]), OPTS);
    expect(expired).toMatchObject({ outcome: "expired", r_multiple: 3 / 5 });
  });

  it("a degraded signal is not scored", () => {
    expect(scoreSignal(buy({ degraded: true }), candlesFrom([100, [100, 111, 99, 110]]), OPTS).outcome).toBe("degraded");
  });
});

describe("scoreSignals", () => {
  it("counts an episode once: a same-direction signal while the earlier one is open overlaps it", () => {
    // a resolves (TP) in candle 3, i.e. at T0 + 4h.
    const c = candlesFrom([100, [100, 104, 98, 103], [103, 105, 101, 104], [104, 111, 103, 110], [110, 130, 109, 128]]);
    const signals = [
      buy({ id: "a" }),
      buy({ id: "b", candle_time: T0 + HOUR, stop_loss: 98, take_profit: 112 }),
      buy({ id: "sell", signal: "sell", candle_time: T0 + HOUR, stop_loss: 108, take_profit: 90 }),
      buy({ id: "c", candle_time: T0 + 3 * HOUR, stop_loss: 105, take_profit: 120 }),
    ];
    const out = scoreSignals(signals, c, OPTS);
    expect(out.map((o) => [o.id, o.outcome, o.overlaps])).toEqual([
      ["a", "win", null],
      ["b", "overlap", "a"],
      ["sell", "loss", null],
      ["c", "win", null],
    ]);
  });

  it("a pending signal keeps its episode open", () => {
    const c = candlesFrom([100, [100, 101, 99, 100], [100, 101, 99, 100]]);
    const out = scoreSignals([buy({ id: "a" }), buy({ id: "b", candle_time: T0 + HOUR })], c, OPTS);
    expect(out.map((o) => o.outcome)).toEqual(["pending", "overlap"]);
  });
});
