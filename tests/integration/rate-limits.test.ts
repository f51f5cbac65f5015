/**
 * Rate limits at their real values (RATE_LIMIT_SCALE=1, SQLite store), each group against its own
 * server so no other test file can spend the budgets measured here. Every request of this file
 * comes from 127.0.0.1; where a test needs its own per-IP budget it runs on the TRUST_PROXY
 * instance and names a client address in X-Forwarded-For.
 */
import { randomInt } from "node:crypto";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, STRONG_PASSWORD, type ApiResponse } from "../support/api-client";
import { startTestServer, type TestServer } from "../support/test-server";

const WRONG = "Wrong-Password-42!";
const randomIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

function rateHeaders(res: ApiResponse) {
  const read = (name: string) => res.headers.get(name);
  return { limit: read("x-ratelimit-limit"), remaining: read("x-ratelimit-remaining"), reset: read("x-ratelimit-reset"), retryAfter: read("retry-after") };
}

/** The X-RateLimit-* trio is present and made of integers (reset in whole seconds, at most a window). */
function expectRateHeaders(res: ApiResponse): { limit: number; remaining: number; reset: number } {
  const h = rateHeaders(res);
  for (const value of [h.limit, h.remaining, h.reset]) expect(value, `${res.status} ${res.text}`).toMatch(/^\d+$/);
  const parsed = { limit: Number(h.limit), remaining: Number(h.remaining), reset: Number(h.reset) };
  expect(parsed.remaining).toBeLessThanOrEqual(parsed.limit);
  expect(parsed.reset).toBeGreaterThanOrEqual(1);
  expect(parsed.reset).toBeLessThanOrEqual(60);
  return parsed;
}

function expectRateLimited(res: ApiResponse, limit: number) {
  expect(res.status, res.text).toBe(429);
  expect(res.body).toMatchObject({ error: { code: "rate_limited", request_id: expect.any(String) } });
  const retryAfter = res.headers.get("retry-after");
  expect(retryAfter).toMatch(/^\d+$/);
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(retryAfter)).toBeLessThanOrEqual(60);
  const h = expectRateHeaders(res);
  expect(h.limit).toBe(limit);
  expect(h.remaining).toBe(0);
}

function auditRows(databasePath: string, action: string) {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare("SELECT user_id, action, ip, details FROM audit_events WHERE action = ?").all(action) as {
      user_id: string | null;
      ip: string | null;
      details: string | null;
    }[];
    return rows.map(
      (r) => ({ ...r, details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null }),
    );
  } finally {
    db.close();
  }
}

