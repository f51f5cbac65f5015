import "server-only";
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/lib/db/client";
import { idempotencyKeys } from "@/lib/db/schema";
import { Conflict, ValidationFailed } from "@/lib/errors";

/** How long an answered key replays its response (DESIGN.md: 24 h). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A key still "in flight" after this long belongs to a request whose process died: it may be retried. */
const ABANDONED_AFTER_MS = 60_000;
/** Response headers worth replaying; the rest (request id, rate limits) belong to the new request. */
const KEPT_HEADERS = ["content-type", "location"];

export const IDEMPOTENCY_HEADER = "Idempotency-Key";

/**
 * Idempotency-Key for POSTs that create something (backtest runs, orders): per (user, route, key),
 * the same body replays the first 2xx answer with `Idempotent-Replayed: true`; another body → 409
 * idempotency_key_reused; a request still being answered → 409 idempotency_in_progress. Errors are
 * not stored, so a retry after a 422 or 429 is evaluated afresh.
 *
 * Two ways to store the answer:
 * - `transactional: true` — the handler calls `record` inside the transaction that creates the thing:
 *   the answered key is inserted with it, so a crash can neither lose the answer nor store one for
 *   nothing, and no half-claimed key survives a crash (a retry right after a restart goes ahead). Of
 *   two concurrent requests with one key, the second's insert meets the first's row: its transaction
 *   rolls back and it replays the first's answer.
 * - otherwise (work spanning several transactions) the key is claimed before the handler runs and the
 *   answer stored after it; a claim left by a process that died is taken over after a minute.
 */
export async function withIdempotency(
  db: Db,
  scope: { userId: string; route: string; headers: Headers; body: unknown; transactional?: boolean },
  handler: (record: IdempotencyRecorder) => Promise<Response>,
  now = Date.now(),
): Promise<Response> {
  const key = scope.headers.get(IDEMPOTENCY_HEADER);
  if (key === null) return handler(() => {});
  if (key.length < 1 || key.length > 255) throw new ValidationFailed({ [IDEMPOTENCY_HEADER]: ["must be 1 to 255 characters"] });
  const requestHash = createHash("sha256").update(JSON.stringify(scope.body ?? null)).digest("hex");
  const id = and(eq(idempotencyKeys.userId, scope.userId), eq(idempotencyKeys.route, scope.route), eq(idempotencyKeys.key, key));

  /** The stored answer to replay, null when this request may proceed; 409 when it may not. */
  const existing = (tx: Db | Tx): typeof idempotencyKeys.$inferSelect | null => {
    const row = tx.select().from(idempotencyKeys).where(id).get();
    if (!row) return null;
    if (row.expiresAt <= now) {
      tx.delete(idempotencyKeys).where(id).run();
      return null;
    }
    if (row.requestHash !== requestHash) throw new Conflict("idempotency_key_reused", "This Idempotency-Key was used with a different request body.");
    if (row.responseStatus !== null) return row;
    if (row.createdAt > now - ABANDONED_AFTER_MS) throw new Conflict("idempotency_in_progress", "A request with this Idempotency-Key is still being processed.");
    tx.delete(idempotencyKeys).where(id).run();
    return null;
  };
  const replayOf = (row: typeof idempotencyKeys.$inferSelect) => {
    const headers = new Headers(row.responseHeaders ?? {});
    headers.set("Idempotent-Replayed", "true");
    return new Response(row.responseBody, { status: row.responseStatus ?? 200, headers });
  };

  if (scope.transactional) {
    const stored = db.transaction((tx) => existing(tx), { behavior: "immediate" });
    if (stored) return replayOf(stored);
    const record: IdempotencyRecorder = (tx, answer) => {
      const inserted = tx
        .insert(idempotencyKeys)
        .values({
          userId: scope.userId,
          route: scope.route,
          key,
          requestHash,
          responseStatus: answer.status,
          responseBody: JSON.stringify(answer.body),
          responseHeaders: { "content-type": "application/json", ...answer.headers },
          createdAt: now,
          expiresAt: now + IDEMPOTENCY_TTL_MS,
        })
        .onConflictDoNothing()
        .run().changes;
      if (inserted !== 1) throw new KeyAnsweredMeanwhile();
    };
    try {
      return await handler(record);
    } catch (error) {
      if (!(error instanceof KeyAnsweredMeanwhile)) throw error;
      const row = db.transaction((tx) => existing(tx), { behavior: "immediate" });
      if (!row) throw new Conflict("idempotency_in_progress", "A request with this Idempotency-Key is still being processed.");
      return replayOf(row);
    }
  }

  const stored = db.transaction(
    (tx) => {
      const row = existing(tx);
      if (!row) tx.insert(idempotencyKeys).values({ userId: scope.userId, route: scope.route, key, requestHash, createdAt: now, expiresAt: now + IDEMPOTENCY_TTL_MS }).run();
      return row;
    },
    { behavior: "immediate" },
  );
  if (stored) return replayOf(stored);
  let response: Response;
  try {
    response = await handler(() => {});
  } catch (error) {
    db.delete(idempotencyKeys).where(id).run();
    throw error;
  }
  if (response.status < 200 || response.status > 299) {
    db.delete(idempotencyKeys).where(id).run();
    return response;
  }
  const kept = Object.fromEntries(KEPT_HEADERS.flatMap((h) => (response.headers.has(h) ? [[h, response.headers.get(h) as string]] : [])));
  db.update(idempotencyKeys)
    .set({ responseStatus: response.status, responseBody: await response.clone().text(), responseHeaders: kept })
    .where(id)
    .run();
  return response;
}

/** Another request with the same key committed its answer first: this one rolls back and replays it. */
class KeyAnsweredMeanwhile extends Error {}

/**
 * Stores the answer of a keyed request inside the caller's transaction (a no-op without a key). The
 * handle may be the transaction or the database itself while a raw better-sqlite3 transaction is open
 * on it: statements on the one connection commit or roll back with that transaction.
 */
export type IdempotencyRecorder = (tx: Db | Tx, answer: { status: number; body: unknown; headers: Record<string, string> }) => void;
