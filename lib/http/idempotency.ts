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
 * A handler that creates something should call `record` inside the transaction that creates it, so
 * the answer is stored exactly when the thing exists: a crash between the two can then neither lose
 * the answer (and let a retry create a second one) nor store an answer for nothing. Otherwise the
 * answer is stored after the handler returns.
 */
export async function withIdempotency(
  db: Db,
  scope: { userId: string; route: string; headers: Headers; body: unknown },
  handler: (record: IdempotencyRecorder) => Promise<Response>,
  now = Date.now(),
): Promise<Response> {
  const key = scope.headers.get(IDEMPOTENCY_HEADER);
  if (key === null) return handler(() => {});
  if (key.length < 1 || key.length > 255) throw new ValidationFailed({ [IDEMPOTENCY_HEADER]: ["must be 1 to 255 characters"] });
  const requestHash = createHash("sha256").update(JSON.stringify(scope.body ?? null)).digest("hex");
  const id = and(eq(idempotencyKeys.userId, scope.userId), eq(idempotencyKeys.route, scope.route), eq(idempotencyKeys.key, key));

  const replay = db.transaction(
    (tx) => {
      const row = tx.select().from(idempotencyKeys).where(id).get();
      if (row && row.expiresAt > now) {
        if (row.requestHash !== requestHash) throw new Conflict("idempotency_key_reused", "This Idempotency-Key was used with a different request body.");
        if (row.responseStatus !== null) return row;
        if (row.createdAt > now - ABANDONED_AFTER_MS) throw new Conflict("idempotency_in_progress", "A request with this Idempotency-Key is still being processed.");
      }
      if (row) tx.delete(idempotencyKeys).where(id).run();
      tx.insert(idempotencyKeys).values({ userId: scope.userId, route: scope.route, key, requestHash, createdAt: now, expiresAt: now + IDEMPOTENCY_TTL_MS }).run();
      return null;
    },
    { behavior: "immediate" },
  );
  if (replay) {
    const headers = new Headers(replay.responseHeaders ?? {});
    headers.set("Idempotent-Replayed", "true");
    return new Response(replay.responseBody, { status: replay.responseStatus ?? 200, headers });
  }

  let recorded = false;
  const record: IdempotencyRecorder = (tx, answer) => {
    const changed = tx
      .update(idempotencyKeys)
      .set({ responseStatus: answer.status, responseBody: JSON.stringify(answer.body), responseHeaders: { "content-type": "application/json", ...answer.headers } })
      .where(id)
      .run().changes;
    // The key row was taken over by a retry after ABANDONED_AFTER_MS: this request must not commit.
    if (changed !== 1) throw new Conflict("idempotency_in_progress", "A request with this Idempotency-Key is still being processed.");
    recorded = true;
  };
  let response: Response;
  try {
    response = await handler(record);
  } catch (error) {
    db.delete(idempotencyKeys).where(id).run();
    throw error;
  }
  if (recorded) return response;
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

/**
 * Stores the answer of a keyed request inside the caller's transaction (a no-op without a key). The
 * handle may be the transaction or the database itself while a raw better-sqlite3 transaction is open
 * on it: statements on the one connection commit or roll back with that transaction.
 */
export type IdempotencyRecorder = (tx: Db | Tx, answer: { status: number; body: unknown; headers: Record<string, string> }) => void;
