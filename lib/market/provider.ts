/**
 * One interface over the two market-data sources (trading-semantics.md §1.4, §6.2). A provider
 * answers from its own source only: the exchange provider never falls back to simulated values,
 * so whatever a response's `source` says is where every number in it came from. Serving stale
 * data on failure is the caller's job; a provider either answers fresh (`stale: false`) or throws.
 */
import {
  getSimulatedSymbol,
  normalizeSymbol,
  SIMULATED_SYMBOLS,
  SIMULATED_TIMEFRAMES,
  simulatedCandles,
  simulatedSourceId,
  simulatedTicker,
  timeframeMs,
  type CandleArrays,
  type SimulatedTimeframe,
} from "./simulated";

export type MarketSourceKind = "exchange" | "simulated";

/** The timeframes both sources serve on the same UTC grid. */
export const MARKET_TIMEFRAMES = SIMULATED_TIMEFRAMES;
export type MarketTimeframe = SimulatedTimeframe;

/** Binance's kline cap; the simulated provider keeps it so both answer the same query the same way. */
export const MAX_CANDLE_LIMIT = 1000;
export const DEFAULT_CANDLE_LIMIT = 500;

/** Where an answer came from and when: `as_of` is the source's own time (ms), not the local clock. */
export interface MarketMeta {
  source: string;
  stale: boolean;
  as_of: number;
}

export interface MarketInfo {
  /** Unified "BASE/QUOTE". */
  symbol: string;
  base: string;
  quote: string;
  price_tick: number;
  amount_step: number;
  min_amount: number;
  min_notional: number;
}

export interface MarketTicker extends MarketMeta {
  symbol: string;
  price: number;
  bid: number;
  ask: number;
  /** Rolling 24 h window (Binance's definition) on both sources. */
  change_24h: number;
  change_24h_pct: number;
  /** Base-asset volume. */
  volume_24h: number;
  high_24h: number;
  low_24h: number;
}

export interface CandleQuery {
  /** Inclusive, ms; rounded up to the timeframe grid. Without it, the newest `limit` closed candles. */
  since?: number;
  /** Default 500, at most 1000. */
  limit?: number;
  /** Exclusive, ms: only candles with open_time < until. */
  until?: number;
}

/** Closed candles only: every open_time + timeframe ≤ `as_of`, the source's server time. */
export interface MarketCandles extends CandleArrays, MarketMeta {
  symbol: string;
  timeframe: MarketTimeframe;
}

export interface MarketProvider {
  /** The source id every answer carries: `exchange:<id>` or `simulated:v<N>:<seed>`. */
  readonly id: string;
  readonly kind: MarketSourceKind;
  markets(): Promise<MarketInfo[]>;
  ticker(symbol: string): Promise<MarketTicker>;
  tickers(symbols: readonly string[]): Promise<MarketTicker[]>;
  candles(symbol: string, timeframe: MarketTimeframe, query?: CandleQuery): Promise<MarketCandles>;
  serverTime(): Promise<number>;
}

export function isMarketTimeframe(tf: string): tf is MarketTimeframe {
  return (MARKET_TIMEFRAMES as readonly string[]).includes(tf);
}

export function exchangeSourceId(exchangeId: string): string {
  return `exchange:${exchangeId}`;
}

/**
 * The [first, end) window of open times both providers serve for a query at server time `now`:
 * closed candles only, at most `limit`, the oldest from `since` or else the newest before `until`.
 */
