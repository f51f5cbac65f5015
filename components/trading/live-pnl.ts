import type { Position } from "./types";

/** A position revalued at a newer price: value and unrealized P&L follow the tick between reads. */
export function withLivePrice(position: Position, price: number | undefined): Position {
  if (price === undefined || !Number.isFinite(price) || price <= 0) return position;
  const value = position.amount * price;
  if (position.average_entry === null) return { ...position, current_price: price, value };
  const cost = position.amount * position.average_entry;
  const unrealized = value - cost;
  return {
    ...position,
    current_price: price,
    value,
    unrealized_pnl: unrealized,
    unrealized_pnl_pct: cost > 0 ? (unrealized / cost) * 100 : position.unrealized_pnl_pct,
  };
}
