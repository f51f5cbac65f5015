/**
 * The market's current precision and minimums (MarketInfo of lib/market/provider), applied to every
 * backtest fill: historical filters are unknown, so results state "current exchange precision
 * applied" (trading-semantics.md §1.8). 0 means "no constraint".
 */
export interface MarketFilters {
  amount_step: number;
  min_amount: number;
  min_notional: number;
  price_tick: number;
}

export const NO_FILTERS: MarketFilters = { amount_step: 0, min_amount: 0, min_notional: 0, price_tick: 0 };

/**
 * A count of steps turned back into a number. Dividing by the inverse (1000 for 0.001) is exact when
 * the inverse is a whole number, where k × 0.001 would give 99.80000000000001.
 */
function stepsToValue(k: number, step: number): number {
  const inverse = Math.round(1 / step);
  return Math.abs(inverse * step - 1) < 1e-12 ? k / inverse : k * step;
}

/** Largest multiple of `step` not above x, forgiving the last-bit error of a quotient (99.8 / 0.001). */
export function floorToStep(x: number, step: number): number {
  if (!(step > 0)) return x;
  const k = Math.floor(x / step + 1e-9);
  return stepsToValue(k, step);
}

/** Nearest multiple of the tick: limit and stop levels must sit on the exchange's price grid. */
export function roundToTick(price: number, tick: number): number {
  if (!(tick > 0) || price !== price) return price;
  return stepsToValue(Math.round(price / tick), tick);
}
