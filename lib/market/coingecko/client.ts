import { z } from "zod";
import { env } from "@/lib/env";
import { fetchJson, UpstreamError } from "@/lib/market/http-cache/fetch-json";
import { coinGeckoKeyHeader } from "./api-key";

/**
 * CoinGecko client for the market overview and trending lists. Only fields CoinGecko has kept
 * stable are read; anything else in its answers is ignored so an added field never breaks us, and
 * a missing required one is an error rather than a zero on the dashboard.
 */

const UPSTREAM = "CoinGecko";

export type CoinGeckoOptions = {
  /** Already resolved (resolveCoinGeckoKey); never logged, scrubbed from every error. */
  apiKey?: string;
  baseUrl?: string;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
};

export type CoinGeckoGlobal = {
  total_market_cap: number;
  total_volume_24h: number;
  btc_dominance: number;
  as_of: number;
  source: "coingecko";
};

export type TrendingCoin = {
  id: string;
  coin_id: number | null;
  name: string;
  symbol: string;
  market_cap_rank: number | null;
  thumb: string | null;
  price_btc: number | null;
  price_usd: number | null;
  price_change_percentage_24h_usd: number | null;
  score: number;
};

export type CoinGeckoTrending = { coins: TrendingCoin[]; as_of: number; source: "coingecko" };

const finite = z.number().refine(Number.isFinite, "must be a finite number");

const globalSchema = z.object({
  data: z.object({
    total_market_cap: z.object({ usd: finite.nonnegative() }),
    total_volume: z.object({ usd: finite.nonnegative() }),
    market_cap_percentage: z.object({ btc: finite.min(0).max(100) }),
    updated_at: z.number().int().positive(),
  }),
});

/** CoinGecko has sent prices both as numbers and as display strings ("$0.0123"); read either, or give up on that field alone. */
const looseNumber = z.unknown().transform((v): number | null => {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v !== "string") return null;
  const n = Number(v.replace(/[$,\s]/g, ""));
  return v.trim() !== "" && Number.isFinite(n) ? n : null;
});

const trendingSchema = z.object({
  coins: z.array(
    z.object({
      item: z.object({
        id: z.string().min(1),
        coin_id: z.number().int().nullish(),
        name: z.string(),
        symbol: z.string(),
        market_cap_rank: z.number().int().nullish(),
        thumb: z.string().nullish(),
        price_btc: looseNumber.optional(),
        score: z.number().int().nonnegative(),
        data: z
          .object({
            price: looseNumber.optional(),
            price_change_percentage_24h: z.object({ usd: looseNumber.optional() }).partial().nullish(),
          })
          .nullish(),
      }),
    }),
  ),
});

function describeCoinGeckoError(_status: number, body: unknown): string | undefined {
  const b = body as { status?: { error_code?: unknown; error_message?: unknown }; error?: unknown } | null;
  const message = b?.status?.error_message ?? b?.error;
  if (typeof message !== "string") return undefined;
  const code = b?.status?.error_code;
  return typeof code === "number" ? `${message} (error ${code})` : message;
}

function malformed(what: string, error: z.ZodError): UpstreamError {
  const issue = error.issues[0];
  const detail = issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "unexpected shape";
  return new UpstreamError(`CoinGecko ${what} answered with an unexpected body (${detail}).`, UPSTREAM, "malformed");
}

async function get(path: string, options: CoinGeckoOptions): Promise<unknown> {
  const base = (options.baseUrl ?? env().COINGECKO_BASE_URL).replace(/\/+$/, "");
  const key = options.apiKey?.trim();
  return fetchJson(`${base}${path}`, {
    upstream: UPSTREAM,
    headers: key ? { [coinGeckoKeyHeader(base)]: key } : {},
    fetchImpl: options.fetchImpl,
    timeoutMs: options.timeoutMs,
    secrets: [key, options.apiKey],
    describeHttpError: describeCoinGeckoError,
  });
}

export function parseGlobalBody(body: unknown): CoinGeckoGlobal {
  const parsed = globalSchema.safeParse(body);
  if (!parsed.success) throw malformed("/global", parsed.error);
  const d = parsed.data.data;
  return {
    total_market_cap: d.total_market_cap.usd,
    total_volume_24h: d.total_volume.usd,
    btc_dominance: d.market_cap_percentage.btc,
    as_of: d.updated_at * 1000,
    source: "coingecko",
  };
}

export function parseTrendingBody(body: unknown, asOf: number): CoinGeckoTrending {
  const parsed = trendingSchema.safeParse(body);
  if (!parsed.success) throw malformed("/search/trending", parsed.error);
  return {
    coins: parsed.data.coins.map(({ item }) => ({
      id: item.id,
      coin_id: item.coin_id ?? null,
      name: item.name,
      symbol: item.symbol,
      market_cap_rank: item.market_cap_rank ?? null,
      thumb: item.thumb ?? null,
      price_btc: item.price_btc ?? null,
      price_usd: item.data?.price ?? null,
      price_change_percentage_24h_usd: item.data?.price_change_percentage_24h?.usd ?? null,
      score: item.score,
    })),
    as_of: asOf,
    source: "coingecko",
  };
}

export async function fetchGlobal(options: CoinGeckoOptions = {}): Promise<CoinGeckoGlobal> {
  return parseGlobalBody(await get("/global", options));
}

/** Trending carries no timestamp of its own, so `as_of` is when we received it. */
export async function fetchTrending(options: CoinGeckoOptions & { now?: () => number } = {}): Promise<CoinGeckoTrending> {
  const body = await get("/search/trending", options);
  return parseTrendingBody(body, (options.now ?? Date.now)());
}
