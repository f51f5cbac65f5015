/**
 * How long a notification waits after its n-th failed delivery attempt: 2^n × 5 s (10 s, 20 s,
 * 40 s …), capped at one hour so a receiver that is down for a day is still tried every hour until
 * NOTIFY_MAX_ATTEMPTS runs out.
 */
export const NOTIFY_BASE_DELAY_MS = 5_000;
export const NOTIFY_MAX_DELAY_MS = 60 * 60_000;

export function notificationBackoffMs(failedAttempts: number): number {
  const n = Math.max(0, Math.floor(failedAttempts));
  // 2^40 × 5 s is far past the cap; stopping the exponent there keeps the number finite.
  return Math.min(NOTIFY_BASE_DELAY_MS * 2 ** Math.min(n, 40), NOTIFY_MAX_DELAY_MS);
}
