/**
 * The exchange market-data provider: ccxt's public endpoints only (no credentials), spot only.
 * Every failure surfaces as an ExchangeError and nothing is ever filled in from another source,
 * so a caller that serves stale data on error knows exactly what it is serving (§1.4).
 */
import "server-only";
import ccxt, { type Exchange, type MarketInterface, type OHLCV, type Ticker } from "ccxt";
import { createExchange } from "@/lib/exchange/client";
import { ExchangeError, toExchangeError } from "@/lib/exchange/errors";
import {
  candleWindow,
  exchangeSourceId,
  type CandleQuery,
  type MarketCandles,
  type MarketInfo,
  type MarketProvider,
  type MarketTicker,
  type MarketTimeframe,
} from "./provider";
import { normalizeSymbol, timeframeMs } from "./simulated";

export type ExchangeProviderOptions = {
  /** Replaces EXCHANGE_BASE_URL (tests: the fake exchange); null forces the exchange's real URLs. */
  baseUrl?: string | null;
  timeoutMs?: number;
  /** Local clock, used only where the exchange gives no time of its own. */
  now?: () => number;
};

/**
 * ccxt returns a 2xx body it cannot parse as the raw string, and its parsers then make empty
 * results out of it (a truncated klines answer becomes "no candles", a truncated exchangeInfo
 * "no markets"). Every public endpoint used here answers JSON, so such a body is a bad response.
 */
function rejectMalformedBodies(exchange: Exchange): void {
  const original = exchange.onRestResponse.bind(exchange);
  exchange.onRestResponse = (...args: Parameters<Exchange["onRestResponse"]>) => {
    const text: unknown = original(...args);
    const status = Number(args[0]);
    if (status >= 200 && status < 300) {
      try {
        JSON.parse(String(text));
      } catch {
        throw new ccxt.BadResponse(`${exchange.id} sent a malformed response (HTTP ${status})`);
      }
    }
    return text;
  };
}

