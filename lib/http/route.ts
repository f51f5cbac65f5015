import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { AppError, Forbidden, MalformedJson, PayloadTooLarge, Unauthenticated, UnsupportedMediaType } from "@/lib/errors";
import { authenticateRequest } from "@/lib/auth/authenticate";
import type { AuthContext, ClientInfo } from "@/lib/auth/types";
import { newId } from "@/lib/ids";
import { logger } from "@/lib/log";
import { tightest, withRateLimitScope, type RateLimitResult } from "@/lib/security/rate-limit";
import { clientInfo } from "./client-info";
import { errorBody, validationFailed } from "./errors";
import type { Operation } from "./operation";
import { parseRateLimitHeader, rateLimitHeaders, RATE_LIMIT_HEADER } from "./rate-limit-headers";

export const MAX_BODY_BYTES = 1024 * 1024;
const NO_QUERY = z.object({}).strict();

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;

export type RouteContext<B, Q, A> = {
  req: NextRequest;
  auth: A;
  body: B;
  query: Q;
  params: Record<string, string>;
  client: ClientInfo;
  requestId: string;
};

type NextRouteContext = { params: Promise<Record<string, string | string[]>> };

/** JSON with the status given. */
export function json(data: unknown, status = 200, headers?: HeadersInit): NextResponse {
  return NextResponse.json(data, { status, headers });
}

export function noContent(): NextResponse {
  return new NextResponse(null, { status: 204 });
}

async function readJsonBody(req: NextRequest, viaCookie: boolean): Promise<unknown> {
  const length = req.headers.get("content-length");
  // No body at all reads as {}: the schema then says what is missing (or that nothing is needed).
  if (length === "0" || (length === null && !req.headers.has("transfer-encoding"))) return {};
  const declared = Number(length ?? "0");
  if (declared > MAX_BODY_BYTES) throw new PayloadTooLarge(MAX_BODY_BYTES);
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    // A cookie-authenticated form post with a JSON-looking text/plain body is the classic CSRF shape.
    throw viaCookie ? new Forbidden("Send the body as application/json.", "csrf_failed") : new UnsupportedMediaType();
  }
  const bytes = await req.arrayBuffer();
  if (bytes.byteLength > MAX_BODY_BYTES) throw new PayloadTooLarge(MAX_BODY_BYTES);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new MalformedJson();
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new MalformedJson();
  return parsed;
}

/** Cookie-authenticated writes must come from our own pages (SameSite=Lax alone lets some through). */
function assertSameOrigin(req: NextRequest): void {
  const site = req.headers.get("sec-fetch-site");
  if (site === "same-origin") return;
  const origin = req.headers.get("origin");
  const host = req.headers.get("host");
  if (site === null && origin !== null && host !== null) {
    try {
      if (new URL(origin).host === host) return;
    } catch {
      // fall through to refusal
    }
  }
  throw new Forbidden("Cross-site request refused.", "csrf_failed");
}

function queryObject(req: NextRequest): Record<string, string> {
  // Own properties even for "__proto__" (an assignment would set the prototype and hide the key
  // from the strict schema); the last value of a repeated key wins.
  return Object.fromEntries(req.nextUrl.searchParams);
}

function finish(response: Response, requestId: string, results: RateLimitResult[], fromProxy: RateLimitResult | null): Response {
  response.headers.set("X-Request-Id", requestId);
  const applied = tightest([...results, ...(fromProxy ? [fromProxy] : [])]);
  if (applied) for (const [k, v] of Object.entries(rateLimitHeaders(applied))) response.headers.set(k, v);
  if (!response.headers.has("Cache-Control")) response.headers.set("Cache-Control", "no-store");
  return response;
}

/**
 * The one route-handler wrapper: authenticate, parse body/query/params with the operation's zod
 * schemas, run the handler, and map every error to the envelope. Unknown errors become a 500
 * with a request id and nothing of their text.
 */
export function route<B extends z.ZodType | undefined, Q extends z.ZodType | undefined, A extends "user" | "none">(
  op: Operation<B, Q, A>,
  handler: (ctx: RouteContext<Infer<B>, Q extends z.ZodType ? z.output<Q> : Record<string, never>, A extends "user" ? AuthContext : null>) => Promise<Response>,
) {
  return async (req: NextRequest, context: NextRouteContext): Promise<Response> => {
    const requestId = req.headers.get("x-request-id") ?? newId();
    const fromProxy = parseRateLimitHeader(req.headers.get(RATE_LIMIT_HEADER));
    const scope = withRateLimitScope(async () => {
      const client = clientInfo(req.headers);
      let auth: AuthContext | null = null;
      if (op.auth === "user") {
        auth = await authenticateRequest(req.headers);
        if (!auth) throw new Unauthenticated();
        if (auth.via === "cookie" && req.method !== "GET" && req.method !== "HEAD") assertSameOrigin(req);
      }
      const body = op.body ? await readJsonBody(req, auth?.via === "cookie") : undefined;
      const parsedBody = op.body ? op.body.safeParse(body) : null;
      if (parsedBody && !parsedBody.success) throw validationFailed(parsedBody.error);
      const parsedQuery = (op.query ?? NO_QUERY).safeParse(queryObject(req));
      if (!parsedQuery.success) throw validationFailed(parsedQuery.error);
      const rawParams = (await context?.params) ?? {};
      const params = Object.fromEntries(Object.entries(rawParams).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
      return handler({
        req,
        auth: auth as A extends "user" ? AuthContext : null,
        body: parsedBody?.data as Infer<B>,
        query: parsedQuery.data as Q extends z.ZodType ? z.output<Q> : Record<string, never>,
        params,
        client,
        requestId,
      });
    });
    let response: Response;
    try {
      response = await scope.run;
    } catch (error) {
      response = errorResponse(error, requestId, req);
    }
    return finish(response, requestId, scope.results, fromProxy);
  };
}

export function errorResponse(error: unknown, requestId: string, req?: NextRequest): Response {
  if (error instanceof AppError) {
    return NextResponse.json(errorBody(error, requestId), { status: error.status, headers: error.headers });
  }
  logger().error({ requestId, path: req?.nextUrl.pathname, err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) }, "unhandled error");
  return NextResponse.json(
    { error: { code: "internal_error", message: "Something went wrong on our side. Quote the request id when reporting it.", request_id: requestId } },
    { status: 500 },
  );
}
