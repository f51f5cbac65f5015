import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { env } from "@/lib/env";
import { getDb } from "@/lib/db";
import { logger } from "@/lib/log";
import { RateLimited, Unavailable } from "@/lib/errors";
import { RATE_LIMIT_POLICIES, type RateLimitPolicy, type RateLimitResult } from "./rate-limit-policies";
import type { RateLimitStore } from "./rate-limit-store";
import { SqliteRateLimitStore } from "./sqlite-rate-limit-store";
import { RedisRateLimitStore, RateLimitStoreUnavailable } from "./redis-rate-limit-store";

export { RATE_LIMIT_POLICIES, type RateLimitPolicy, type RateLimitResult };

const STORE_KEY = Symbol.for("autocbot.rateLimitStore");
type Holder = { [STORE_KEY]?: RateLimitStore };

function store(): RateLimitStore {
  const holder = globalThis as Holder;
  if (!holder[STORE_KEY]) {
    const url = env().REDIS_URL;
    holder[STORE_KEY] = url ? new RedisRateLimitStore(url) : new SqliteRateLimitStore(getDb());
  }
  return holder[STORE_KEY];
}

export function scaledLimit(policy: RateLimitPolicy): number {
  return Math.max(1, Math.round(RATE_LIMIT_POLICIES[policy].limit * env().RATE_LIMIT_SCALE));
}

/** Results of the policies applied while serving one request, so lib/http can report the tightest. */
const scope = new AsyncLocalStorage<RateLimitResult[]>();

export function withRateLimitScope<T>(fn: () => Promise<T>): { results: RateLimitResult[]; run: Promise<T> } {
  const results: RateLimitResult[] = [];
  return { results, run: scope.run(results, fn) };
}

export async function consumeRateLimit(policy: RateLimitPolicy, identifier: string): Promise<RateLimitResult> {
  const { windowMs, failClosed } = RATE_LIMIT_POLICIES[policy];
  const limit = scaledLimit(policy);
  let result: RateLimitResult;
  try {
    const hit = await store().hit(`${policy}:${identifier}`, limit, windowMs, Date.now());
    result = {
      policy,
      allowed: hit.allowed,
      limit,
      remaining: hit.remaining,
      resetS: Math.max(1, Math.ceil(hit.resetMs / 1000)),
    };
  } catch (error) {
    if (!RateLimitStoreUnavailable.is(error)) throw error;
    logger().error({ policy, err: error.message }, "rate-limit store unavailable");
    if (failClosed) throw new Unavailable("Sign-in is temporarily unavailable. Try again shortly.");
    result = { policy, allowed: true, limit, remaining: limit, resetS: Math.ceil(windowMs / 1000) };
  }
  scope.getStore()?.push(result);
  return result;
}

/** Counts a hit and throws RateLimited (429 with Retry-After) when the window is full. */
export async function assertRateLimit(policy: RateLimitPolicy, identifier: string): Promise<RateLimitResult> {
  const result = await consumeRateLimit(policy, identifier);
  if (!result.allowed) throw new RateLimited(result.resetS);
  return result;
}

/** The tightest of several results: fewest remaining, then the longest wait. */
export function tightest(results: RateLimitResult[]): RateLimitResult | undefined {
  return [...results].sort((a, b) => a.remaining - b.remaining || b.resetS - a.resetS)[0];
}
