import { describe, expect, it } from "vitest";
import { findBarExit, raiseTrail, roiExitPrice, updateRoi } from "./bar-exits";
import { EXIT_LIQUIDATION, EXIT_ROI, EXIT_STOP_LOSS, EXIT_TAKE_PROFIT, EXIT_TRAILING_STOP, NO_EXIT } from "./exit-reasons";
import { PositionState } from "./position";

function position(side: 1 | -1, entry: number, levels: Partial<PositionState> = {}): PositionState {
  const p = new PositionState();
  Object.assign(p, { side, entryPrice: entry, amount: 1 }, levels);
  return p;
}

/** One candle as the arrays the checks read. */
function check(p: PositionState, open: number, high: number, low: number): number {
  return findBarExit(p, Float64Array.of(open), Float64Array.of(high), Float64Array.of(low), 0);
}

describe("exits inside a candle (trading-semantics.md §1.7, §7.2–7.5)", () => {
  it("§7.2 gap stop: a long stopped at 95 whose candle opens at 93 exits at 93, not at 95", () => {
    const p = position(1, 100, { stopLoss: 95 });
    expect(check(p, 93, 96, 90)).toBe(EXIT_STOP_LOSS);
    expect(p.exitPrice).toBe(93);
    const slipped = position(1, 100, { stopLoss: 95, slip: 0.001 });
    check(slipped, 93, 96, 90);
    expect(slipped.exitPrice).toBeCloseTo(93 * 0.999, 12);
  });

  it("§7.3 gap target: a target at 110 whose candle opens at 112 fills at exactly 110", () => {
    const p = position(1, 100, { takeProfit: 110, slip: 0.001 });
    expect(check(p, 112, 113, 111)).toBe(EXIT_TAKE_PROFIT);
    expect(p.exitPrice).toBe(110);
  });

  it("§7.4 both levels inside one candle: the stop is assumed first", () => {
    const p = position(1, 100, { stopLoss: 95, takeProfit: 110 });
    expect(check(p, 100, 111, 94)).toBe(EXIT_STOP_LOSS);
    expect(p.exitPrice).toBe(95);
  });

  it("§7.5 trailing: the high raises the trail for the next candle only", () => {
    const s = 0.0005;
    const p = position(1, 100, { trail: 95, trailArmed: true, trailFraction: 0.05, slip: s, tick: 0.01 });
    expect(check(p, 100, 110, 99)).toBe(NO_EXIT);
    raiseTrail(p, Float64Array.of(110), Float64Array.of(99), 0);
    expect(p.trail).toBe(104.5);
    expect(check(p, 108, 108, 104)).toBe(EXIT_TRAILING_STOP);
    expect(p.exitPrice).toBeCloseTo(104.5 * (1 - s), 12);
  });

  it("names the binding level: a trail above the fixed stop is a trailing stop, equal levels a stop-loss", () => {
    expect(check(position(1, 100, { stopLoss: 95, trail: 97 }), 98, 99, 96)).toBe(EXIT_TRAILING_STOP);
    expect(check(position(1, 100, { stopLoss: 97, trail: 97 }), 98, 99, 96)).toBe(EXIT_STOP_LOSS);
    expect(check(position(1, 100, { stopLoss: 95, dynamicStop: 97, trail: 96 }), 98, 99, 96)).toBe(EXIT_STOP_LOSS);
  });

  it("mirrors everything for shorts", () => {
    const gap = position(-1, 100, { stopLoss: 105, slip: 0.001 });
    expect(check(gap, 107, 108, 104)).toBe(EXIT_STOP_LOSS);
    expect(gap.exitPrice).toBeCloseTo(107 * 1.001, 12);
    const both = position(-1, 100, { stopLoss: 105, takeProfit: 90 });
    expect(check(both, 100, 106, 89)).toBe(EXIT_STOP_LOSS);
    expect(both.exitPrice).toBe(105);
    const target = position(-1, 100, { takeProfit: 90 });
    expect(check(target, 88, 89, 87)).toBe(EXIT_TAKE_PROFIT);
    expect(target.exitPrice).toBe(90);
    const trail = position(-1, 100, { trail: 105, trailArmed: true, trailFraction: 0.05 });
    raiseTrail(trail, Float64Array.of(101), Float64Array.of(90), 0);
    expect(trail.trail).toBeCloseTo(94.5, 12);
  });

  it("liquidates a 1× short near 1.995 × entry, before a farther stop and after a nearer one", () => {
    const liq = 100 * 1.995;
    expect(check(position(-1, 100, { liquidation: liq }), 150, 210, 149)).toBe(EXIT_LIQUIDATION);
    const gapped = position(-1, 100, { liquidation: liq, stopLoss: 150 });
    expect(check(gapped, 205, 206, 204)).toBe(EXIT_LIQUIDATION);
    expect(gapped.exitPrice).toBe(liq);
    const stopped = position(-1, 100, { liquidation: liq, stopLoss: 150 });
    expect(check(stopped, 140, 210, 139)).toBe(EXIT_STOP_LOSS);
    expect(stopped.exitPrice).toBe(150);
  });

  it("starts a trail with an activation offset only once the high reaches it", () => {
    const p = position(1, 100, { trailFraction: 0.01, trailActivation: 0.02 });
    raiseTrail(p, Float64Array.of(101.5), Float64Array.of(99), 0);
    expect(p.trail).toBeNaN();
    raiseTrail(p, Float64Array.of(102.5), Float64Array.of(100), 0);
    expect(p.trail).toBeCloseTo(101.475, 12);
  });
});

describe("minimal ROI (net of fees)", () => {
  const roi = { afterMs: Float64Array.of(0, 20 * 60_000, 60 * 60_000), ratio: Float64Array.of(0.1, 0.05, 0.01) };

  it("prices each step so that the net profit on entry cost plus fee equals the step", () => {
    const fee = 0.001;
    const exit = roiExitPrice(1, 100, 0.05, fee);
    const amount = 3;
    const pnl = (exit - 100) * amount - fee * 100 * amount - fee * exit * amount;
    expect(pnl / (100 * amount * (1 + fee))).toBeCloseTo(0.05, 12);
    const shortExit = roiExitPrice(-1, 100, 0.05, fee);
    const shortPnl = (100 - shortExit) * amount - fee * 100 * amount - fee * shortExit * amount;
    expect(shortPnl / (100 * amount * (1 + fee))).toBeCloseTo(0.05, 12);
  });

  it("follows the trade's age at each open, and a new step already crossed trades at the open", () => {
    const p = position(1, 100, { entryTime: 0 });
    const times = Float64Array.of(0, 60_000 * 30, 60_000 * 60);
    updateRoi(p, roi, times, 0);
    expect(p.roiLevel).toBeCloseTo(110, 12);
    expect(check(p, 100, 111, 99)).toBe(EXIT_ROI);
    expect(p.exitPrice).toBeCloseTo(110, 12);
    updateRoi(p, roi, times, 1);
    expect(p.roiLevel).toBeCloseTo(105, 12);
    // The 5% step begins at this open (106 ≥ 105): a limit placed now trades at the open.
    expect(check(p, 106, 107, 105.5)).toBe(EXIT_ROI);
    expect(p.exitPrice).toBe(106);
    // The same step, resting from an earlier open, fills at its price on a gap.
    updateRoi(p, roi, times, 1);
    expect(p.roiFresh).toBe(false);
    check(p, 106, 107, 105.5);
    expect(p.exitPrice).toBeCloseTo(105, 12);
  });
});
