/** Where counts live. SQLite by default; Redis (through @upstash/ratelimit) when REDIS_URL is set. */
export interface RateLimitStore {
  /** Counts one hit for key unless the window is full. */
  hit(key: string, limit: number, windowMs: number, now: number): Promise<{ allowed: boolean; remaining: number; resetMs: number }>;
}
