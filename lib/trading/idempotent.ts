import "server-only";
import { getDb } from "@/lib/db";
import { withIdempotency } from "@/lib/http/idempotency";

/**
 * Idempotency-Key for the paper account's writes whose work spans several transactions (close a
 * position, close all): the answer is stored when the work is done, so a retry with the same key
 * replays it instead of selling again. Orders record theirs inside the order's own transaction.
 */
export function idempotentJson(userId: string, route: string, headers: Headers, body: unknown, work: () => Promise<unknown>): Promise<Response> {
  return withIdempotency(getDb(), { userId, route, headers, body }, async () => Response.json(await work()));
}
