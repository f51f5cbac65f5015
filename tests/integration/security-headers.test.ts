import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { apiClient } from "../support/api-client";

/** Security headers on every kind of response, the sign-in redirect, and client-address spoofing. */

const baseUrl = inject("baseUrl");
const api = apiClient(baseUrl);
const db = new Database(inject("databasePath"), { readonly: true });
db.pragma("busy_timeout = 5000");
afterAll(() => db.close());

function get(path: string, headers: Record<string, string> = {}) {
  return fetch(`${baseUrl}${path}`, { headers, redirect: "manual" });
}

function cspDirectives(res: Response): Map<string, string[]> {
  const csp = res.headers.get("content-security-policy");
  expect(csp, "content-security-policy header").toBeTruthy();
  const directives = new Map<string, string[]>();
  for (const part of csp!.split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), values);
  }
  return directives;
}

function nonceOf(res: Response): string {
  const scriptSrc = cspDirectives(res).get("script-src") ?? [];
  const nonces = scriptSrc.filter((v) => v.startsWith("'nonce-")).map((v) => v.slice("'nonce-".length, -1));
  expect(nonces).toHaveLength(1);
  return nonces[0];
}

function expectSecurityHeaders(res: Response, label: string) {
  const directives = cspDirectives(res);
  const scriptSrc = directives.get("script-src") ?? [];
  expect(scriptSrc, label).toContain("'self'");
  expect(scriptSrc, label).toContain("'strict-dynamic'");
  expect(scriptSrc.some((v) => /^'nonce-[A-Za-z0-9+/_-]{16,}={0,2}'$/.test(v)), `${label}: script-src nonce`).toBe(true);
  expect(scriptSrc, label).not.toContain("'unsafe-inline'");
  expect(scriptSrc, label).not.toContain("*");
  expect(directives.get("frame-ancestors"), label).toEqual(["'none'"]);
  expect(directives.get("object-src"), label).toEqual(["'none'"]);
  expect(res.headers.get("x-content-type-options"), label).toBe("nosniff");
  expect(res.headers.get("referrer-policy"), label).toMatch(/^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/);
  expect(res.headers.get("permissions-policy"), label).toMatch(/camera=\(\)/);
  // Plain http: HSTS would be ignored at best and pin a dev host to https at worst.
  expect(res.headers.get("strict-transport-security"), label).toBeNull();
}

let cookie: string;
beforeAll(async () => {
  const { email, password } = await api.register(api.uniqueEmail("headers"));
  cookie = await api.browserLogin(email, password);
});

