/**
 * Writes that place orders carry an Idempotency-Key: a retry of the same submit reuses it, so an
 * order the server already took is answered again rather than placed twice.
 */
import { apiRequest, type StatusMessages } from "@/components/api/api-request";

export const TRADING_MESSAGES: StatusMessages = {
  401: "Your session has ended. Sign in again to trade.",
  503: "No current price for this pair. Try again in a moment.",
  "5xx": "The server could not do this. Try again in a moment.",
};

export function postWithIdempotencyKey<T>(path: string, body: unknown, key: string): Promise<T> {
  return apiRequest<T>("POST", path, { body, headers: { "Idempotency-Key": key }, messages: TRADING_MESSAGES });
}

/** A fresh key per submit; crypto.randomUUID needs a secure context, which localhost and HTTPS are. */
export function newIdempotencyKey(): string {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return `${Date.now().toString(16)}-${Math.random().toString(16).slice(2)}-${Math.random().toString(16).slice(2)}`;
}