export function createExchangeProvider(exchangeId: string, options: ExchangeProviderOptions = {}): MarketProvider {
  const exchange: Exchange = createExchange(exchangeId, undefined, {
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
  });
  rejectMalformedBodies(exchange);
  const now = options.now ?? Date.now;
  const id = exchangeSourceId(exchange.id);
  let marketsReady = false;

  const badResponse = (what: string, detail?: string) =>
    new ExchangeError(
      "temporary",
      `${exchange.id} sent an unusable ${what} response${detail ? `: ${detail}` : ""}`,
      null,
      null,
      "BadResponse",
    );

  /**
   * ccxt hands an unparseable body to its parsers as a raw string, so a malformed answer shows up
   * as a TypeError from inside the ccxt call (or as garbage, checked by the callers). Only the ccxt
   * call itself is wrapped, so bugs in this file are not disguised as exchange failures.
   */
  async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof ccxt.BaseError || err instanceof ExchangeError) throw toExchangeError(err);
      throw badResponse(what, err instanceof Error ? err.message : undefined);
    }
  }

  const num = (what: string, v: unknown): number => {
    if (typeof v !== "number" || !Number.isFinite(v)) throw badResponse(what);
    return v;
  };

  /** ccxt 4.5's binance reports tick sizes (TICK_SIZE mode); some exchanges report decimal places. */
  const increment = (what: string, v: unknown): number => {
    const value = num(what, v);
    if (exchange.precisionMode === ccxt.DECIMAL_PLACES) return 10 ** -value;
    if (exchange.precisionMode !== ccxt.TICK_SIZE || value <= 0) throw badResponse(what);
    return value;
  };

  /** A malformed exchangeInfo leaves ccxt with an empty market table; refuse it and reload next time. */
  async function loadSpotMarkets(reload: boolean): Promise<MarketInterface[]> {
    const all = await call("markets", () => exchange.loadMarkets(reload || !marketsReady));
    const spot = Object.values(all).filter((m): m is MarketInterface => !!m && m.spot === true && m.active !== false);
    if (spot.length === 0) {
      marketsReady = false;
      throw badResponse("markets", "no spot markets");
    }
    marketsReady = true;
    return spot;
  }

  async function spotMarket(symbol: string): Promise<MarketInterface> {
    if (!marketsReady) await loadSpotMarkets(true);
    const market = await call("markets", async () => exchange.market(normalizeSymbol(symbol)));
    if (!market.spot) {
      throw new ExchangeError("invalid_request", `${exchange.id} ${market.symbol} is not a spot market`, null, null, "BadSymbol");
    }
    return market;
  }

  async function serverTime(): Promise<number> {
    if (!exchange.has.fetchTime) return now();
    return num("time", await call("time", () => exchange.fetchTime()));
  }

  const toTicker = (t: Ticker | undefined, symbol: string): MarketTicker => {
    if (!t || t.symbol !== symbol) throw badResponse("ticker", `no ticker for ${symbol}`);
    return {
      symbol,
      price: num("ticker", t.last),
      bid: num("ticker", t.bid),
      ask: num("ticker", t.ask),
      change_24h: num("ticker", t.change),
      change_24h_pct: num("ticker", t.percentage),
      volume_24h: num("ticker", t.baseVolume),
      high_24h: num("ticker", t.high),
      low_24h: num("ticker", t.low),
      source: id,
      stale: false,
      as_of: typeof t.timestamp === "number" && Number.isFinite(t.timestamp) ? t.timestamp : now(),
    };
  };

  return {
    id,
    kind: "exchange",

    async markets(): Promise<MarketInfo[]> {
      const spot = await loadSpotMarkets(true);
      return spot
        .map((m) => ({
          symbol: m.symbol,
          base: m.base,
          quote: m.quote,
          price_tick: increment("markets", m.precision.price),
          amount_step: increment("markets", m.precision.amount),
          min_amount: num("markets", m.limits.amount?.min ?? 0),
          min_notional: num("markets", m.limits.cost?.min ?? 0),
        }))
        .sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
    },

    async ticker(symbol) {
      const market = await spotMarket(symbol);
      return toTicker(await call("ticker", () => exchange.fetchTicker(market.symbol)), market.symbol);
    },

    async tickers(symbols) {
      if (symbols.length === 0) return [];
      const markets: MarketInterface[] = [];
      for (const s of symbols) markets.push(await spotMarket(s));
      const unified = markets.map((m) => m.symbol);
      const all = await call("tickers", () => exchange.fetchTickers(unified));
      return unified.map((s) => toTicker(all[s], s));
    },

    async candles(symbol: string, timeframe: MarketTimeframe, query: CandleQuery = {}): Promise<MarketCandles> {
      const market = await spotMarket(symbol);
      const tf = timeframeMs(timeframe);
      // Server time first: a candle that closes between the two calls is then dropped (it was
      // forming at `asOf`), never kept half-formed.
      const asOf = await serverTime();
      const { first, end } = candleWindow(timeframe, query, asOf);
      const count = Math.max(0, Math.round((end - first) / tf));
      let rows: OHLCV[] = [];
      if (count > 0) {
        // Binance's endTime bounds the open time inclusively; `end` is exclusive.
        rows = await call("candles", () => exchange.fetchOHLCV(market.symbol, timeframe, first, count, { until: end - 1 }));
        if (!Array.isArray(rows)) throw badResponse("candles");
      }
      const kept: number[][] = [];
      let previous = -Infinity;
      for (const row of rows) {
        if (!Array.isArray(row) || row.length < 6) throw badResponse("candles");
        const values = row.slice(0, 6).map((v) => num("candles", v));
        const openTime = values[0];
        if (openTime % tf !== 0 || openTime <= previous) throw badResponse("candles", "off-grid or unordered open times");
        previous = openTime;
        // ccxt returns the forming candle last; only candles closed by the exchange's own clock stay.
        if (openTime < first || openTime >= end || openTime + tf > asOf) continue;
        kept.push(values);
      }
      const column = (i: number) => Float64Array.from(kept, (r) => r[i]);
      return {
        openTime: column(0),
        open: column(1),
        high: column(2),
        low: column(3),
        close: column(4),
        volume: column(5),
        symbol: market.symbol,
        timeframe,
        source: id,
        stale: false,
        as_of: asOf,
      };
    },

    serverTime,
  };
}
