import IORedis from "ioredis";
import { Ratelimit } from "@upstash/ratelimit";
import { upstashAdapter } from "./redis-adapter";
import type { RateLimitStore } from "./rate-limit-store";

const UNAVAILABLE = Symbol.for("autocbot.rateLimitStoreUnavailable");

export class RateLimitStoreUnavailable extends Error {
  readonly [UNAVAILABLE] = true;

  /**
   * Not instanceof: the proxy and the route handlers are separate bundles that share one store
   * (rate-limit.ts keeps it on globalThis), so an error may come from the other bundle's class.
   */
  static is(error: unknown): error is RateLimitStoreUnavailable {
    return typeof error === "object" && error !== null && (error as { [UNAVAILABLE]?: unknown })[UNAVAILABLE] === true;
  }
}

/**
 * The same sliding-window policies through @upstash/ratelimit on a self-hosted Redis.
 * Upstash's sliding window weighs the previous window's count, an approximation of the exact
 * window the SQLite store keeps. A Redis that does not answer raises RateLimitStoreUnavailable
 * at once (no offline queue, a short timeout) so each policy can choose to fail open or closed.
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly client: IORedis;
  private readonly limiters = new Map<string, Ratelimit>();
  private readonly firstConnection: Promise<void>;

  constructor(url: string) {
    this.client = new IORedis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 1000,
      lazyConnect: false,
    });
    // Connection errors surface per call; without a listener ioredis would log them as unhandled.
    this.client.on("error", () => {});
    // Without an offline queue, a command sent before the first connection fails at once: the
    // first sign-in after every start would fail closed. Wait for that connection, once, briefly.
    const client = this.client;
    this.firstConnection = new Promise<void>((resolve) => {
      const settle = () => {
        clearTimeout(timer);
        client.off("ready", settle);
        client.off("error", settle);
        resolve();
      };
      const timer = setTimeout(settle, 1000);
      timer.unref?.();
      client.once("ready", settle);
      client.once("error", settle);
    });
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
    await this.firstConnection;
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
