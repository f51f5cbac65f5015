/**
 * Which CoinGecko key a request uses, and how it is sent. CoinGecko answers 401 when a demo key is
 * sent to the pro host or the other way round, so the header follows the base URL.
 */

export const DEMO_KEY_HEADER = "x-cg-demo-api-key";
export const PRO_KEY_HEADER = "x-cg-pro-api-key";

export function coinGeckoKeyHeader(baseUrl: string): typeof DEMO_KEY_HEADER | typeof PRO_KEY_HEADER {
  let host = "";
  try {
    host = new URL(baseUrl).hostname.toLowerCase();
  } catch {
    // An unparsable base URL fails at fetch time with a clearer message.
  }
  return host === "pro-api.coingecko.com" ? PRO_KEY_HEADER : DEMO_KEY_HEADER;
}

/** The server's key wins: a user's key from Settings is used only when the server has none. */
export function resolveCoinGeckoKey(serverKey: string | null | undefined, userKey: string | null | undefined): string | undefined {
  const server = serverKey?.trim();
  if (server) return server;
  const user = userKey?.trim();
  return user || undefined;
}
