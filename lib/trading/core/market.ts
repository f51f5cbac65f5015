/**
 * A market's precision and minimums in atomic units, built once from the float metadata a provider
 * publishes (MarketInfo) or from the backtest's MarketFilters, so every rule downstream compares
 * integers. 0 means "no constraint", as in MarketFilters.
 */
import type { MarketFilters } from "@/lib/backtest/market-filters";
import type { MarketInfo } from "@/lib/market/provider";
import { DEFAULT_SCALES, fromNumber, type MarketScales } from "./money";

export interface TradingMarket {
  symbol: string;
  base: string;
  quote: string;
  scales: MarketScales;
  /** Price grid, quote per whole base at scales.price. */
  price_tick: bigint;
  /** Amount grid, base atomic units. */
  amount_step: bigint;
  min_amount: bigint;
  /** Quote atomic units. */
  min_notional: bigint;
  /** 0 when the market has no maximum. */
  max_amount: bigint;
}

/**
 * Float metadata to atomic units. Increments and minimums round up, so a market never becomes
 * looser than it said when its metadata has more decimals than the asset's scale.
 */
export function tradingMarket(info: MarketInfo & { max_amount?: number }, scales: MarketScales = DEFAULT_SCALES): TradingMarket {
  return {
    symbol: info.symbol,
    base: info.base,
    quote: info.quote,
    scales,
    price_tick: fromNumber(info.price_tick, scales.price, "up"),
    amount_step: fromNumber(info.amount_step, scales.base, "up"),
    min_amount: fromNumber(info.min_amount, scales.base, "up"),
    min_notional: fromNumber(info.min_notional, scales.quote, "up"),
    max_amount: fromNumber(info.max_amount ?? 0, scales.base, "down"),
  };
}

/** The backtest's filters for one symbol, as a trading market. */
export function tradingMarketFromFilters(symbol: string, filters: MarketFilters, scales: MarketScales = DEFAULT_SCALES): TradingMarket {
  const [base, quote] = symbol.split("/");
  return tradingMarket({ symbol, base, quote: quote ?? "", ...filters }, scales);
}

const ZERO = BigInt(0);

/** Largest multiple of the step not above x: amounts never round up past a balance (§3.7). */
export function floorToStepUnits(x: bigint, step: bigint): bigint {
  if (step <= ZERO) return x;
  const r = x % step;
  return r < ZERO ? x - r - step : x - r;
}

/** Smallest multiple of the step not below x. */
export function ceilToStepUnits(x: bigint, step: bigint): bigint {
  const floor = floorToStepUnits(x, step);
  return floor === x || step <= ZERO ? floor : floor + step;
}

/** Nearest multiple of the step, halves up: stop prices go to the nearest tick (§3.7). */
export function nearestStepUnits(x: bigint, step: bigint): bigint {
  if (step <= ZERO) return x;
  const floor = floorToStepUnits(x, step);
  return (x - floor) * BigInt(2) >= step ? floor + step : floor;
}