describe("a path with a broken %-escape", () => {
  it("answers 400 malformed_path with the envelope and the security headers, on any route, never a 500", async () => {
    const { tokens } = await api.newUser("malformed-path");
    for (const path of ["/api/v1/strategies/%E0%A4%A", "/api/v1/backtests/%E0%A4%A", "/api/v1/market/price/%E0%A4%A", "/api/v1/trading/orders/%ZZ", "/strategies/%E0%A4%A"]) {
      const res = await get(path, { authorization: `Bearer ${tokens.access_token}` });
      expect(res.status, path).toBe(400);
      const body = (await res.json()) as { error: { code: string; request_id: string } };
      expect(body.error.code).toBe("malformed_path");
      expect(res.headers.get("x-request-id")).toBe(body.error.request_id);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });
});

describe("security headers", () => {
  it("on an HTML page (/login)", async () => {
    const res = await get("/login");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expectSecurityHeaders(res, "/login");
  });

  it("on an API response (/api/health)", async () => {
    const res = await get("/api/health");
    expect(res.status).toBe(200);
    expectSecurityHeaders(res, "/api/health");
  });

  it("on an API error (/api/v1/auth/me without a token)", async () => {
    const res = await get("/api/v1/auth/me");
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: "unauthenticated" } });
    expectSecurityHeaders(res, "/api/v1/auth/me 401");
  });

  it("on a 404 page", async () => {
    const res = await get("/no-such-page-anywhere", { cookie });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expectSecurityHeaders(res, "404 page");
  });

  it("on an unknown API route, answered with the JSON envelope (404, or 405 with Allow)", async () => {
    const res = await get("/api/v1/no-such-route");
    expect(res.status).toBe(404);
    expectSecurityHeaders(res, "/api/v1/no-such-route");
    const body = (await res.json()) as { error: { code: string; request_id: string } };
    expect(body.error.code).toBe("not_found");
    expect(body.error.request_id).toBe(res.headers.get("x-request-id"));

    const wrongMethod = await fetch(`${baseUrl}/api/v1/auth/login`, { method: "GET" });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST");
    expect(((await wrongMethod.json()) as { error: { code: string } }).error.code).toBe("method_not_allowed");
  });

  it("on the sign-in redirect", async () => {
    const res = await get("/dashboard");
    expect(res.status).toBe(307);
    expectSecurityHeaders(res, "redirect");
  });

  it("no HSTS even when the client claims https (TRUST_PROXY is off)", async () => {
    const res = await get("/login", { "x-forwarded-proto": "https" });
    expect(res.status).toBe(200);
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });

  it("every <script> in /login carries this response's nonce, and each request gets a fresh nonce", async () => {
    const first = await get("/login");
    const html = await first.text();
    const nonce = nonceOf(first);
    const scripts = html.match(/<script\b[^>]*>/gi) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    // No other nonce appears anywhere in the page.
    const noncesInPage = new Set([...html.matchAll(/nonce="([^"]*)"/g)].map((m) => m[1]));
    expect([...noncesInPage]).toEqual([nonce]);

    const second = await get("/login");
    await second.text();
    const third = await get("/api/health");
    await third.text();
    const nonces = [nonce, nonceOf(second), nonceOf(third)];
    expect(new Set(nonces).size).toBe(3);
  });
});

describe("sign-in redirect and next", () => {
  it("unauthenticated GET /dashboard → 307 to /login?next=%2Fdashboard", async () => {
    const res = await get("/dashboard");
    expect(res.status).toBe(307);
    const location = new URL(res.headers.get("location")!, baseUrl);
    expect(location.origin).toBe(new URL(baseUrl).origin);
    expect(location.pathname + location.search).toBe("/login?next=%2Fdashboard");
  });

  it("keeps the query of the page asked for", async () => {
    const res = await get("/trading?symbol=BTC-USDT");
    expect(res.status).toBe(307);
    const location = new URL(res.headers.get("location")!, baseUrl);
    expect(location.pathname).toBe("/login");
    expect(location.searchParams.get("next")).toBe("/trading?symbol=BTC-USDT");
  });

  it("GET /login?next=//evil.example still renders the sign-in page", async () => {
    const res = await get("/login?next=%2F%2Fevil.example");
    expect(res.status).toBe(200);
    expect(res.headers.get("location")).toBeNull();
    expect(await res.text()).toMatch(/Sign in/);
    const raw = await get("/login?next=//evil.example");
    expect(raw.status).toBe(200);
  });

  it("authenticated pages answer 200 with cache-control no-store", async () => {
    const res = await get("/dashboard", { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    expectSecurityHeaders(res, "/dashboard");
  });

  it("a signed-in user visiting /login is sent to the dashboard", async () => {
    const res = await get("/login", { cookie });
    expect(res.status).toBe(307);
    expect(new URL(res.headers.get("location")!, baseUrl).pathname).toBe("/dashboard");
  });
});

describe("client address", () => {
  it("ignores a spoofed X-Forwarded-For when TRUST_PROXY is off", async () => {
    const email = api.uniqueEmail("xff");
    const res = await api.request("POST", "/api/v1/auth/register", {
      body: { email, password: "Corr3ct-Horse-Battery!" },
      headers: { "x-forwarded-for": "203.0.113.9", "x-real-ip": "203.0.113.10", forwarded: "for=203.0.113.11" },
    });
    expect(res.status).toBe(201);
    const userId = (res.body as { id: string }).id;
    const rows = db.prepare("SELECT action, ip FROM audit_events WHERE user_id = ?").all(userId) as { action: string; ip: string | null }[];
    expect(rows).toContainEqual({ action: "register", ip: "127.0.0.1" });
    expect(rows.every((r) => r.ip === "127.0.0.1")).toBe(true);
  });
});
