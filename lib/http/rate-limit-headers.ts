import type { RateLimitPolicy, RateLimitResult } from "@/lib/security/rate-limit-policies";

/** The proxy hands its per-user/IP result to the route handler in this request header. */
export const RATE_LIMIT_HEADER = "x-autocbot-ratelimit";

export function rateLimitHeaders(result: RateLimitResult): Record<string, string> {
  return {
    "X-RateLimit-Limit": String(result.limit),
    "X-RateLimit-Remaining": String(result.remaining),
    "X-RateLimit-Reset": String(result.resetS),
    ...(result.allowed ? {} : { "Retry-After": String(Math.max(1, result.resetS)) }),
  };
}

export function formatRateLimitHeader(r: RateLimitResult): string {
  return [r.policy, r.allowed ? 1 : 0, r.limit, r.remaining, r.resetS].join(";");
}

export function parseRateLimitHeader(value: string | null): RateLimitResult | null {
  if (!value) return null;
  const [policy, allowed, limit, remaining, resetS] = value.split(";");
  const numbers = [limit, remaining, resetS].map(Number);
  if (numbers.some((n) => !Number.isFinite(n))) return null;
  return { policy: policy as RateLimitPolicy, allowed: allowed === "1", limit: numbers[0], remaining: numbers[1], resetS: numbers[2] };
}
