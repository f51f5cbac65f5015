import { createCachedUpstream, type BreakerOptions } from "@/lib/market/http-cache/cached-upstream";
import { fetchFearGreed } from "./alternative-me";
import { computeFearGreedFromMarket, MIN_CLOSES, type ComputedFearGreed } from "./computed";
import { toDailyPoints, type FearGreedHistoryStore } from "./history";
import type { FearGreedReading } from "./types";

/**
 * What /api/v1/sentiment/fear-greed serves: alternative.me through a 5-minute cache, its last good
 * reading (stale) when it fails, and our computed index only when it has never answered, because a
 * published number, even an old one, is what users compare against elsewhere.
 */

export const FEAR_GREED_TTL_MS = 5 * 60_000;

export type FearGreedResponse = FearGreedReading & {
  stale: boolean;
  inputs?: ComputedFearGreed["inputs"];
};

export type DailyCloses = { closes: Float64Array; /** Time of the last close. */ asOf: number };

export type FearGreedServiceOptions = {
  /** Defaults to alternative.me at FEAR_GREED_BASE_URL. */
  fetchLatest?: () => Promise<FearGreedReading>;
  /** Daily BTC closes, oldest first, for the computed fallback; null when none are available. */
  loadDailyCloses: () => Promise<DailyCloses | null>;
  /** Receives every fresh reading, one point per UTC day, for backtests and signals. */
  history?: FearGreedHistoryStore;
  ttlMs?: number;
  breaker?: BreakerOptions;
  now?: () => number;
  onError?: (error: unknown, name: string) => void;
};

export type FearGreedService = {
  /** allowFetch false (anonymous callers): cached readings only, never an upstream call. */
  current(options?: { allowFetch?: boolean }): Promise<FearGreedResponse | null>;
};

async function latestFromAlternativeMe(): Promise<FearGreedReading> {
  const [latest] = await fetchFearGreed({ limit: 1 });
  if (!latest) throw new Error("alternative.me returned no readings");
  return latest;
}

export function createFearGreedService(options: FearGreedServiceOptions): FearGreedService {
  const { ttlMs = FEAR_GREED_TTL_MS, now = Date.now, onError } = options;
  const provider = createCachedUpstream({
    name: "fear-greed:alternative.me",
    ttlMs,
    fetch: options.fetchLatest ?? latestFromAlternativeMe,
    asOf: (reading) => reading.as_of,
    breaker: options.breaker,
    now,
    onError,
  });
  // Cached too: loading closes may read the candle store, and the value only moves daily.
  const computed = createCachedUpstream({
    name: "fear-greed:computed",
    ttlMs,
    fetch: async () => {
      const input = await options.loadDailyCloses();
      if (!input || input.closes.length < MIN_CLOSES) throw new Error("Not enough daily closes to compute Fear & Greed");
      return computeFearGreedFromMarket(input.closes, { asOf: input.asOf });
    },
    asOf: (reading, fetchedAt) => reading.as_of ?? fetchedAt,
    now,
    onError,
  });
  let lastSaved: number | null = null;

  async function record(reading: FearGreedReading) {
    if (!options.history || lastSaved === reading.as_of) return;
    try {
      await options.history.save(toDailyPoints([reading]));
      lastSaved = reading.as_of;
    } catch (error) {
      // The live answer matters more than the history row; the next fresh reading retries.
      onError?.(error, "fear-greed:history");
    }
  }

  return {
    async current({ allowFetch = true } = {}) {
      const upstream = allowFetch ? await provider.get() : provider.peek();
      if (upstream) {
        if (!upstream.stale) await record(upstream.data);
        return { ...upstream.data, as_of: upstream.as_of, stale: upstream.stale };
      }
      const fallback = allowFetch ? await computed.get() : computed.peek();
      if (!fallback) return null;
      const { value, classification, inputs } = fallback.data;
      const reading: FearGreedReading = { value, classification, as_of: fallback.as_of, source: "computed" };
      if (!fallback.stale) await record(reading);
      return { ...reading, stale: fallback.stale, inputs };
    },
  };
}
