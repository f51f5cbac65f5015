import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { auth } from "@/lib/auth/next-auth";
import { authenticateBearer } from "@/lib/auth/token-pairs";
import { safeNextPath } from "@/lib/auth/next-path";
import { env } from "@/lib/env";
import { newId } from "@/lib/ids";
import { clientInfo } from "@/lib/http/client-info";
import { allowedMethods, hasRouteHandler } from "@/lib/http/operations-index";
import { formatRateLimitHeader, RATE_LIMIT_HEADER, rateLimitHeaders } from "@/lib/http/rate-limit-headers";
import { recordAudit } from "@/lib/auth/audit";
import { getDb } from "@/lib/db";
import { consumeRateLimit } from "@/lib/security/rate-limit";
import { contentSecurityPolicy, securityHeaders } from "@/lib/security/headers";

/** Pages anyone may see. Everything else that is a page needs a session. */
const PUBLIC_PAGES = ["/login", "/register", "/docs/api"];
const AUTH_PAGES = ["/login", "/register"];
const INTERNAL_HEADERS = ["x-autocbot-path", RATE_LIMIT_HEADER, "x-request-id", "x-nonce"];

const matches = (path: string, prefixes: string[]) => prefixes.some((p) => path === p || path.startsWith(`${p}/`));

async function apiCaller(req: NextRequest, cookieUserId: string | undefined): Promise<string | null> {
  const authorization = req.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    return match ? ((await authenticateBearer(match[1]))?.user.id ?? null) : null;
  }
  return cookieUserId ?? null;
}

/** Redirects on the host the browser used (req.nextUrl may name "localhost" instead). */
function redirectTo(req: NextRequest, location: string): NextResponse {
  const host = req.headers.get("host") ?? req.nextUrl.host;
  return NextResponse.redirect(new URL(location, `${req.nextUrl.protocol}//${host}`), 307);
}

/**
 * Runs before every request: security headers with a per-request CSP nonce, the per-user (or
 * per-IP) API rate limit, and the sign-in redirect for pages. Auth.js's wrapper resolves the
 * cookie through the jwt callback, which checks the server-side session row (revocation).
 */
const withSession = auth(async (req) => {
  const path = req.nextUrl.pathname;
  const requestId = newId();
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const https = req.nextUrl.protocol === "https:";
  const csp = contentSecurityPolicy(nonce, env().NODE_ENV === "development");
  const headers = securityHeaders({ csp, https });

  const forwarded = new Headers(req.headers);
  for (const name of INTERNAL_HEADERS) forwarded.delete(name);
  forwarded.set("x-request-id", requestId);
  forwarded.set("x-nonce", nonce);
  forwarded.set("content-security-policy", csp);
  forwarded.set("x-autocbot-path", path + req.nextUrl.search);

  const respond = (response: NextResponse) => {
    for (const [k, v] of Object.entries(headers)) response.headers.set(k, v);
    response.headers.set("X-Request-Id", requestId);
    return response;
  };

  const userId = req.auth?.user?.id;

  if (path.startsWith("/api/v1/")) {
    const caller = await apiCaller(req, userId);
    const client = clientInfo(req.headers);
    const result = await consumeRateLimit("api", caller ? `user:${caller}` : `ip:${client.ip ?? "unknown"}`);
    if (!result.allowed) {
      recordAudit(getDb(), { userId: caller, action: "rate_limit.hit", ip: client.ip, details: { policy: "api", path } });
      const body = { error: { code: "rate_limited", message: `Too many requests. Try again in ${result.resetS} s.`, request_id: requestId } };
      return respond(NextResponse.json(body, { status: 429, headers: rateLimitHeaders(result) }));
    }
    forwarded.set(RATE_LIMIT_HEADER, formatRateLimitHeader(result));
    if (req.method === "OPTIONS") {
      // Next answers OPTIONS itself (204 with Allow); it still carries the limit.
      const preflight = NextResponse.next({ request: { headers: forwarded } });
      for (const [k, v] of Object.entries(rateLimitHeaders(result))) preflight.headers.set(k, v);
      return respond(preflight);
    }
    if (!hasRouteHandler(req.method, path)) {
      // Next would answer an unknown API path with its HTML 404 page; clients expect the envelope.
      const allowed = allowedMethods(path);
      const status = allowed.length > 0 ? 405 : 404;
      const body = {
        error: {
          code: status === 405 ? "method_not_allowed" : "not_found",
          message: status === 405 ? `Use ${allowed.join(", ")} on this path.` : "No such API endpoint.",
          request_id: requestId,
        },
      };
      const headers = { ...rateLimitHeaders(result), ...(status === 405 ? { Allow: allowed.join(", ") } : {}) };
      return respond(NextResponse.json(body, { status, headers }));
    }
    return respond(NextResponse.next({ request: { headers: forwarded } }));
  }

  // Server actions authenticate themselves and answer with an error the form can show; a redirect
  // here would be swallowed by the client router.
  const isAction = req.headers.has("next-action");
  const isPage = !path.startsWith("/api/") && path !== "/logout" && !isAction;
  if (isPage && !userId && !matches(path, PUBLIC_PAGES)) {
    return respond(redirectTo(req, `/login?next=${encodeURIComponent(safeNextPath(path + req.nextUrl.search))}`));
  }
  if (isPage && userId && matches(path, AUTH_PAGES)) return respond(redirectTo(req, "/dashboard"));

  const response = NextResponse.next({ request: { headers: forwarded } });
  // Authenticated pages must not be kept by the browser: the back button after logout shows nothing.
  if (isPage && userId) response.headers.set("Cache-Control", "no-store, max-age=0");
  return respond(response);
});

type ProxyHandler = (req: NextRequest, event: NextFetchEvent) => Promise<Response>;

/** A path with a broken %-escape cannot name anything; Next would fail decoding its params with a 500. */
function hasMalformedEscape(path: string): boolean {
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

// With a lazily built config, Auth.js hands the wrapped handler back in a promise.
export default async function proxy(req: NextRequest, event: NextFetchEvent): Promise<Response> {
  if (hasMalformedEscape(req.nextUrl.pathname)) {
    const requestId = newId();
    const response = NextResponse.json(
      { error: { code: "malformed_path", message: "The URL path has an invalid %-escape.", request_id: requestId } },
      { status: 400, headers: { "X-Request-Id": requestId, "Cache-Control": "no-store" } },
    );
    for (const [k, v] of Object.entries(securityHeaders({ csp: contentSecurityPolicy("", false), https: req.nextUrl.protocol === "https:" }))) response.headers.set(k, v);
    return response;
  }
  const handler = (await (withSession as unknown as Promise<ProxyHandler> | ProxyHandler)) as ProxyHandler;
  return handler(req, event);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
