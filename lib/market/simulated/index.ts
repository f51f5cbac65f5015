/**
 * Deterministic simulated market (trading-semantics.md §4): every candle and ticker is a pure
 * function of (generator version, seed, symbol, time). Pure TypeScript with no server-only
 * imports, so workers and scripts can generate data without the app.
 */
import { getSimulatedSymbol, SIMULATED_SYMBOLS } from "./symbols";

/** Bump whenever any output can change: the version is part of the candle-store key (§4.1). */
export const SIMULATED_VERSION = 1;

export function simulatedSourceId(seed: string | number): string {
  const s = String(seed);
  if (s.length === 0 || /[\s:]/.test(s)) throw new RangeError("Simulated seed must be non-empty without ':' or whitespace");
  return `simulated:v${SIMULATED_VERSION}:${s}`;
}

/** Returns the seed of a source id for this generator version, or null for anything else. */
export function parseSimulatedSourceId(id: string): { version: number; seed: string } | null {
  const m = /^simulated:v(\d+):([^\s:]+)$/.exec(id);
  if (!m || Number(m[1]) !== SIMULATED_VERSION) return null;
  return { version: Number(m[1]), seed: m[2] };
}

export interface SimulatedMarketInfo {
  id: string;
  symbol: string;
  base: string;
  quote: string;
  baseId: string;
  quoteId: string;
  type: "spot";
  spot: true;
  active: true;
  precision: { price: number; amount: number };
  limits: {
    amount: { min: number; max: number };
    price: { min: number; max: number | undefined };
    cost: { min: number; max: number | undefined };
  };
  info: { source: string; priceTick: string; amountStep: string };
}

/** ccxt's market structure in TICK_SIZE precision mode, as Binance's loadMarkets() reports it. */
export function marketInfo(symbol: string): SimulatedMarketInfo {
  const s = getSimulatedSymbol(symbol);
  return {
    id: `${s.base}${s.quote}`,
    symbol: s.symbol,
    base: s.base,
    quote: s.quote,
    baseId: s.base,
    quoteId: s.quote,
    type: "spot",
    spot: true,
    active: true,
    precision: { price: s.priceTick, amount: s.amountStep },
    limits: {
      amount: { min: s.minAmount, max: s.maxAmount },
      price: { min: s.priceTick, max: undefined },
      cost: { min: s.minNotional, max: undefined },
    },
    info: { source: `simulated:v${SIMULATED_VERSION}`, priceTick: String(s.priceTick), amountStep: String(s.amountStep) },
  };
}

export function simulatedMarkets(): SimulatedMarketInfo[] {
  return SIMULATED_SYMBOLS.map((s) => marketInfo(s.symbol));
}

export {
  candlesToObjects,
  candlesToOhlcv,
  isSimulatedTimeframe,
  MAX_CANDLES,
  SIMULATED_TIMEFRAMES,
  simulatedCandles,
  simulatedCloses,
  simulatedFormingCandle,
  timeframeMs,
  type Candle,
  type CandleArrays,
  type CloseSeries,
  type FormingCandleQuery,
  type SimulatedCandlesQuery,
  type SimulatedTimeframe,
} from "./candles";
export { simulatedTicker, type SimulatedTicker, type SimulatedTickerQuery } from "./ticker";
export {
  DEFAULT_SIMULATED_SYMBOLS,
  getSimulatedSymbol,
  isSimulatedSymbol,
  normalizeSymbol,
  SIMULATED_SYMBOLS,
  type SimulatedSymbolSpec,
} from "./symbols";
export { ORIGIN_MS as SIMULATED_ORIGIN_MS } from "./anchors";