describe("login, change-password and response headers at the real limits (TRUST_PROXY off)", () => {
  let server: TestServer;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    server = await startTestServer({ env: { RATE_LIMIT_SCALE: "1" } });
    api = apiClient(server.url);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const login = (email: string, password: string, headers?: Record<string, string>) =>
    api.request("POST", "/api/v1/auth/login", { body: { email, password }, headers });

  it("allows 5 logins per email a minute, then 429 that survives a restart, X-Forwarded-For and the right password", async () => {
    const { email } = await api.register(api.uniqueEmail("brute"));
    const remaining: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await login(email, WRONG);
      expect(res.status, res.text).toBe(401);
      expect(res.body.error.code).toBe("invalid_credentials");
      const h = expectRateHeaders(res);
      expect(h.limit).toBe(5);
      remaining.push(h.remaining);
    }
    expect(remaining).toEqual([4, 3, 2, 1, 0]);

    const sixth = await login(email, WRONG);
    expectRateLimited(sixth, 5);

    // Counts live in the database file, not in the process.
    await server.restart();
    expectRateLimited(await login(email, WRONG), 5);

    // TRUST_PROXY is off: a client-supplied X-Forwarded-For does not buy a new budget.
    for (let i = 0; i < 3; i++) {
      expectRateLimited(await login(email, WRONG, { "x-forwarded-for": randomIp() }), 5);
    }

    // The limit is checked before the password: the right one is refused too, and issues no tokens.
    const correct = await login(email, STRONG_PASSWORD);
    expectRateLimited(correct, 5);
    expect(correct.text).not.toContain("access_token");

    // Another email from the same address still has its own budget.
    const other = await api.register(api.uniqueEmail("innocent"));
    const ok = await login(other.email, STRONG_PASSWORD);
    expect(ok.status, ok.text).toBe(200);

    const hits = auditRows(server.databasePath, "rate_limit.hit").filter((r) => r.details?.email === email);
    expect(hits.length).toBeGreaterThanOrEqual(1);
    expect(hits[0].details).toMatchObject({ policy: "login", email });
  });

  it("allows 3 password changes per user a minute", async () => {
    const { email, tokens } = await api.newUser("change-limit");
    for (let i = 0; i < 3; i++) {
      const res = await api.request("PUT", "/api/v1/auth/change-password", {
        token: tokens.access_token,
        body: { current_password: WRONG, new_password: "N3w-Stapler-Orbit?" },
      });
      expect(res.status, res.text).toBe(422);
      expect(Object.keys(res.body.error.fields)).toEqual(["current_password"]);
      expect(expectRateHeaders(res)).toMatchObject({ limit: 3, remaining: 2 - i });
    }
    const fourth = await api.request("PUT", "/api/v1/auth/change-password", {
      token: tokens.access_token,
      body: { current_password: STRONG_PASSWORD, new_password: "N3w-Stapler-Orbit?" },
    });
    expectRateLimited(fourth, 3);
    // The refused change did not happen.
    expect((await login(email, STRONG_PASSWORD)).status).toBe(200);
    expect((await api.request("GET", "/api/v1/auth/me", { token: tokens.access_token })).status).toBe(200);
  });

  it("puts the X-RateLimit-* headers on every /api/v1 response", async () => {
    const { email, tokens } = await api.newUser("headers");
    const cookie = await api.browserLogin(email);
    const responses: ApiResponse[] = [
      await api.request("GET", "/api/v1/auth/me", { token: tokens.access_token }),
      await api.request("GET", "/api/v1/auth/me", { cookie }),
      await api.request("GET", "/api/v1/auth/me"),
      await api.request("GET", "/api/v1/auth/me", { token: "garbage" }),
      await api.request("GET", "/api/v1/auth/sessions", { token: tokens.access_token }),
      await api.request("DELETE", `/api/v1/auth/sessions/${crypto.randomUUID()}`, { token: tokens.access_token }),
      await api.request("POST", "/api/v1/auth/register", { rawBody: "{not json" }),
      await api.request("POST", "/api/v1/auth/register", { rawBody: "x=1", headers: { "content-type": "application/x-www-form-urlencoded" } }),
      await api.request("POST", "/api/v1/auth/register", { body: { email: "nope" } }),
      await api.request("POST", "/api/v1/auth/sessions/revoke-others", { cookie, headers: { "sec-fetch-site": "cross-site" } }),
      await api.request("GET", "/api/v1/openapi.json"),
      await api.request("GET", "/api/v1/no-such-endpoint", { token: tokens.access_token }),
      await api.request("GET", "/api/v1/auth/login"),
      await api.request("HEAD", "/api/v1/auth/me", { token: tokens.access_token }),
      await api.request("OPTIONS", "/api/v1/auth/me"),
      await api.request("POST", "/api/v1/auth/logout", { token: tokens.access_token }),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 401, 401, 200, 404, 400, 415, 422, 403, 200, 404, 405, 200, 204, 204]);
    const missing = responses.filter((r) => r.headers.get("x-ratelimit-limit") === null).map((r) => `${r.status} ${r.text.slice(0, 80)}`);
    expect(missing).toEqual([]);
    for (const res of responses) expectRateHeaders(res);
    // Requests by a signed-in user count against the per-user budget of 120.
    expect(Number(responses[0].headers.get("x-ratelimit-limit"))).toBe(120);
  });
});

