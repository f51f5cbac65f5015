import "server-only";
import { authenticateRequest } from "@/lib/auth/authenticate";
import { getDb } from "@/lib/db/client";
import { NotFound, Unavailable, ValidationFailed } from "@/lib/errors";
import { normalizeSymbol } from "@/lib/events/schemas";
import { enqueueJob } from "@/lib/jobs/queue";
import { jobResponse } from "@/lib/jobs/views";
import { coverage, parseImportSourceId } from "../candle-store";
import type { MarketTicker, MarketTimeframe } from "../provider";
import { timeframeMs } from "../simulated";
import { INDICATOR_WARMUP_BARS, indicatorSnapshot } from "./indicator-snapshot";
import { marketRuntime, type MarketRuntime } from "./runtime";

/**
 * The market endpoints' answers. Public endpoints still look at who is asking: a signed-in caller
 * may cause an upstream fetch or a store fill, an anonymous one reads caches and the store only.
 */
export async function isSignedIn(headers: Headers): Promise<boolean> {
  return (await authenticateRequest(headers)) !== null;
}

function priceItem(t: MarketTicker) {
  return {
    symbol: t.symbol,
    price: t.price,
    bid: t.bid,
    ask: t.ask,
    change_24h: t.change_24h,
    change_24h_pct: t.change_24h_pct,
    volume_24h: t.volume_24h,
    high_24h: t.high_24h,
    low_24h: t.low_24h,
    as_of: t.as_of,
  };
}

/** The envelope of a list of tickers: stale if any is, as_of the oldest. */
function tickersMeta(rt: MarketRuntime, tickers: MarketTicker[]) {
  return {
    source: rt.source.id,
    stale: tickers.length === 0 ? rt.health.isStale() : tickers.some((t) => t.stale),
    as_of: tickers.length === 0 ? (rt.health.lastOkAt() ?? 0) : Math.min(...tickers.map((t) => t.as_of)),
  };
}

function noMarketList(rt: MarketRuntime): Unavailable {
  return new Unavailable(`The market list of ${rt.source.label} is not available yet; try again shortly.`);
}

/** The market of a symbol, or 404 symbol_not_found naming it (503 before the source ever listed its markets). */
async function requireMarket(rt: MarketRuntime, symbol: string) {
  const found = await rt.findMarket(symbol);
  if (found) return found;
  if (!(await rt.markets({ allowFetch: false }))) throw noMarketList(rt);
  throw new NotFound(`No market ${normalizeSymbol(symbol)} on ${rt.source.label}.`, "symbol_not_found");
}

export async function symbolsView(allowFetch: boolean) {
  const rt = await marketRuntime();
  const m = await rt.markets({ allowFetch });
  if (!m) throw noMarketList(rt);
  return { items: m.items, source: rt.source.id, stale: m.stale || rt.health.isStale(), as_of: m.as_of };
}

async function tickersOf(rt: MarketRuntime, symbols: string[], allowFetch: boolean): Promise<MarketTicker[]> {
  const tickers = await rt.prices.get(symbols, { allowFetch });
  if (tickers.length < symbols.length) {
    const missing = symbols.filter((s) => !tickers.some((t) => t.symbol === s));
    throw new Unavailable(`No price for ${missing.join(", ")} yet${allowFetch ? "" : "; sign in to fetch symbols outside the tracked list"}.`);
  }
  return tickers;
}

export async function pricesView(symbols: string[] | undefined, allowFetch: boolean) {
  const rt = await marketRuntime();
  const wanted = symbols ? await Promise.all(symbols.map(async (s) => (await requireMarket(rt, s)).symbol)) : await rt.tracked();
  const tickers = await tickersOf(rt, [...new Set(wanted)], allowFetch);
  return { items: tickers.map(priceItem), ...tickersMeta(rt, tickers) };
}

export async function priceView(symbol: string, allowFetch: boolean) {
  const rt = await marketRuntime();
  const market = await requireMarket(rt, symbol);
  const [t] = await tickersOf(rt, [market.symbol], allowFetch);
  return { ...priceItem(t), source: rt.source.id, stale: t.stale };
}

export async function candlesView(symbol: string, q: { timeframe: MarketTimeframe; limit: number; since?: number }, allowFetch: boolean) {
  const rt = await marketRuntime();
  const market = await requireMarket(rt, symbol);
  const w = await rt.candles.window(market.symbol, q.timeframe, { limit: q.limit, since: q.since }, { allowFetch });
  const c = w.candles;
  const items = Array.from(c.openTime, (t, i) => ({ open_time: t, open: c.open[i], high: c.high[i], low: c.low[i], close: c.close[i], volume: c.volume[i] }));
  return { source: rt.source.id, symbol: market.symbol, timeframe: q.timeframe, stale: w.stale, as_of: w.as_of, items, next_cursor: w.next_cursor };
}

export async function indicatorsView(symbol: string, timeframe: MarketTimeframe, allowFetch: boolean) {
  const rt = await marketRuntime();
  const market = await requireMarket(rt, symbol);
  const w = await rt.candles.window(market.symbol, timeframe, { limit: INDICATOR_WARMUP_BARS + 1 }, { allowFetch });
  return { symbol: market.symbol, timeframe, source: rt.source.id, stale: w.stale, ...indicatorSnapshot(w.candles, timeframeMs(timeframe)) };
}

