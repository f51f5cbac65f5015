import type { GridPlan } from "@/lib/strategies";
import { BacktestInputError } from "./errors";
import { roundToTick, type MarketFilters } from "./market-filters";
import { entryAmount } from "./sizing";

/** A pair's state: no order, a resting buy at its level, or held with a resting sell one level up. */
export const GRID_IDLE = 0;
export const GRID_BUY = 1;
export const GRID_SELL = 2;

/**
 * The resting orders of one symbol's grid (trading-semantics.md §1.11). Pair k buys at levels[k] and
 * sells at levels[k + 1], so a grid of n lines has n − 1 pairs. Typed arrays sized once per run: a fill
 * changes a few slots and allocates only the trade it closes.
 */
export class GridBook {
  /** The lines on the price tick, strictly ascending. */
  readonly levels: Float64Array;
  readonly pairs: number;
  /** The amount a pair buys (quote per level at its price, fee included, floored to the step). */
  readonly lotAmount: Float64Array;
  /** −(1 + rejection index) when the lot misses the market's minimums (entryAmount's code), else 0. */
  readonly lotRejection: Int8Array;
  readonly state: Uint8Array;
  /** An order is live for candles opening after this time: one posted inside a candle waits for the next. */
  readonly postedAt: Float64Array;
  /** When the pair's current buy was placed (the trade's signal_at). */
  readonly placedAt: Float64Array;
  readonly entryTime: Float64Array;
  readonly entryFee: Float64Array;
  /** Open time of the candle in which the line last filled: each line fills at most once per candle. */
  readonly lineFilledAt: Float64Array;
  /** Pairs holding their lot. */
  held = 0;
  placed = false;
  /** False once the symbol's data has ended. */
  active = true;
  /** The highest resting buy and the lowest resting sell: a candle between them fills nothing. */
  maxBuy = -Infinity;
  minSell = Infinity;

  constructor(symbol: string, plan: GridPlan, filters: MarketFilters, feeRate: number) {
    const n = plan.levels.length;
    this.levels = Float64Array.from(plan.levels, (p) => roundToTick(p, filters.price_tick));
    for (let i = 1; i < n; i++) {
      if (!(this.levels[i] > this.levels[i - 1])) {
        throw new BacktestInputError(
          "grid_levels_too_close",
          `${symbol}: the grid lines are closer than the price tick (${filters.price_tick}); use fewer levels or a wider range.`,
          { symbol, price_tick: filters.price_tick },
        );
      }
    }
    this.pairs = n - 1;
    this.lotAmount = new Float64Array(this.pairs);
    this.lotRejection = new Int8Array(this.pairs);
    for (let k = 0; k < this.pairs; k++) {
      const amount = entryAmount(plan.quote_per_level, Infinity, 100, this.levels[k], feeRate, filters);
      if (amount < 0) this.lotRejection[k] = amount;
      else this.lotAmount[k] = amount;
    }
    this.state = new Uint8Array(this.pairs);
    this.postedAt = new Float64Array(this.pairs);
    this.placedAt = new Float64Array(this.pairs);
    this.entryTime = new Float64Array(this.pairs);
    this.entryFee = new Float64Array(this.pairs);
    this.lineFilledAt = new Float64Array(n).fill(NaN);
  }

  /** Recomputes maxBuy and minSell after the orders changed. */
  updateBounds(): void {
    let maxBuy = -Infinity;
    let minSell = Infinity;
    for (let k = 0; k < this.pairs; k++) {
      const s = this.state[k];
      if (s === GRID_BUY && this.levels[k] > maxBuy) maxBuy = this.levels[k];
      else if (s === GRID_SELL && this.levels[k + 1] < minSell) minSell = this.levels[k + 1];
    }
    this.maxBuy = maxBuy;
    this.minSell = minSell;
  }
}
