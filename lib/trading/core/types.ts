/**
 * Vocabulary shared by the order, matching, ledger and risk modules. Prices and amounts are atomic
 * units (see money.ts); wire names (amount, price, stop_price, …) are kept so errors and echoes map
 * one to one onto the API's fields.
 */

export type Side = "buy" | "sell";

export const ORDER_TYPES = ["market", "limit", "stop_market", "stop_limit", "take_profit", "trailing_stop"] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

/** Maker for a resting order filled at its own price, taker for everything that takes the book. */
export type Liquidity = "maker" | "taker";

/** The source's current prices. A source that gives only the last price uses it for bid and ask (§3.2). */
export interface PriceQuote {
  last: bigint;
  bid: bigint;
  ask: bigint;
  /** Source time of the price, ms. */
  ts: number;
}

/** A closed 1-minute candle from the account's bound source. */
export interface MinuteCandle {
  open_time: number;
  open: bigint;
  high: bigint;
  low: bigint;
  close: bigint;
}

export function quoteFromLast(last: bigint, ts: number): PriceQuote {
  return { last, bid: last, ask: last, ts };
}

export function opposite(side: Side): Side {
  return side === "buy" ? "sell" : "buy";
}