/** Tracked tickers from memory or the source; an empty list rather than an error for the widgets built on them. */
async function trackedTickers(rt: MarketRuntime, allowFetch: boolean): Promise<MarketTicker[]> {
  return rt.prices.get(await rt.tracked(), { allowFetch });
}

export async function overviewView(allowFetch: boolean) {
  const rt = await marketRuntime();
  const global = allowFetch ? await rt.coingeckoGlobal.get() : rt.coingeckoGlobal.peek();
  if (global) {
    const g = global.data;
    return { total_market_cap: g.total_market_cap, btc_dominance: g.btc_dominance, total_volume_24h: g.total_volume_24h, source: "coingecko", stale: global.stale, as_of: global.as_of };
  }
  const tickers = await trackedTickers(rt, allowFetch);
  const volume = tickers.reduce((sum, t) => sum + t.volume_24h * t.price, 0);
  const m = tickersMeta(rt, tickers);
  return { total_market_cap: null, btc_dominance: null, total_volume_24h: tickers.length ? volume : null, source: "computed", stale: m.stale, as_of: m.as_of };
}

export async function trendingView(allowFetch: boolean) {
  const rt = await marketRuntime();
  const trending = allowFetch ? await rt.coingeckoTrending.get() : rt.coingeckoTrending.peek();
  if (trending) {
    return {
      items: trending.data.coins.map((c) => ({
        symbol: c.symbol.toUpperCase(),
        name: c.name,
        price: c.price_usd,
        change_24h_pct: c.price_change_percentage_24h_usd,
        market_cap_rank: c.market_cap_rank,
        volume_24h: null,
      })),
      label: "Trending on CoinGecko",
      source: "coingecko",
      stale: trending.stale,
      as_of: trending.as_of,
    };
  }
  const tickers = await trackedTickers(rt, allowFetch);
  const ranked = [...tickers].sort((a, b) => b.volume_24h * b.price - a.volume_24h * a.price).slice(0, 7);
  return {
    items: ranked.map((t) => ({ symbol: t.symbol, name: t.symbol.split("/")[0], price: t.price, change_24h_pct: t.change_24h_pct, market_cap_rank: null, volume_24h: t.volume_24h })),
    label: "CoinGecko unavailable: tracked symbols by 24 h quote volume",
    ...tickersMeta(rt, tickers),
    source: "computed",
  };
}

export async function gainersLosersView(allowFetch: boolean) {
  const rt = await marketRuntime();
  const tickers = await trackedTickers(rt, allowFetch);
  const mover = (t: MarketTicker) => ({ symbol: t.symbol, price: t.price, change_24h_pct: t.change_24h_pct, volume_24h: t.volume_24h });
  const sorted = [...tickers].sort((a, b) => b.change_24h_pct - a.change_24h_pct);
  return {
    gainers: sorted.filter((t) => t.change_24h_pct > 0).slice(0, 5).map(mover),
    losers: sorted.filter((t) => t.change_24h_pct < 0).reverse().slice(0, 5).map(mover),
    label: "Tracked symbols, rolling 24 h",
    ...tickersMeta(rt, tickers),
  };
}

export async function fearGreedView(allowFetch: boolean) {
  const rt = await marketRuntime();
  const r = await rt.fearGreed.current({ allowFetch });
  if (!r) throw new Unavailable("Fear & Greed is not available yet: alternative.me is unreachable and there is not enough market history to compute it.");
  return {
    value: r.value,
    classification: r.classification,
    ...(r.provider_classification ? { provider_classification: r.provider_classification } : {}),
    as_of: r.as_of,
    source: r.source,
    stale: r.stale,
  };
}

export function coverageView(userId: string) {
  // An import's stored key carries its owner's id; the wire names it import:<name>.
  const wireSource = (source: string) => {
    const imported = parseImportSourceId(source);
    return imported ? `import:${imported.name}` : source;
  };
  const items = coverage(getDb(), { importsOf: userId }).map((c) => ({ source: wireSource(c.source), symbol: c.symbol, timeframe: c.timeframe, start: c.start, end: c.end, count: c.count, gaps: c.gaps }));
  return { items };
}

/** The most candles one download may ask for (a year of 1m candles is 525,600). */
export const MAX_DOWNLOAD_CANDLES = 1_000_000;
export const DOWNLOAD_JOB = "market.download";

export async function startDownload(userId: string, body: { symbol: string; timeframe: MarketTimeframe; start: number; end: number }) {
  const rt = await marketRuntime();
  const market = await requireMarket(rt, body.symbol);
  const count = Math.ceil((body.end - body.start) / timeframeMs(body.timeframe));
  if (count > MAX_DOWNLOAD_CANDLES) {
    throw new ValidationFailed({ end: [`spans ${count} candles; one download may fetch at most ${MAX_DOWNLOAD_CANDLES}`] });
  }
  const job = await enqueueJob(getDb(), { type: DOWNLOAD_JOB, userId, payload: { ...body, symbol: market.symbol, source: rt.source.id } });
  return { job: jobResponse(job) };
}
