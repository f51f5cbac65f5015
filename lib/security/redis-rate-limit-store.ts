import IORedis from "ioredis";
import { Ratelimit } from "@upstash/ratelimit";
import { upstashAdapter } from "./redis-adapter";
import type { RateLimitStore } from "./rate-limit-store";

export class RateLimitStoreUnavailable extends Error {}

/**
 * The same sliding-window policies through @upstash/ratelimit on a self-hosted Redis.
 * Upstash's sliding window weighs the previous window's count, an approximation of the exact
 * window the SQLite store keeps. A Redis that does not answer raises RateLimitStoreUnavailable
 * at once (no offline queue, a short timeout) so each policy can choose to fail open or closed.
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly client: IORedis;
  private readonly limiters = new Map<string, Ratelimit>();

  constructor(url: string) {
    this.client = new IORedis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 1000,
      lazyConnect: false,
    });
    // Connection errors surface per call; without a listener ioredis would log them as unhandled.
    this.client.on("error", () => {});
  }

  private limiter(limit: number, windowMs: number): Ratelimit {
    const id = `${limit}:${windowMs}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      limiter = new Ratelimit({
        redis: upstashAdapter(this.client),
        limiter: Ratelimit.slidingWindow(limit, `${windowMs} ms`),
        prefix: "autocbot:rl",
        ephemeralCache: false,
        analytics: false,
        // A timed-out call would be *allowed* by Upstash; we turn it into an error instead.
        timeout: 1500,
      });
      this.limiters.set(id, limiter);
    }
    return limiter;
  }

  async hit(key: string, limit: number, windowMs: number, now: number) {
    let response;
    try {
      response = await this.limiter(limit, windowMs).limit(key);
    } catch (error) {
      throw new RateLimitStoreUnavailable(String(error));
    }
    if (response.reason === "timeout") throw new RateLimitStoreUnavailable("redis timed out");
    return { allowed: response.success, remaining: Math.max(0, response.remaining), resetMs: response.reset - now };
  }

  async close(): Promise<void> {
    this.client.disconnect();
  }
}
