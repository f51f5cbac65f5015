/** Fixtures for the trading core's tests: decimal literals as atomic units, and two markets. */
import { tradingMarket, type TradingMarket } from "./market";
import { bps, formatDecimal, parseDecimal, ratio } from "./money";
import type { MinuteCandle, PriceQuote } from "./types";

/** A decimal literal as atomic units at the default scale: u("100.05"). */
export function u(text: string | number): bigint {
  return parseDecimal(String(text));
}

/** Atomic units back as a trimmed decimal string, for readable assertions. */
export function d(units: bigint): string {
  return formatDecimal(units);
}

/** A coin priced around 100 with Binance-like filters. */
export const COIN: TradingMarket = tradingMarket({
  symbol: "COIN/USDT",
  base: "COIN",
  quote: "USDT",
  price_tick: 0.01,
  amount_step: 0.001,
  min_amount: 0.001,
  min_notional: 5,
});

/** The same coin without any filter, for rules that should be seen before rounding to a step. */
export const RAW: TradingMarket = tradingMarket({
  symbol: "COIN/USDT",
  base: "COIN",
  quote: "USDT",
  price_tick: 0.00000001,
  amount_step: 0.00000001,
  min_amount: 0,
  min_notional: 0,
});

export const FEE = ratio(0.001);
export const NO_SLIP = bps(0);

export function quote(last: string, bid = last, ask = last, ts = 0): PriceQuote {
  return { last: u(last), bid: u(bid), ask: u(ask), ts };
}

export function candle(open_time: number, o: string | number, h: string | number, l: string | number, c: string | number): MinuteCandle {
  return { open_time, open: u(o), high: u(h), low: u(l), close: u(c) };
}
