import { ceilDiv, floorToStepUnits, percent, type TradingMarket } from "@/lib/trading/core";

/** `pct` percent below (sign −1) or above (+1) a price, on the market's tick (down for a stop, up for a target). */
export function offsetPrice(price: bigint, pct: number, sign: 1 | -1, market: Pick<TradingMarket, "price_tick">): bigint {
  const p = percent(pct);
  const moved = sign < 0 ? price - ceilDiv(price * p.num, p.den) : price + (price * p.num) / p.den;
  if (sign < 0) return floorToStepUnits(moved, market.price_tick);
  const floored = floorToStepUnits(moved, market.price_tick);
  return floored === moved ? moved : floored + market.price_tick;
}
