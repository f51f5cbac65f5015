/**
 * Whether the deployment's source is answering, and the exchange's clock. Market responses are
 * marked stale from here: the exchange stopped answering, so the last good data is served with its
 * own as_of and never replaced by anything else (no simulated values under an exchange label).
 */
export type SourceHealth = {
  ok(serverTime?: number): void;
  fail(error: unknown): void;
  /** Stale when the latest contact failed or the last success is older than staleAfterMs. */
  isStale(): boolean;
  lastOkAt(): number | null;
  lastError(): string | null;
  /** The source's clock: local time corrected by the offset seen at the last server-time answer. */
  serverNow(): number;
};

export function createSourceHealth(options: { alwaysFresh: boolean; staleAfterMs: number; now?: () => number }): SourceHealth {
  const now = options.now ?? Date.now;
  let okAt: number | null = null;
  let failedAt: number | null = null;
  let error: string | null = null;
  let offset = 0;
  return {
    ok(serverTime) {
      okAt = now();
      error = null;
      if (serverTime !== undefined && Number.isFinite(serverTime)) offset = serverTime - okAt;
    },
    fail(e) {
      failedAt = now();
      error = e instanceof Error ? e.message : String(e);
    },
    isStale() {
      if (options.alwaysFresh) return false;
      if (okAt === null) return true;
      if (failedAt !== null && failedAt > okAt) return true;
      return now() - okAt > options.staleAfterMs;
    },
    lastOkAt: () => okAt,
    lastError: () => error,
    serverNow: () => now() + offset,
  };
}
