import "server-only";
import ccxt, { type Exchange, type NestedDictionary } from "ccxt";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

export type ExchangeCredentials = { apiKey: string; secret: string; password?: string };

/** Per-call overrides of the environment: tests point one client at their own fake exchange. */
export type ExchangeOverrides = {
  /** Replaces EXCHANGE_BASE_URL; null forces the exchange's real URLs. */
  baseUrl?: string | null;
  timeoutMs?: number;
};

export class UnsupportedExchange extends AppError {
  constructor(exchangeId: string) {
    super(
      422,
      "unsupported_exchange",
      `"${exchangeId}" is not an exchange this server supports (${env().SUPPORTED_EXCHANGES.join(", ")}).`,
    );
  }
}

export function isSupportedExchange(exchangeId: string): boolean {
  return env().SUPPORTED_EXCHANGES.includes(exchangeId) && ccxt.exchanges.includes(exchangeId);
}

/**
 * The app trades spot only, so ccxt must not load futures, options or margin data (Binance would
 * otherwise call /fapi, /dapi and /sapi/v1/margin/* on every loadMarkets) nor the private
 * currencies list (/sapi/v1/capital/config/getall), which needs more than a trading key.
 */
const SPOT_ONLY_OPTIONS = {
  defaultType: "spot",
  // ccxt 4.5 reads `fetchMarkets.types` (a bare array is the legacy form); the default adds linear and inverse.
  fetchMarkets: { types: ["spot"] },
  fetchMargins: false,
  fetchCurrencies: false,
  // Clock drift is reported (InvalidNonce) rather than silently absorbed with an extra /time call.
  adjustForTimeDifference: false,
  // Binance's own default; ccxt's 10 s would accept a signed request that sat twice as long in a queue.
  recvWindow: 5000,
};

type UrlTree = string | { [key: string]: UrlTree };

/**
 * Swaps scheme and host for `base` and keeps the path, so "https://api.binance.com/sapi/v1" becomes
 * "<base>/sapi/v1". A regex rather than `new URL`, because some exchanges keep "{hostname}"
 * placeholders in these strings until request time.
 */
function rewriteUrls(tree: UrlTree, base: string, seen: [string, string][]): UrlTree {
  if (typeof tree === "string") {
    const origin = /^https?:\/\/[^/]+/i.exec(tree);
    if (!origin) return tree;
    const next = base + tree.slice(origin[0].length);
    seen.push([next, tree]);
    return next;
  }
  if (tree && typeof tree === "object") {
    const out: { [key: string]: UrlTree } = {};
    for (const [key, value] of Object.entries(tree)) out[key] = rewriteUrls(value, base, seen);
    return out;
  }
  return tree;
}

function normalizeBase(baseUrl: string): string {
  const url = new URL(baseUrl);
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

type WithExceptionsByUrl = { getExceptionsByUrl?: (url: string, exactOrBroad: string) => unknown };

/**
 * Binance picks its spot/futures error-code tables by matching the request URL against its real
 * hosts; with the URLs rewritten, map a request URL back so the same tables apply.
 * (When two entries rewrite to the same prefix, e.g. fapi and dapi "/futures/data", the first wins:
 * the app only calls spot endpoints.)
 */
function keepErrorTables(exchange: Exchange, rewrites: [string, string][]): void {
  const target = exchange as unknown as WithExceptionsByUrl;
  const original = target.getExceptionsByUrl;
  if (typeof original !== "function") return;
  const byLength = [...rewrites].sort((a, b) => b[0].length - a[0].length);
  target.getExceptionsByUrl = (url: string, exactOrBroad: string) => {
    const hit = typeof url === "string" ? byLength.find(([next]) => url.startsWith(next)) : undefined;
    const restored = hit ? hit[1] + url.slice(hit[0].length) : url;
    return original.call(exchange, restored, exactOrBroad);
  };
}

/**
 * A ccxt client for one supported exchange, spot only, with the configured timeout and, when
 * EXCHANGE_BASE_URL is set (a regional endpoint, or the fake exchange in tests), every API URL
 * pointed at it. Credentials stay inside the client; nothing here logs them.
 */
export function createExchange(
  exchangeId: string,
  credentials?: ExchangeCredentials,
  overrides: ExchangeOverrides = {},
): Exchange {
  const id = exchangeId.trim().toLowerCase();
  if (!isSupportedExchange(id)) throw new UnsupportedExchange(exchangeId);
  const Ctor = (ccxt as unknown as Record<string, new (config: Record<string, unknown>) => Exchange>)[id];

  const config: Record<string, unknown> = {
    enableRateLimit: true,
    timeout: overrides.timeoutMs ?? env().EXCHANGE_TIMEOUT_MS,
    options: { ...SPOT_ONLY_OPTIONS },
  };
  if (credentials) {
    config.apiKey = credentials.apiKey;
    config.secret = credentials.secret;
    if (credentials.password) config.password = credentials.password;
  }
  const exchange = new Ctor(config);

  const baseUrl = overrides.baseUrl === undefined ? env().EXCHANGE_BASE_URL : overrides.baseUrl;
  if (baseUrl) {
    const rewrites: [string, string][] = [];
    // Typed as a dictionary, but a few exchanges keep a single string here; both are rewritten.
    exchange.urls.api = rewriteUrls(exchange.urls.api as UrlTree, normalizeBase(baseUrl), rewrites) as NestedDictionary;
    keepErrorTables(exchange, rewrites);
  }
  return exchange;
}
