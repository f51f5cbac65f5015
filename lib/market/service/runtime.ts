import "server-only";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { normalizeSymbol } from "@/lib/events/schemas";
import { logger } from "@/lib/log";
import { fetchGlobal, fetchTrending, type CoinGeckoGlobal, type CoinGeckoTrending } from "../coingecko/client";
import { createExchangeProvider } from "../exchange-provider";
import { createCachedUpstream, type CachedUpstream } from "../http-cache/cached-upstream";
import { createSimulatedProvider, type MarketInfo, type MarketProvider } from "../provider";
import { createDbFearGreedHistory } from "../sentiment/db-history";
import { createFearGreedService, type FearGreedService } from "../sentiment/fear-greed";
import { createCandleService, type CandleService } from "./candles";
import { createSourceHealth, type SourceHealth } from "./health";
import { createPriceBook, type PriceBook } from "./prices";
import { resolveMarketSource, type ResolvedMarketSource } from "./source";
import { trackedSymbols } from "./tracked";

/**
 * Everything market data needs in one server process, built once: the deployment's source, its
 * provider, health, tickers, candles, markets and the outside services (CoinGecko, alternative.me)
 * behind their caches and breakers.
 */
export type MarketRuntime = {
  source: ResolvedMarketSource;
  provider: MarketProvider;
  health: SourceHealth;
  prices: PriceBook;
  candles: CandleService;
  fearGreed: FearGreedService;
  fearGreedHistory: ReturnType<typeof createDbFearGreedHistory>;
  coingeckoGlobal: CachedUpstream<CoinGeckoGlobal>;
  coingeckoTrending: CachedUpstream<CoinGeckoTrending>;
  /**
   * The source's markets (cached an hour; the last list is kept while the exchange is down), null
   * before the first answer. Nothing here throws the app's error classes: this object is shared
   * through globalThis by every module graph Next builds, and each graph has its own classes, so
   * the route's wrapper would not recognise them. The views turn nulls into errors.
   */
  markets(options?: { allowFetch?: boolean }): Promise<{ items: MarketInfo[]; stale: boolean; as_of: number } | null>;
  /** The market of a symbol (any spelling), null when the source does not list it or has no list yet. */
  findMarket(symbol: string): Promise<MarketInfo | null>;
  /** Tracked symbols (recomputed at most once a minute). */
  tracked(): Promise<string[]>;
};

const HOLDER = Symbol.for("autocbot.marketRuntime");
type Holder = { [HOLDER]?: Promise<MarketRuntime> };

export function marketRuntime(): Promise<MarketRuntime> {
  const holder = globalThis as Holder;
  holder[HOLDER] ??= buildRuntime().catch((error) => {
    holder[HOLDER] = undefined;
    throw error;
  });
  return holder[HOLDER];
}

/** How long a first-start probe of the exchange may take before auto picks the simulated market. */
const PROBE_TIMEOUT_MS = 5_000;

async function buildRuntime(): Promise<MarketRuntime> {
  const e = env();
  const db = getDb();
  const log = logger().child({ component: "market" });
  const onError = (error: unknown, name: string) => log.warn({ upstream: name, err: error instanceof Error ? error.message : String(error) }, "upstream call failed");

  const source = await resolveMarketSource(db, { mode: e.MARKET_DATA_SOURCE, exchangeId: e.EXCHANGE_ID, seed: e.SIMULATED_SEED }, async () => {
    const probe = createExchangeProvider(e.EXCHANGE_ID, { timeoutMs: Math.min(e.EXCHANGE_TIMEOUT_MS, PROBE_TIMEOUT_MS) });
    await probe.serverTime();
    return true;
  });
  if (source.changed) log.info({ source: source.id, resolved_by: source.resolvedBy }, "market-data source chosen");

  const provider = source.kind === "exchange" ? createExchangeProvider(e.EXCHANGE_ID) : createSimulatedProvider(source.seed ?? e.SIMULATED_SEED);
  const health = createSourceHealth({ alwaysFresh: source.kind === "simulated", staleAfterMs: Math.max(3 * e.PRICE_POLL_MS, 15_000) });
  const prices = createPriceBook({ provider, health, maxAgeMs: Math.max(2 * e.PRICE_POLL_MS, 2_000) });
  const candles = createCandleService({ db, provider, health });

  const marketsCache = createCachedUpstream({
    name: `markets:${source.id}`,
    ttlMs: 60 * 60_000,
    fetch: async () => {
      const items = await provider.markets();
      if (items.length === 0) throw new Error(`${source.id} listed no markets`);
      health.ok();
      return items;
    },
    breaker: { failureThreshold: 2, openMs: 5_000 },
    onError: (error, name) => {
      health.fail(error);
      onError(error, name);
    },
  });
  const markets = async ({ allowFetch = true } = {}) => {
    const cached = allowFetch || source.kind === "simulated" ? await marketsCache.get() : marketsCache.peek();
    return cached ? { items: cached.data, stale: cached.stale, as_of: cached.as_of } : null;
  };

  let trackedCache: { at: number; symbols: string[] } | null = null;
  const tracked = async () => {
    if (trackedCache && Date.now() - trackedCache.at < 60_000) return trackedCache.symbols;
    const list = await markets();
    if (!list) return trackedCache?.symbols ?? [];
    const listed = new Set(list.items.map((m) => m.symbol));
    trackedCache = { at: Date.now(), symbols: trackedSymbols(db, e.TRACKED_SYMBOLS, listed) };
    return trackedCache.symbols;
  };

  const fearGreedHistory = createDbFearGreedHistory(db);
  const fearGreed = createFearGreedService({
    history: fearGreedHistory,
    onError,
    loadDailyCloses: async () => {
      const daily = await candles.window("BTC/USDT", "1d", { limit: 120 }, { allowFetch: true });
      const n = daily.candles.openTime.length;
      return n === 0 ? null : { closes: daily.candles.close, asOf: daily.candles.openTime[n - 1] + 86_400_000 };
    },
  });
  const coingecko = { apiKey: e.COINGECKO_API_KEY, baseUrl: e.COINGECKO_BASE_URL, timeoutMs: 5_000 };
  const coingeckoGlobal = createCachedUpstream({ name: "coingecko:global", ttlMs: 5 * 60_000, fetch: () => fetchGlobal(coingecko), asOf: (g) => g.as_of, onError });
  const coingeckoTrending = createCachedUpstream({ name: "coingecko:trending", ttlMs: 10 * 60_000, fetch: () => fetchTrending(coingecko), asOf: (t) => t.as_of, onError });

  return {
    source,
    provider,
    health,
    prices,
    candles,
    fearGreed,
    fearGreedHistory,
    coingeckoGlobal,
    coingeckoTrending,
    markets,
    tracked,
    async findMarket(symbol) {
      const wanted = normalizeSymbol(symbol);
      return (await markets())?.items.find((m) => m.symbol === wanted) ?? null;
    },
  };
}
