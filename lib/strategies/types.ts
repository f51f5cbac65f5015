import type { z } from "zod";
import type { CandleArrays } from "@/lib/market/simulated";

/**
 * What a strategy decided at each candle's close, as bit flags in one Uint8Array (one byte per
 * candle instead of four arrays). The engine acts on them at the next candle's open.
 */
export const ENTER_LONG = 1;
export const EXIT_LONG = 2;
export const ENTER_SHORT = 4;
export const EXIT_SHORT = 8;

/** +1 long, −1 short. */
export type Side = 1 | -1;

/**
 * A protective stop recomputed at every close of an open position (mean_reversion's template stop).
 * Returns a price level, or NaN for "no level". The engine only ever tightens a stop with it, and
 * the level takes effect from the next candle (trading-semantics.md §1.11).
 */
export type DynamicStop = (side: Side, entryPrice: number, bar: number) => number;

/** One minimal-ROI step: from `after_minutes` of holding, exit once the trade earns `pct` percent. */
export interface RoiStep {
  after_minutes: number;
  pct: number;
}

export interface StrategySignals {
  /** Per candle, the OR of ENTER_LONG, EXIT_LONG, ENTER_SHORT, EXIT_SHORT true at its close. */
  flags: Uint8Array;
  /**
   * A stop distance in price for an entry decided at candle t (breakout: k × ATR[t]). The stop is
   * fixed at entry: entry fill − distance for a long, + distance for a short. NaN means no stop.
   */
  entryStopDistance?: Float64Array;
  dynamicStop?: DynamicStop;
  /** Minimal-ROI table, ascending by `after_minutes`; see lib/backtest for the fee convention. */
  roi?: readonly RoiStep[];
  /** The trailing stop starts only once the price has moved this many percent in the trade's favour. */
  trailingActivationPct?: number | null;
}

export interface SignalContext {
  /** Whether the run allows shorts; strategies that can short set ENTER_SHORT/EXIT_SHORT only then. */
  allowShort: boolean;
  timeframeMs: number;
}

export interface StrategyDefinition<S extends z.ZodType = z.ZodType> {
  type: string;
  label: string;
  description: string;
  /** Whether the strategy produces short signals when a run allows shorts. */
  canShort: boolean;
  parameters: S;
  /** W of trading-semantics.md §1.3 for these parameters, in candles. */
  warmupBars(params: z.output<S>, timeframeMs: number): number;
  /**
   * Vectorised signals over whole arrays (warm-up included). Candles must be gap-free: lib/backtest
   * forward-fills gaps before calling. Decisions at t read only candles 0…t.
   */
  signals(candles: CandleArrays, params: z.output<S>, context: SignalContext): StrategySignals;
}

/** Keeps each definition's parameter type attached to its schema. */
export function defineStrategy<S extends z.ZodType>(definition: StrategyDefinition<S>): StrategyDefinition<S> {
  return definition;
}
