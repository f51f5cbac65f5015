import type { z } from "zod";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * One API operation: the single source for the route handler's parsing and for the OpenAPI
 * document. Route files reference an operation; they never parse by hand.
 */
export type Operation<
  B extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  A extends "user" | "none" = "user" | "none",
> = {
  method: HttpMethod;
  /** OpenAPI path template, e.g. /api/v1/auth/sessions/{id} */
  path: string;
  summary: string;
  tag: string;
  /** user: a session cookie or bearer token is required; none: public. */
  auth: A;
  body?: B;
  /** A non-JSON body the handler reads itself (a CSV upload): documented, never parsed by the wrapper. */
  rawBody?: { contentType: string; description: string };
  query?: Q;
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
};

export function defineOperation<
  const A extends "user" | "none",
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
>(op: Operation<B, Q, A>): Operation<B, Q, A> {
  return op;
}
