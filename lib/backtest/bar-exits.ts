import {
  EXIT_LIQUIDATION,
  EXIT_ROI,
  EXIT_STOP_LOSS,
  EXIT_TAKE_PROFIT,
  EXIT_TRAILING_STOP,
  NO_EXIT,
} from "./exit-reasons";
import { roundToTick } from "./market-filters";
import type { PositionState } from "./position";

/*
 * Exits inside one candle (trading-semantics.md §1.1 step 2, §1.7), with the levels as they stood at
 * the candle's open. The path inside a candle is unknown, so the checks run in a fixed, pessimistic
 * order and stop at the first that applies:
 *   open through the stop     → the stop fills at the open (a gap cannot fill at a price never traded)
 *   open through the target   → the target fills at exactly its limit price
 *   low/high through the stop → the stop fills at the stop (so with both inside, the stop comes first)
 *   high/low through target   → the target fills at its price
 * Stops are market orders and take slippage; targets are resting limits and take none (§1.6).
 * A liquidation (margin mode) comes before everything when the open is already through it, and last
 * otherwise: a stop closer to the entry is always touched on the way.
 *
 * These run once per candle per open position, so they take arrays and an index, never loose
 * prices: a double passed to a call V8 does not inline is boxed into a fresh heap number.
 */

/** The larger of two levels where NaN means "no level". */
function higher(a: number, b: number): number {
  return a !== a || b > a ? b : a;
}

function lower(a: number, b: number): number {
  return a !== a || b < a ? b : a;
}

function stopReason(p: PositionState, stop: number): number {
  return stop === p.trail && stop !== p.stopLoss && stop !== p.dynamicStop ? EXIT_TRAILING_STOP : EXIT_STOP_LOSS;
}

function targetExit(p: PositionState, target: number, open: number, gapped: boolean): number {
  // A ROI step that began at this open was never resting below it: placed now, it trades at the open.
  p.exitPrice = gapped && p.roiFresh && target === p.roiLevel ? open : target;
  return target === p.takeProfit ? EXIT_TAKE_PROFIT : EXIT_ROI;
}

/**
 * Checks candle i of the given arrays. Returns an exit code (NO_EXIT when the position survives the
 * candle) and writes the fill price to p.exitPrice; p.slip is the slippage fraction.
 */
export function findBarExit(p: PositionState, opens: Float64Array, highs: Float64Array, lows: Float64Array, i: number): number {
  const open = opens[i];
  const liq = p.liquidation;
  const slip = p.slip;
  if (p.side === 1) {
    const stop = higher(higher(p.stopLoss, p.trail), p.dynamicStop);
    const target = lower(p.takeProfit, p.roiLevel);
    if (open <= liq) {
      p.exitPrice = liq;
      return EXIT_LIQUIDATION;
    }
    if (open <= stop) {
      p.exitPrice = open * (1 - slip);
      return stopReason(p, stop);
    }
    if (open >= target) return targetExit(p, target, open, true);
    const low = lows[i];
    if (low <= stop) {
      p.exitPrice = stop * (1 - slip);
      return stopReason(p, stop);
    }
    if (highs[i] >= target) return targetExit(p, target, open, false);
    if (low <= liq) {
      p.exitPrice = liq;
      return EXIT_LIQUIDATION;
    }
    return NO_EXIT;
  }
  const stop = lower(lower(p.stopLoss, p.trail), p.dynamicStop);
  const target = higher(p.takeProfit, p.roiLevel);
  if (open >= liq) {
    p.exitPrice = liq;
    return EXIT_LIQUIDATION;
  }
  if (open >= stop) {
    p.exitPrice = open * (1 + slip);
    return stopReason(p, stop);
  }
  if (open <= target) return targetExit(p, target, open, true);
  const high = highs[i];
  if (high >= stop) {
    p.exitPrice = stop * (1 + slip);
    return stopReason(p, stop);
  }
  if (lows[i] <= target) return targetExit(p, target, open, false);
  if (high >= liq) {
    p.exitPrice = liq;
    return EXIT_LIQUIDATION;
  }
  return NO_EXIT;
}

/**
 * Trailing stop (§1.7): after a candle's checks the level follows its high (low for shorts), so it
 * takes effect from the next candle and a candle's own high never stops it out. With an activation
 * offset the trail starts only once the high has been that far above the entry. Uses p.trailFraction,
 * p.trailActivation and p.tick.
 */
export function raiseTrail(p: PositionState, highs: Float64Array, lows: Float64Array, i: number): void {
  if (p.side === 1) {
    const high = highs[i];
    if (!p.trailArmed) {
      if (!(high >= p.entryPrice * (1 + p.trailActivation))) return;
      p.trailArmed = true;
    }
    const level = roundToTick(high * (1 - p.trailFraction), p.tick);
    if (!(level <= p.trail)) p.trail = level;
  } else {
    const low = lows[i];
    if (!p.trailArmed) {
      if (!(low <= p.entryPrice * (1 - p.trailActivation))) return;
      p.trailArmed = true;
    }
    const level = roundToTick(low * (1 + p.trailFraction), p.tick);
    if (!(level >= p.trail)) p.trail = level;
  }
}

/** The minimal-ROI table as parallel arrays: minimum age in ms and required net profit ratio. */
export interface RoiTable {
  afterMs: Float64Array;
  ratio: Float64Array;
}

/**
 * The ROI step in force at openTimes[i] (the trade's age at a candle's open, §1.11) and its limit
 * price, NET of both fees, as Freqtrade's minimal_roi: the exit at that price earns exactly the step's
 * profit on entry cost plus entry fee, after the exit fee. Uses p.feeRate and p.tick.
 */
export function updateRoi(p: PositionState, roi: RoiTable, openTimes: Float64Array, i: number): void {
  const age = openTimes[i] - p.entryTime;
  let k = p.roiStep;
  while (k + 1 < roi.afterMs.length && roi.afterMs[k + 1] <= age) k++;
  if (k === p.roiStep) {
    p.roiFresh = false;
    return;
  }
  p.roiStep = k;
  p.roiFresh = true;
  p.roiLevel = roundToTick(roiExitPrice(p.side, p.entryPrice, roi.ratio[k], p.feeRate), p.tick);
}

/** The exit price at which a trade's net profit ratio (pnl / (entry cost + entry fee)) equals `ratio`. */
export function roiExitPrice(side: number, entry: number, ratio: number, feeRate: number): number {
  return side === 1 ? (entry * (1 + feeRate) * (1 + ratio)) / (1 - feeRate) : (entry * (1 - feeRate - ratio * (1 + feeRate))) / (1 + feeRate);
}
