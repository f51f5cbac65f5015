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
  /**
   * Recurring buys into one position (dca): every ENTER_LONG adds a buy of `quote_amount` to the
   * symbol's position instead of being ignored while it is open (the one exception to "no pyramiding").
   */
  accumulate?: AccumulatePlan;
  /** Resting limit orders on fixed price levels (grid); such a strategy sets no flags. */
  grid?: GridPlan;
}

export interface AccumulatePlan {
  /** Quote currency spent per buy, fee included. */
  quote_amount: number;
  /** Take-profit distance above the average entry (cost including fees / amount); null: none. */
  take_profit_pct: number | null;
  /** Buys per position episode (flat to flat); null: no cap. */
  max_buys: number | null;
}

export interface GridPlan {
  /** The grid lines, strictly ascending. Level i buys; its paired sell rests at level i + 1. */
  levels: Float64Array;
  /** Quote currency spent per buy level, fee included. */
  quote_per_level: number;
}

export interface SignalContext {
  /** Whether the run allows shorts; strategies that can short set ENTER_SHORT/EXIT_SHORT only then. */
  allowShort: boolean;
  timeframeMs: number;
}

export type IgnorableRisk = "position_size_pct" | "stop_loss_pct" | "take_profit_pct" | "trailing_stop_pct";

export interface StrategyDefinition<S extends z.ZodType = z.ZodType> {
  type: string;
  label: string;
  description: string;
  /** Whether the strategy produces short signals when a run allows shorts. */
  canShort: boolean;
  parameters: S;
  /**
   * Risk settings the type does not use (dca and grid size by quote amounts and have their own
   * targets). The engine leaves them out and warns when one is set.
   */
  ignoresRisk?: readonly IgnorableRisk[];
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
