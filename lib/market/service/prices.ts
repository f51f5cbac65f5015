/**
 * Tickers of one source, per process: refreshed for the tracked symbols every PRICE_POLL_MS (each
 * refresh publishes price.tick events), fetched on demand for other symbols by signed-in callers,
 * and served from memory otherwise. A failed refresh keeps the last tickers, marked stale.
 */
import type { MarketProvider, MarketTicker } from "../provider";
import type { SourceHealth } from "./health";
import { singleFlight } from "./single-flight";

export type PriceBook = {
  /** Refreshes these symbols from the source; throws (after marking the source unhealthy) on failure. */
  refresh(symbols: readonly string[]): Promise<MarketTicker[]>;
  /**
   * One ticker per symbol, in order. Missing or old ones are fetched when `allowFetch`; whatever
   * cannot be fetched is served from memory marked stale, or left out when never seen.
   */
  get(symbols: readonly string[], options: { allowFetch: boolean }): Promise<MarketTicker[]>;
};

export function createPriceBook(options: {
  provider: MarketProvider;
  health: SourceHealth;
  /** Older than this (local receipt time), a ticker is refreshed before it is served to a signed-in caller. */
  maxAgeMs: number;
  now?: () => number;
}): PriceBook {
  const { provider, health, maxAgeMs } = options;
  const now = options.now ?? Date.now;
  const book = new Map<string, { ticker: MarketTicker; receivedAt: number }>();
  const shared = singleFlight<MarketTicker[]>();
  // Computed locally, the simulated market has no upstream to spare: anyone may "fetch" from it.
  const local = provider.kind === "simulated";

  async function refresh(symbols: readonly string[]): Promise<MarketTicker[]> {
    if (symbols.length === 0) return [];
    return shared([...symbols].sort().join(","), async () => {
      try {
        const tickers = await provider.tickers(symbols);
        const at = now();
        for (const t of tickers) book.set(t.symbol, { ticker: t, receivedAt: at });
        health.ok(local ? undefined : Math.max(...tickers.map((t) => t.as_of)));
        return tickers;
      } catch (error) {
        health.fail(error);
        throw error;
      }
    });
  }

  return {
    refresh,
    async get(symbols, { allowFetch }) {
      const at = now();
      const old = symbols.filter((s) => {
        const entry = book.get(s);
        return !entry || at - entry.receivedAt > maxAgeMs;
      });
      if (old.length > 0 && (allowFetch || local)) {
        await refresh(old).catch(() => undefined);
      }
      const stale = health.isStale();
      const out: MarketTicker[] = [];
      for (const s of symbols) {
        const entry = book.get(s);
        if (!entry) continue;
        const tooOld = !local && now() - entry.receivedAt > maxAgeMs * 3;
        out.push({ ...entry.ticker, stale: stale || tooOld });
      }
      return out;
    },
  };
}