describe("the client address behind a trusted proxy (TRUST_PROXY=true, one hop)", () => {
  let server: TestServer;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    server = await startTestServer({ env: { RATE_LIMIT_SCALE: "1", TRUST_PROXY: "true", TRUST_PROXY_HOPS: "1" } });
    api = apiClient(server.url);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const from = (ip: string) => ({ "x-forwarded-for": ip });
  const login = (email: string, password: string, headers: Record<string, string>) =>
    api.request("POST", "/api/v1/auth/login", { body: { email, password }, headers });

  it("gives each client address its own login budget, taken from the rightmost X-Forwarded-For entry", async () => {
    const registered = await api.request("POST", "/api/v1/auth/register", {
      body: { email: api.uniqueEmail("proxied"), password: STRONG_PASSWORD },
      headers: from("192.0.2.200"),
    });
    expect(registered.status, registered.text).toBe(201);
    const email = registered.body.email as string;

    const first = "203.0.113.1";
    for (let i = 0; i < 5; i++) expect((await login(email, WRONG, from(first))).status).toBe(401);
    expectRateLimited(await login(email, WRONG, from(first)), 5);
    // A client cannot escape by writing its own entries on the left: the proxy appends the real one.
    expectRateLimited(await login(email, WRONG, from(`198.51.100.7, ${first}`)), 5);

    // Contrast with the TRUST_PROXY-off server: a different address is a different client here.
    for (let i = 0; i < 3; i++) {
      const res = await login(email, WRONG, from(randomIp()));
      expect(res.status, res.text).toBe(401);
      expect(expectRateHeaders(res)).toMatchObject({ limit: 5, remaining: 4 });
    }

    // The recorded client address is the one the proxy reported.
    const failures = auditRows(server.databasePath, "login.failure").filter((r) => r.details?.email === email);
    expect(failures.filter((r) => r.ip === first)).toHaveLength(5);
    expect(failures.map((r) => r.ip)).not.toContain("198.51.100.7");
  });

  it("allows 5 registrations per address a minute", async () => {
    const ip = "203.0.113.20";
    for (let i = 0; i < 5; i++) {
      const res = await api.request("POST", "/api/v1/auth/register", {
        body: { email: api.uniqueEmail("reg"), password: STRONG_PASSWORD },
        headers: from(ip),
      });
      expect(res.status, res.text).toBe(201);
      expect(expectRateHeaders(res)).toMatchObject({ limit: 5, remaining: 4 - i });
    }
    const email = api.uniqueEmail("reg-sixth");
    const sixth = await api.request("POST", "/api/v1/auth/register", { body: { email, password: STRONG_PASSWORD }, headers: from(ip) });
    expectRateLimited(sixth, 5);
    // Not created, and another address may still register.
    const elsewhere = await api.request("POST", "/api/v1/auth/register", { body: { email, password: STRONG_PASSWORD }, headers: from("203.0.113.21") });
    expect(elsewhere.status, elsewhere.text).toBe(201);
  });

  it("allows 10 refreshes per address a minute", async () => {
    const ip = "203.0.113.30";
    const created = await api.request("POST", "/api/v1/auth/register", {
      body: { email: api.uniqueEmail("refresh"), password: STRONG_PASSWORD },
      headers: from("192.0.2.201"),
    });
    const pair = await login(created.body.email, STRONG_PASSWORD, from("192.0.2.201"));
    expect(pair.status, pair.text).toBe(200);
    let refreshToken = pair.body.refresh_token as string;
    for (let i = 0; i < 10; i++) {
      const res = await api.request("POST", "/api/v1/auth/refresh", { body: { refresh_token: refreshToken }, headers: from(ip) });
      expect(res.status, res.text).toBe(200);
      expect(expectRateHeaders(res)).toMatchObject({ limit: 10, remaining: 9 - i });
      refreshToken = res.body.refresh_token;
    }
    const eleventh = await api.request("POST", "/api/v1/auth/refresh", { body: { refresh_token: refreshToken }, headers: from(ip) });
    expectRateLimited(eleventh, 10);
    // The refused attempt did not spend the token: it still works from another address.
    const elsewhere = await api.request("POST", "/api/v1/auth/refresh", { body: { refresh_token: refreshToken }, headers: from("203.0.113.31") });
    expect(elsewhere.status, elsewhere.text).toBe(200);
  });
});

describe("the general per-user API limit (RATE_LIMIT_SCALE=0.05, so 6 a minute)", () => {
  let server: TestServer;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    server = await startTestServer({ env: { RATE_LIMIT_SCALE: "0.05" } });
    api = apiClient(server.url);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("counts down X-RateLimit-Remaining and answers the 7th request with 429", async () => {
    const { user, tokens } = await api.newUser("api-limit");
    const remaining: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await api.request("GET", "/api/v1/auth/me", { token: tokens.access_token });
      expect(res.status, res.text).toBe(200);
      const h = expectRateHeaders(res);
      expect(h.limit).toBe(6);
      remaining.push(h.remaining);
    }
    expect(remaining).toEqual([5, 4, 3, 2, 1, 0]);
    const seventh = await api.request("GET", "/api/v1/auth/me", { token: tokens.access_token });
    expectRateLimited(seventh, 6);
    expect(seventh.text).not.toContain(user.email);

    // Anonymous requests from the same address count against the address, not this user.
    const anonymous = await api.request("GET", "/api/v1/auth/me");
    expect(anonymous.status).toBe(401);
    expect(expectRateHeaders(anonymous).remaining).toBeGreaterThan(0);

    const hits = auditRows(server.databasePath, "rate_limit.hit");
    expect(hits.some((r) => r.details?.policy === "api" && r.details?.path === "/api/v1/auth/me")).toBe(true);
  });
});