export function candleWindow(
  timeframe: MarketTimeframe,
  query: CandleQuery,
  now: number,
  /** Internal reads (indicator warm-up) may span several exchange requests. */
  maxLimit = MAX_CANDLE_LIMIT,
): { first: number; end: number; limit: number } {
  const tf = timeframeMs(timeframe);
  const limit = query.limit ?? DEFAULT_CANDLE_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) {
    throw new RangeError(`limit must be an integer from 1 to ${maxLimit}`);
  }
  for (const [name, v] of [["since", query.since], ["until", query.until]] as const) {
    if (v !== undefined && !Number.isFinite(v)) throw new RangeError(`${name} must be a finite ms timestamp`);
  }
  const closedEnd = Math.floor(now / tf) * tf;
  const untilEnd = query.until === undefined ? closedEnd : Math.min(Math.ceil(query.until / tf) * tf, closedEnd);
  if (query.since !== undefined) {
    const first = Math.ceil(query.since / tf) * tf;
    return { first, end: Math.max(first, Math.min(untilEnd, first + limit * tf)), limit };
  }
  return { first: untilEnd - limit * tf, end: untilEnd, limit };
}

function simulatedMarketInfo(symbol: string): MarketInfo {
  const s = getSimulatedSymbol(symbol);
  return {
    symbol: s.symbol,
    base: s.base,
    quote: s.quote,
    price_tick: s.priceTick,
    amount_step: s.amountStep,
    min_amount: s.minAmount,
    min_notional: s.minNotional,
  };
}

const DAY_MS = 86_400_000;

/**
 * simulatedCandles one UTC day at a time, giving the event loop a turn between days: a year of daily
 * candles costs seconds of CPU (every 1d candle aggregates its 1,440 one-minute candles), and a
 * server must keep answering meanwhile. Every timeframe divides a day, so chunks never split a candle.
 */
async function simulatedCandlesYielding(query: Parameters<typeof simulatedCandles>[0]): Promise<CandleArrays> {
  const { from, to } = query;
  if (to - from <= DAY_MS) return simulatedCandles(query);
  const parts: CandleArrays[] = [];
  for (let start = from; start < to; ) {
    const end = Math.min(to, (Math.floor(start / DAY_MS) + 1) * DAY_MS);
    parts.push(simulatedCandles({ ...query, from: start, to: end }));
    start = end;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return concatCandles(parts);
}

function concatCandles(parts: readonly CandleArrays[]): CandleArrays {
  const n = parts.reduce((sum, p) => sum + p.openTime.length, 0);
  const out = { openTime: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  let at = 0;
  for (const p of parts) {
    for (const k of ["openTime", "open", "high", "low", "close", "volume"] as const) out[k].set(p[k], at);
    at += p.openTime.length;
  }
  return out;
}

/** The deterministic simulated market (§4) behind the provider interface; `now` is its server clock. */
export function createSimulatedProvider(seed: string | number, now: () => number = Date.now): MarketProvider {
  const id = simulatedSourceId(seed);
  const meta = (asOf: number): MarketMeta => ({ source: id, stale: false, as_of: asOf });

  const ticker = (symbol: string, at: number): MarketTicker => {
    const t = simulatedTicker({ seed, symbol: normalizeSymbol(symbol), at });
    return {
      symbol: t.symbol,
      price: t.last,
      bid: t.bid,
      ask: t.ask,
      change_24h: t.change_24h,
      change_24h_pct: t.change_24h_pct,
      volume_24h: t.volume_24h,
      high_24h: t.high_24h,
      low_24h: t.low_24h,
      ...meta(t.timestamp),
    };
  };

  return {
    id,
    kind: "simulated",
    async markets() {
      return SIMULATED_SYMBOLS.map((s) => simulatedMarketInfo(s.symbol));
    },
    async ticker(symbol) {
      return ticker(symbol, now());
    },
    async tickers(symbols) {
      const at = now();
      return symbols.map((s) => ticker(s, at));
    },
    async candles(symbol, timeframe, query = {}) {
      const spec = getSimulatedSymbol(symbol);
      const at = now();
      const { first, end } = candleWindow(timeframe, query, at);
      const arrays = await simulatedCandlesYielding({ seed, symbol: spec.symbol, timeframe, from: first, to: end, now: at });
      return { ...arrays, symbol: spec.symbol, timeframe, ...meta(at) };
    },
    async serverTime() {
      return now();
    },
  };
}
