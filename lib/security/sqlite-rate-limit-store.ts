import { and, asc, count, eq, gt } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { rateLimitHits } from "@/lib/db/schema";
import type { RateLimitStore } from "./rate-limit-store";

/**
 * An exact sliding window: one row per counted hit, so a burst that straddles a minute boundary
 * is judged the same as one that doesn't. Rows live in the shared database file, so limits hold
 * across restarts and across processes.
 */
export class SqliteRateLimitStore implements RateLimitStore {
  constructor(private readonly db: Db) {}

  async hit(key: string, limit: number, windowMs: number, now: number) {
    return this.db.transaction(
      (tx) => {
        const since = now - windowMs;
        const inWindow = and(eq(rateLimitHits.key, key), gt(rateLimitHits.at, since));
        const used = tx.select({ n: count() }).from(rateLimitHits).where(inWindow).get()?.n ?? 0;
        // The window frees a slot when the hit that is `limit` places back leaves it.
        const oldestCounted = (skip: number) =>
          tx.select({ at: rateLimitHits.at }).from(rateLimitHits).where(inWindow).orderBy(asc(rateLimitHits.at)).limit(1).offset(skip).get()?.at ?? now;
        if (used >= limit) return { allowed: false, remaining: 0, resetMs: oldestCounted(used - limit) + windowMs - now };
        tx.insert(rateLimitHits).values({ key, at: now, expiresAt: now + windowMs }).run();
        return { allowed: true, remaining: limit - used - 1, resetMs: oldestCounted(0) + windowMs - now };
      },
      { behavior: "immediate" },
    );
  }
}
