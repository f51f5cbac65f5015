/**
 * A TTL cache in front of one upstream endpoint, with a circuit breaker. Market pages must answer
 * even when CoinGecko or alternative.me is down or slow: after a failure the last good value is
 * served marked stale, and once the upstream has failed repeatedly it is not called at all for a
 * while, so requests never sit on connect timeouts. Per process; each endpoint gets its own instance.
 */

export type CachedValue<T> = {
  data: T;
  /** True when the value is served because the refresh that should have replaced it failed. */
  stale: boolean;
  /** When the data was true upstream (or fetched); kept unchanged while it is served stale. */
  as_of: number;
};

export type BreakerState = "closed" | "open" | "half-open";

export type BreakerOptions = {
  /** Consecutive failures that open the breaker. */
  failureThreshold?: number;
  /** How long an open breaker keeps the upstream uncalled before one trial call. */
  openMs?: number;
};

export type CachedUpstreamOptions<T> = {
  name: string;
  ttlMs: number;
  fetch: () => Promise<T>;
  breaker?: BreakerOptions;
  now?: () => number;
  /** The upstream's own timestamp for the data (CoinGecko's updated_at); defaults to the fetch time. */
  asOf?: (data: T, fetchedAt: number) => number;
  /** Sees every failed refresh, for logging; must not throw. */
  onError?: (error: unknown, name: string) => void;
};

export type CachedUpstream<T> = {
  readonly name: string;
  /** Null only when no fetch has ever succeeded: the caller then computes its own fallback. */
  get(): Promise<CachedValue<T> | null>;
  /** The cached value without calling the upstream (anonymous readers); stale once past its TTL. */
  peek(): CachedValue<T> | null;
  breakerState(): BreakerState;
};

export function createCachedUpstream<T>(options: CachedUpstreamOptions<T>): CachedUpstream<T> {
  const { name, ttlMs, now = Date.now } = options;
  const failureThreshold = options.breaker?.failureThreshold ?? 3;
  const openMs = options.breaker?.openMs ?? 30_000;
  if (!(ttlMs >= 0)) throw new RangeError("ttlMs must be a non-negative number");
  if (!Number.isInteger(failureThreshold) || failureThreshold < 1) throw new RangeError("failureThreshold must be a positive integer");
  if (!(openMs >= 0)) throw new RangeError("openMs must be a non-negative number");

  let good: { data: T; as_of: number; fetchedAt: number } | null = null;
  let failures = 0;
  let openUntil: number | null = null;
  let inFlight: Promise<CachedValue<T> | null> | null = null;

  const stale = (): CachedValue<T> | null => (good ? { data: good.data, stale: true, as_of: good.as_of } : null);

  const state = (): BreakerState => {
    if (openUntil === null) return "closed";
    return now() < openUntil ? "open" : "half-open";
  };

  async function refresh(): Promise<CachedValue<T> | null> {
    const trial = state() === "half-open";
    try {
      const data = await options.fetch();
      const fetchedAt = now();
      good = { data, fetchedAt, as_of: options.asOf ? options.asOf(data, fetchedAt) : fetchedAt };
      failures = 0;
      openUntil = null;
      return { data, stale: false, as_of: good.as_of };
    } catch (error) {
      failures += 1;
      // A failed trial call re-opens at once: one success, not N failures, is what closes it.
      if (trial || failures >= failureThreshold) openUntil = now() + openMs;
      try {
        options.onError?.(error, name);
      } catch {
        // Logging must not turn a served stale value into an error.
      }
      return stale();
    }
  }

  return {
    name,
    breakerState: state,
    peek() {
      if (!good) return null;
      return { data: good.data, stale: now() - good.fetchedAt >= ttlMs, as_of: good.as_of };
    },
    get() {
      if (good && now() - good.fetchedAt < ttlMs) {
        return Promise.resolve({ data: good.data, stale: false, as_of: good.as_of });
      }
      if (state() === "open") return Promise.resolve(stale());
      // Concurrent callers share one upstream call; in half-open this is the single trial call.
      inFlight ??= refresh().finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
  };
}
