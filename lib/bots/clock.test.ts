import { describe, expect, it } from "vitest";
import { botOrderKey, candlesToEvaluate, isFresh, latestClosedOpen } from "./clock";
import { decideCandle } from "./decide";
import { ENTER_LONG, EXIT_LONG } from "@/lib/strategies";

const M = 60_000;
const H = 60 * M;

describe("bot clock (trading-semantics §6.1)", () => {
  it("a candle is closed only 2 s after its close by the source's clock", () => {
    expect(latestClosedOpen(10 * H + 1_999, H)).toBe(8 * H);
    expect(latestClosedOpen(10 * H + 2_000, H)).toBe(9 * H);
  });

  it("only a candle closed at most min(25% of the timeframe, 15 min) ago is fresh", () => {
    expect(isFresh(9 * H, H, 10 * H + 15 * M)).toBe(true);
    expect(isFresh(9 * H, H, 10 * H + 15 * M + 1)).toBe(false);
    expect(isFresh(9 * M, M, 10 * M + 15_000)).toBe(true);
    expect(isFresh(9 * M, M, 10 * M + 15_001)).toBe(false);
  });

  it("catch-up evaluates the missed candles oldest first, at most catchupMax; a new bot starts at the newest", () => {
    expect(candlesToEvaluate(null, 10 * H, H, 500)).toEqual([10 * H]);
    expect(candlesToEvaluate(7 * H, 10 * H, H, 500)).toEqual([8 * H, 9 * H, 10 * H]);
    expect(candlesToEvaluate(0, 10 * H, H, 2)).toEqual([9 * H, 10 * H]);
    expect(candlesToEvaluate(10 * H, 10 * H, H, 500)).toEqual([]);
  });

  it("the order key names the strategy, symbol, timeframe and candle", () => {
    expect(botOrderKey("s1", "BTC/USDT", "1h", 1_700_000_000_000)).toBe("bot:s1:BTC/USDT:1h:1700000000000");
  });
});

describe("decideCandle", () => {
  it("exits before entries, in symbol order, and an exit frees a slot for another symbol's entry", () => {
    const flags: Record<string, number> = { A: ENTER_LONG, B: EXIT_LONG, C: ENTER_LONG };
    const holding = new Set(["B"]);
    const d = decideCandle({ symbols: ["A", "B", "C"], flags: (s) => flags[s], holding, maxOpenTrades: 1, accumulate: false });
    expect(d.map((x) => x.action)).toEqual(["enter_long", "exit_long", null]);
    expect(d[2].refused).toMatch(/max_open_trades/);
    expect([...holding]).toEqual(["A"]);
  });

  it("never pyramids an open position, except dca which adds to it", () => {
    expect(decideCandle({ symbols: ["A"], flags: () => ENTER_LONG, holding: new Set(["A"]), maxOpenTrades: 5, accumulate: false })[0].action).toBeNull();
    expect(decideCandle({ symbols: ["A"], flags: () => ENTER_LONG, holding: new Set(["A"]), maxOpenTrades: 5, accumulate: true })[0].action).toBe("enter_long");
  });
});
