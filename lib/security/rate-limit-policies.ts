/**
 * The named rate-limit policies (DESIGN.md, "Rate limits"). Limits are per sliding minute and are
 * multiplied by RATE_LIMIT_SCALE. failClosed: when the Redis store does not answer, refuse (503)
 * rather than let a brute-force attempt through.
 */
export const RATE_LIMIT_POLICIES = {
  register: { limit: 5, windowMs: 60_000, failClosed: false },
  login_email_ip: { limit: 5, windowMs: 60_000, failClosed: true },
  login_ip: { limit: 30, windowMs: 60_000, failClosed: true },
  refresh: { limit: 10, windowMs: 60_000, failClosed: false },
  change_password: { limit: 3, windowMs: 60_000, failClosed: true },
  api: { limit: 120, windowMs: 60_000, failClosed: false },
  /** Key and notification checks call outside services on the user's behalf. */
  outbound_test: { limit: 10, windowMs: 60_000, failClosed: false },
} as const;

export type RateLimitPolicy = keyof typeof RATE_LIMIT_POLICIES;

export type RateLimitResult = {
  policy: RateLimitPolicy;
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Whole seconds until the window frees a slot (≥ 1 when blocked). */
  resetS: number;
};
