/**
 * The wire shapes of the market API as the dashboard reads them (snake_case, times in UTC epoch ms).
 * Declared here rather than imported from lib/market so nothing server-side can leak into the
 * browser bundle; the API's OpenAPI document is the contract both follow.
 */

/** Every market answer says where it came from, whether it is a cached fallback, and when. */
export interface MarketMeta {
  source: string;
  stale: boolean;
  as_of: number;
}

export interface MarketSymbol {
  symbol: string;
  base: string;
  quote: string;
  price_tick: number;
  amount_step: number;
  min_amount: number;
  min_notional: number;
}

export interface SymbolsResponse extends MarketMeta {
  items: MarketSymbol[];
}

export interface MarketOverview extends MarketMeta {
  total_market_cap: number | null;
  btc_dominance: number | null;
  total_volume_24h: number | null;
}

export interface PriceItem {
  symbol: string;
  price: number;
  bid: number;
  ask: number;
  change_24h: number;
  change_24h_pct: number;
  volume_24h: number;
  high_24h: number;
  low_24h: number;
  as_of: number;
}

export interface PricesResponse extends MarketMeta {
  items: PriceItem[];
}

/** One `price.tick` event from the live stream. */
export interface PriceTick {
  symbol: string;
  price: number;
  bid: number;
  ask: number;
  change_24h_pct: number;
  volume_24h: number;
  as_of: number;
  source: string;
}

export interface Candle {
  open_time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export interface CandlesResponse extends MarketMeta {
  symbol: string;
  timeframe: string;
  items: Candle[];
  next_cursor: string | null;
}

export interface Mover {
  symbol: string;
  price: number;
  change_24h_pct: number;
  volume_24h: number;
}

export interface MoversResponse extends MarketMeta {
  gainers: Mover[];
  losers: Mover[];
  /** What the lists are drawn from, in words. */
  label?: string;
}

export interface TrendingItem {
  symbol?: string;
  name?: string;
  [key: string]: unknown;
}

export interface TrendingResponse extends MarketMeta {
  items: TrendingItem[];
  /** Where the list comes from, in words ("Trending on CoinGecko"). */
  label?: string;
}

export type FearGreedClassification = "Extreme Fear" | "Fear" | "Neutral" | "Greed" | "Extreme Greed";

export interface FearGreed {
  value: number;
  classification: FearGreedClassification;
  provider_classification?: string;
  source: string;
  as_of: number;
  stale?: boolean;
}

export { TIMEFRAMES, timeframeMs, type Timeframe } from "@/lib/market/timeframes";
