/**
 * Every /api/v1/auth endpoint over HTTP against the shared test server (DESIGN.md, "Conventions
 * for the JSON API"). Forged tokens are signed with the server's own API key (HKDF of the test
 * AUTH_SECRET), so each rejection below is caused by the one flaw the token carries; a control
 * token signed the same way without a flaw is accepted.
 */
import { hkdfSync } from "node:crypto";
import Database from "better-sqlite3";
import { SignJWT, decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PASSWORD_RULES } from "../../lib/auth/password-policy";
import { apiClient, STRONG_PASSWORD, type ApiResponse } from "../support/api-client";
import { TEST_AUTH_SECRET } from "../support/test-server";

const api = apiClient(inject("baseUrl"));
const baseUrl = inject("baseUrl");
let db: Database.Database;

beforeAll(() => {
  db = new Database(inject("databasePath"), { fileMustExist: true });
  db.pragma("busy_timeout = 5000");
});
afterAll(() => db?.close());

const NEW_PASSWORD = "N3w-Stapler-Orbit?";
const ruleMessage = (id: (typeof PASSWORD_RULES)[number]["id"]) => PASSWORD_RULES.find((r) => r.id === id)!.message;

function expectError(res: ApiResponse, status: number, code: string) {
  expect(res.status, res.text).toBe(status);
  expect(res.body).toMatchObject({ error: { code, message: expect.any(String), request_id: expect.any(String) } });
  expect(res.headers.get("x-request-id")).toBe((res.body as { error: { request_id: string } }).error.request_id);
}

const me = (token: string) => api.request("GET", "/api/v1/auth/me", { token });
const meByCookie = (cookie: string) => api.request("GET", "/api/v1/auth/me", { cookie });
const refresh = (refreshToken: string) => api.request("POST", "/api/v1/auth/refresh", { body: { refresh_token: refreshToken } });
const withoutRequestId = (body: unknown) => {
  const { request_id: _ignored, ...rest } = (body as { error: Record<string, unknown> }).error;
  return rest;
};

function auditRows(userId: string | null, action: string) {
  return db
    .prepare("SELECT user_id, action, details FROM audit_events WHERE action = ? AND user_id IS ?")
    .all(action, userId) as { user_id: string | null; action: string; details: string | null }[];
}

describe("POST /api/v1/auth/register", () => {
  it("creates the account and returns exactly the public fields, email lower-cased", async () => {
    const email = `Mixed.Case-${Date.now()}@Example.TEST`;
    const res = await api.request("POST", "/api/v1/auth/register", { body: { email, password: STRONG_PASSWORD, name: "Ada" } });
    expect(res.status, res.text).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(["created_at", "email", "id", "is_active", "name", "role"]);
    expect(res.body).toMatchObject({ email: email.toLowerCase(), name: "Ada", is_active: true });
    expect(["user", "admin"]).toContain(res.body.role);
    expect(typeof res.body.id).toBe("string");
    expect(res.body.id).not.toMatch(/^\d+$/);
    expect(Number.isInteger(res.body.created_at)).toBe(true);
    expect(Math.abs(res.body.created_at - Date.now())).toBeLessThan(5 * 60_000);
    expect(res.text).not.toMatch(/scrypt|password|token/i);

    const stored = db.prepare("SELECT email, password_hash FROM users WHERE id = ?").get(res.body.id) as { email: string; password_hash: string };
    expect(stored.email).toBe(email.toLowerCase());
    expect(stored.password_hash).toMatch(/^\$scrypt\$/);
    expect(stored.password_hash).not.toContain(STRONG_PASSWORD);
  });

  it("answers 409 email_taken for an existing email in another case", async () => {
    const { email } = await api.register();
    const res = await api.request("POST", "/api/v1/auth/register", { body: { email: `  ${email.toUpperCase()} `, password: STRONG_PASSWORD } });
    expectError(res, 409, "email_taken");
    const count = db.prepare("SELECT count(*) AS n FROM users WHERE email = ?").get(email) as { n: number };
    expect(count.n).toBe(1);
  });

  it.each([
    ["abc", ["minLength", "upper", "digit", "special"]],
    ["alllowercaseletters", ["upper", "digit", "special"]],
    ["ALLUPPER123!", ["lower"]],
    ["NoDigitsHere!", ["digit"]],
    ["NoSpecial123", ["special"]],
    [`Aa1!${"x".repeat(125)}`, ["maxLength"]],
    ["P@ssw0rd", ["common"]],
  ] as const)("refuses the weak password %j with each failing rule's message", async (password, failing) => {
    const email = api.uniqueEmail("weak");
    const res = await api.request("POST", "/api/v1/auth/register", { body: { email, password } });
    expectError(res, 422, "validation_failed");
    expect(res.body.error.fields).toEqual({ password: failing.map(ruleMessage) });
    expect(db.prepare("SELECT id FROM users WHERE email = ?").get(email)).toBeUndefined();
  });

  it("lists an unknown key in fields", async () => {
    const email = api.uniqueEmail("unknown-key");
    const res = await api.request("POST", "/api/v1/auth/register", { body: { email, password: STRONG_PASSWORD, role: "admin" } });
    expectError(res, 422, "validation_failed");
    expect(Object.keys(res.body.error.fields)).toEqual(["role"]);
    expect(db.prepare("SELECT id FROM users WHERE email = ?").get(email)).toBeUndefined();
  });

  it("reports invalid email and password fields together", async () => {
    const res = await api.request("POST", "/api/v1/auth/register", { body: { email: "not-an-email", password: "short" } });
    expectError(res, 422, "validation_failed");
    expect(Object.keys(res.body.error.fields).sort()).toEqual(["email", "password"]);
  });

  it("answers 400 malformed_json for a body that is not JSON, or not an object", async () => {
    expectError(await api.request("POST", "/api/v1/auth/register", { rawBody: '{"email": "a@b.test", ' }), 400, "malformed_json");
    expectError(await api.request("POST", "/api/v1/auth/register", { rawBody: "[1, 2]" }), 400, "malformed_json");
  });

  it("answers 415 for a body that is not declared as JSON", async () => {
    const email = api.uniqueEmail("form");
    const res = await api.request("POST", "/api/v1/auth/register", {
      rawBody: JSON.stringify({ email, password: STRONG_PASSWORD }),
      headers: { "content-type": "text/plain" },
    });
    expectError(res, 415, "unsupported_media_type");
    const form = await api.request("POST", "/api/v1/auth/register", {
      rawBody: new URLSearchParams({ email, password: STRONG_PASSWORD }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expectError(form, 415, "unsupported_media_type");
    expect(db.prepare("SELECT id FROM users WHERE email = ?").get(email)).toBeUndefined();
  });
});

describe("POST /api/v1/auth/login", () => {
  it("returns a bearer token pair that authenticates", async () => {
    const { email, user } = await api.register(api.uniqueEmail("login"));
    const res = await api.request("POST", "/api/v1/auth/login", { body: { email: email.toUpperCase(), password: STRONG_PASSWORD } });
    expect(res.status, res.text).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(["access_token", "expires_in", "refresh_token", "token_type"]);
    expect(res.body).toMatchObject({ token_type: "bearer", expires_in: 900 });
    expect(res.body.access_token).not.toBe(res.body.refresh_token);
    const claims = decodeJwt(res.body.access_token);
    expect(claims.exp! - claims.iat!).toBe(900);
    const who = await me(res.body.access_token);
    expect(who.status).toBe(200);
    expect(who.body.id).toBe(user.id);
  });

  it("fails alike for an unknown email, a wrong password and a deactivated account", async () => {
    const { email } = await api.register(api.uniqueEmail("inactive"));
    const unknown = await api.request("POST", "/api/v1/auth/login", { body: { email: api.uniqueEmail("nobody"), password: STRONG_PASSWORD } });
    const wrong = await api.request("POST", "/api/v1/auth/login", { body: { email, password: `${STRONG_PASSWORD}x` } });
    // Control: the account signs in with its password while active.
    expect((await api.request("POST", "/api/v1/auth/login", { body: { email, password: STRONG_PASSWORD } })).status).toBe(200);
    expect(db.prepare("UPDATE users SET is_active = 0 WHERE email = ?").run(email).changes).toBe(1);
    const inactive = await api.request("POST", "/api/v1/auth/login", { body: { email, password: STRONG_PASSWORD } });

    for (const res of [unknown, wrong, inactive]) {
      expectError(res, 401, "invalid_credentials");
      expect(res.text).not.toMatch(/token/);
    }
    expect(withoutRequestId(wrong.body)).toEqual(withoutRequestId(unknown.body));
    expect(withoutRequestId(inactive.body)).toEqual(withoutRequestId(unknown.body));
    expect(new Set([unknown, wrong, inactive].map((r) => r.body.error.request_id)).size).toBe(3);
  });

  it("ends the sessions of a deactivated account at once", async () => {
    const { email, tokens } = await api.newUser("deactivated");
    expect((await me(tokens.access_token)).status).toBe(200);
    db.prepare("UPDATE users SET is_active = 0 WHERE email = ?").run(email);
    expectError(await me(tokens.access_token), 401, "unauthenticated");
    expectError(await refresh(tokens.refresh_token), 401, "unauthenticated");
  });
});

describe("access token verification (GET /api/v1/auth/me)", () => {
  const key = new Uint8Array(hkdfSync("sha256", TEST_AUTH_SECRET, "", "api-jwt-v1", 32));
  const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  let real: { access_token: string; refresh_token: string };
  let sub: string;
  let sid: string;

  beforeAll(async () => {
    real = (await api.newUser("verify")).tokens;
    const claims = decodeJwt(real.access_token);
    sub = claims.sub!;
    sid = claims.sid as string;
  });

  type Forge = {
    alg?: string;
    claims?: Record<string, unknown>;
    omit?: string[];
    iss?: string;
    aud?: string;
    iat?: number;
    exp?: number;
  };
  async function forge(options: Forge = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const payload: Record<string, unknown> = {
      sub,
      sid,
      typ: "access",
      jti: crypto.randomUUID(),
      iss: options.iss ?? "autocbot",
      aud: options.aud ?? "autocbot-api",
      iat: options.iat ?? now,
      exp: options.exp ?? now + 600,
      ...options.claims,
    };
    for (const name of options.omit ?? []) delete payload[name];
    return new SignJWT(payload).setProtectedHeader({ alg: options.alg ?? "HS256", typ: "JWT" }).sign(key);
  }

  it("accepts a token signed with the server's key and correct claims (control)", async () => {
    const res = await me(await forge());
    expect(res.status, res.text).toBe(200);
    expect(res.body.id).toBe(sub);
  });

  it("rejects an expired access token", async () => {
    const now = Math.floor(Date.now() / 1000);
    expectError(await me(await forge({ iat: now - 1000, exp: now - 100 })), 401, "unauthenticated");
  });

  it("rejects a token whose signature was tampered with", async () => {
    const [header, payload, signature] = real.access_token.split(".");
    const flipped = `${signature[0] === "A" ? "B" : "A"}${signature.slice(1)}`;
    expectError(await me(`${header}.${payload}.${flipped}`), 401, "unauthenticated");
    // A changed payload under the original signature.
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const otherPayload = b64url({ ...claims, exp: claims.exp + 3600 });
    expectError(await me(`${header}.${otherPayload}.${signature}`), 401, "unauthenticated");
  });

  it("rejects a refresh token used as an access token", async () => {
    expectError(await me(real.refresh_token), 401, "unauthenticated");
    expectError(await me(await forge({ claims: { typ: "refresh" } })), 401, "unauthenticated");
  });

  it('rejects an unsigned token (alg "none")', async () => {
    const now = Math.floor(Date.now() / 1000);
    const payload = { sub, sid, typ: "access", jti: crypto.randomUUID(), iss: "autocbot", aud: "autocbot-api", iat: now, exp: now + 600 };
    expectError(await me(`${b64url({ alg: "none", typ: "JWT" })}.${b64url(payload)}.`), 401, "unauthenticated");
    expectError(await me(`${b64url({ alg: "none" })}.${b64url(payload)}`), 401, "unauthenticated");
  });

  it("rejects an HS512 token signed with the same key", async () => {
    expectError(await me(await forge({ alg: "HS512" })), 401, "unauthenticated");
  });

  it("rejects a wrong issuer or a wrong audience", async () => {
    expectError(await me(await forge({ iss: "someone-else" })), 401, "unauthenticated");
    expectError(await me(await forge({ aud: "another-api" })), 401, "unauthenticated");
  });

  it("rejects garbage and malformed authorization headers", async () => {
    expectError(await me("garbage"), 401, "unauthenticated");
    expectError(await me("a.b.c"), 401, "unauthenticated");
    const basic = await api.request("GET", "/api/v1/auth/me", { headers: { authorization: `Basic ${Buffer.from("x:y").toString("base64")}` } });
    expectError(basic, 401, "unauthenticated");
    expectError(await api.request("GET", "/api/v1/auth/me"), 401, "unauthenticated");
  });

  it("rejects a token without sub or without sid", async () => {
    expectError(await me(await forge({ omit: ["sub"] })), 401, "unauthenticated");
    expectError(await me(await forge({ omit: ["sid"] })), 401, "unauthenticated");
  });

  it("rejects a well-signed token naming another user's session", async () => {
    const other = decodeJwt((await api.newUser("verify-other")).tokens.access_token);
    expectError(await me(await forge({ claims: { sid: other.sid } })), 401, "unauthenticated");
  });

  it("does not let a valid cookie rescue a bad bearer token", async () => {
    const { email } = await api.register(api.uniqueEmail("cookie-rescue"));
    const cookie = await api.browserLogin(email);
    expect((await meByCookie(cookie)).status).toBe(200);
    const res = await api.request("GET", "/api/v1/auth/me", { token: "garbage", cookie });
    expectError(res, 401, "unauthenticated");
  });
});

describe("GET /api/v1/auth/me", () => {
  it("resolves a bearer token and a browser cookie to the same user", async () => {
    const { email, user, tokens } = await api.newUser("me");
    const cookie = await api.browserLogin(email);
    const byBearer = await me(tokens.access_token);
    const byCookie = await meByCookie(cookie);
    expect(byBearer.status).toBe(200);
    expect(byCookie.status).toBe(200);
    expect(byBearer.body).toEqual(byCookie.body);
    expect(byBearer.body).toMatchObject({ id: user.id, email, is_active: true });
    expect(Object.keys(byBearer.body).sort()).toEqual(["created_at", "email", "id", "is_active", "name", "role"]);
  });
});

describe("POST /api/v1/auth/refresh", () => {
  it("trades a refresh token for a working new pair, once", async () => {
    const { user, tokens } = await api.newUser("refresh");
    const res = await refresh(tokens.refresh_token);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ token_type: "bearer", expires_in: 900 });
    expect(res.body.refresh_token).not.toBe(tokens.refresh_token);
    expect(res.body.access_token).not.toBe(tokens.access_token);
    expect(decodeJwt(res.body.access_token).sid).toBe(decodeJwt(tokens.access_token).sid);
    expect((await me(res.body.access_token)).body.id).toBe(user.id);
    // The new refresh token works in turn.
    const again = await refresh(res.body.refresh_token);
    expect(again.status, again.text).toBe(200);
    expect((await me(again.body.access_token)).status).toBe(200);
  });

  it("revokes the whole family and its session when a used refresh token comes back", async () => {
    const { email, user, tokens: first } = await api.newUser("reuse");
    const bystander = await api.login(email);
    expect(auditRows(user.id, "refresh_token.reuse")).toHaveLength(0);

    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    expect((await me(second.body.access_token)).status).toBe(200);

    expectError(await refresh(first.refresh_token), 401, "unauthenticated");
    const rows = auditRows(user.id, "refresh_token.reuse");
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0].details!)).toMatchObject({ family_id: expect.any(String) });

    expectError(await refresh(second.body.refresh_token), 401, "unauthenticated");
    expectError(await me(second.body.access_token), 401, "unauthenticated");
    expectError(await me(first.access_token), 401, "unauthenticated");
    // Another session of the same user is not part of the family.
    expect((await me(bystander.access_token)).status).toBe(200);
    expect((await refresh(bystander.refresh_token)).status).toBe(200);
  });

  it("rejects an access token, garbage and a missing field", async () => {
    const { tokens } = await api.newUser("refresh-bad");
    expectError(await refresh(tokens.access_token), 401, "unauthenticated");
    expectError(await refresh("garbage"), 401, "unauthenticated");
    const missing = await api.request("POST", "/api/v1/auth/refresh", { body: {} });
    expectError(missing, 422, "validation_failed");
    expect(Object.keys(missing.body.error.fields)).toEqual(["refresh_token"]);
    // None of this burned the real refresh token.
    expect((await refresh(tokens.refresh_token)).status).toBe(200);
  });
});

describe("POST /api/v1/auth/logout", () => {
  it("ends the session: its access and refresh tokens stop working", async () => {
    const { email, tokens } = await api.newUser("logout");
    const other = await api.login(email);
    const res = await api.request("POST", "/api/v1/auth/logout", { token: tokens.access_token });
    expect(res.status, res.text).toBe(204);
    expect(res.text).toBe("");
    expectError(await me(tokens.access_token), 401, "unauthenticated");
    expectError(await refresh(tokens.refresh_token), 401, "unauthenticated");
    expectError(await api.request("POST", "/api/v1/auth/logout", { token: tokens.access_token }), 401, "unauthenticated");
    expect((await me(other.access_token)).status).toBe(200);
  });

  it("requires authentication", async () => {
    expectError(await api.request("POST", "/api/v1/auth/logout"), 401, "unauthenticated");
  });
});

describe("PUT /api/v1/auth/change-password", () => {
  const change = (token: string, body: unknown) => api.request("PUT", "/api/v1/auth/change-password", { token, body });

  it("refuses a wrong current password and a weak new password without changing anything", async () => {
    const { email, tokens } = await api.newUser("change-bad");
    const wrong = await change(tokens.access_token, { current_password: "Not-The-Password-1", new_password: NEW_PASSWORD });
    expectError(wrong, 422, "validation_failed");
    expect(Object.keys(wrong.body.error.fields)).toEqual(["current_password"]);

    const weak = await change(tokens.access_token, { current_password: STRONG_PASSWORD, new_password: "weakling" });
    expectError(weak, 422, "validation_failed");
    expect(weak.body.error.fields).toEqual({ new_password: (["upper", "digit", "special"] as const).map(ruleMessage) });

    expect((await me(tokens.access_token)).status).toBe(200);
    expect((await refresh(tokens.refresh_token)).status).toBe(200);
    expect((await api.request("POST", "/api/v1/auth/login", { body: { email, password: STRONG_PASSWORD } })).status).toBe(200);
  });

  it("changes the password, gives the caller a new pair and signs out every other session", async () => {
    const { email, user, tokens: caller } = await api.newUser("change");
    const otherApi = await api.login(email);
    const cookie = await api.browserLogin(email);
    expect((await me(otherApi.access_token)).status).toBe(200);
    expect((await meByCookie(cookie)).status).toBe(200);

    const res = await change(caller.access_token, { current_password: STRONG_PASSWORD, new_password: NEW_PASSWORD });
    expect(res.status, res.text).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(["revoked_sessions", "tokens"]);
    expect(res.body.revoked_sessions).toBe(2);
    expect(res.body.tokens).toMatchObject({ token_type: "bearer", expires_in: 900 });
    const fresh = res.body.tokens as { access_token: string; refresh_token: string };

    // The caller's new pair works.
    expect((await me(fresh.access_token)).body.id).toBe(user.id);
    const rotated = await refresh(fresh.refresh_token);
    expect(rotated.status, rotated.text).toBe(200);
    expect((await me(rotated.body.access_token)).status).toBe(200);

    // Every other session is over.
    expectError(await me(otherApi.access_token), 401, "unauthenticated");
    expectError(await refresh(otherApi.refresh_token), 401, "unauthenticated");
    expectError(await meByCookie(cookie), 401, "unauthenticated");

    // The old password no longer signs in; the new one does.
    expectError(await api.request("POST", "/api/v1/auth/login", { body: { email, password: STRONG_PASSWORD } }), 401, "invalid_credentials");
    expect((await api.request("POST", "/api/v1/auth/login", { body: { email, password: NEW_PASSWORD } })).status).toBe(200);
    expect(auditRows(user.id, "password.change")).toHaveLength(1);

    // The caller's refresh token from before the change is dead, and presenting it does not
    // count as reuse: the new pair keeps working.
    expectError(await refresh(caller.refresh_token), 401, "unauthenticated");
    expect(auditRows(user.id, "refresh_token.reuse")).toHaveLength(0);
    expect((await me(rotated.body.access_token)).status).toBe(200);
    expect((await refresh(rotated.body.refresh_token)).status).toBe(200);
  });

  it("keeps a browser caller's session and returns no tokens", async () => {
    const { email, tokens } = await api.newUser("change-cookie");
    const cookie = await api.browserLogin(email);
    const res = await api.request("PUT", "/api/v1/auth/change-password", {
      cookie,
      headers: { "sec-fetch-site": "same-origin" },
      body: { current_password: STRONG_PASSWORD, new_password: NEW_PASSWORD },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ revoked_sessions: 1, tokens: null });
    expect((await meByCookie(cookie)).status).toBe(200);
    expectError(await me(tokens.access_token), 401, "unauthenticated");
  });
});

describe("sessions", () => {
  type SessionItem = { id: string; kind: string; current: boolean; created_at: number; last_seen_at: number; expires_at: number };
  const list = (auth: { token?: string; cookie?: string }) => api.request("GET", "/api/v1/auth/sessions", auth);
  const sidOf = (token: string) => decodeJwt(token).sid as string;

  it("lists browser and API sessions and marks the caller's as current", async () => {
    const { email, tokens: a } = await api.newUser("sessions-list");
    const b = await api.login(email);
    const cookie = await api.browserLogin(email);

    const res = await list({ token: a.access_token });
    expect(res.status, res.text).toBe(200);
    expect(res.body.next_cursor).toBeNull();
    const items = res.body.items as SessionItem[];
    expect(items).toHaveLength(3);
    expect(items.map((s) => s.kind).sort()).toEqual(["api", "api", "browser"]);
    expect(items.filter((s) => s.current).map((s) => s.id)).toEqual([sidOf(a.access_token)]);
    expect(items.map((s) => s.id)).toContain(sidOf(b.access_token));
    for (const s of items) {
      expect(Number.isInteger(s.created_at) && Number.isInteger(s.last_seen_at) && Number.isInteger(s.expires_at)).toBe(true);
      expect(s.expires_at).toBeGreaterThan(Date.now());
    }

    const byCookie = await list({ cookie });
    expect(byCookie.status).toBe(200);
    const current = (byCookie.body.items as SessionItem[]).filter((s) => s.current);
    expect(current).toHaveLength(1);
    expect(current[0].kind).toBe("browser");
    expect(new Set((byCookie.body.items as SessionItem[]).map((s) => s.id))).toEqual(new Set(items.map((s) => s.id)));
  });

  it("answers 404 (never 403) for another user's session and leaves it alone", async () => {
    const mine = await api.newUser("sessions-mine");
    const theirs = await api.newUser("sessions-theirs");
    const theirSid = sidOf(theirs.tokens.access_token);
    const res = await api.request("DELETE", `/api/v1/auth/sessions/${theirSid}`, { token: mine.tokens.access_token });
    expectError(res, 404, "not_found");
    const missing = await api.request("DELETE", `/api/v1/auth/sessions/${crypto.randomUUID()}`, { token: mine.tokens.access_token });
    expectError(missing, 404, "not_found");
    expect(withoutRequestId(res.body)).toEqual(withoutRequestId(missing.body));
    expect((await me(theirs.tokens.access_token)).status).toBe(200);
    expect((await refresh(theirs.tokens.refresh_token)).status).toBe(200);
  });

  it("revokes one of the caller's other sessions", async () => {
    const { email, tokens: a } = await api.newUser("sessions-delete");
    const b = await api.login(email);
    const res = await api.request("DELETE", `/api/v1/auth/sessions/${sidOf(b.access_token)}`, { token: a.access_token });
    expect(res.status, res.text).toBe(204);
    expectError(await me(b.access_token), 401, "unauthenticated");
    expectError(await refresh(b.refresh_token), 401, "unauthenticated");
    expect((await me(a.access_token)).status).toBe(200);
    expect(((await list({ token: a.access_token })).body.items as SessionItem[]).map((s) => s.id)).toEqual([sidOf(a.access_token)]);
    // Already revoked: not found.
    expectError(await api.request("DELETE", `/api/v1/auth/sessions/${sidOf(b.access_token)}`, { token: a.access_token }), 404, "not_found");
  });

  it("revokes every other session with revoke-others", async () => {
    const { email, tokens: a } = await api.newUser("sessions-others");
    const b = await api.login(email);
    const c = await api.login(email);
    const cookie = await api.browserLogin(email);
    const bystander = await api.newUser("sessions-bystander");

    const res = await api.request("POST", "/api/v1/auth/sessions/revoke-others", { token: a.access_token });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ revoked: 3 });
    for (const t of [b, c]) {
      expectError(await me(t.access_token), 401, "unauthenticated");
      expectError(await refresh(t.refresh_token), 401, "unauthenticated");
    }
    expectError(await meByCookie(cookie), 401, "unauthenticated");
    expect((await me(a.access_token)).status).toBe(200);
    expect((await me(bystander.tokens.access_token)).status).toBe(200);

    const again = await api.request("POST", "/api/v1/auth/sessions/revoke-others", { token: a.access_token });
    expect(again.body).toEqual({ revoked: 0 });
  });
});

describe("CSRF defence on cookie-authenticated writes", () => {
  it("refuses a cross-site request and a cookie request with no origin evidence", async () => {
    const { email, tokens } = await api.newUser("csrf-site");
    const cookie = await api.browserLogin(email);
    const crossSite = await api.request("POST", "/api/v1/auth/sessions/revoke-others", { cookie, headers: { "sec-fetch-site": "cross-site" } });
    expectError(crossSite, 403, "csrf_failed");
    const sameSite = await api.request("POST", "/api/v1/auth/sessions/revoke-others", { cookie, headers: { "sec-fetch-site": "same-site" } });
    expectError(sameSite, 403, "csrf_failed");
    const foreignOrigin = await api.request("POST", "/api/v1/auth/sessions/revoke-others", { cookie, headers: { origin: "https://evil.example" } });
    expectError(foreignOrigin, 403, "csrf_failed");
    const noEvidence = await api.request("POST", "/api/v1/auth/sessions/revoke-others", { cookie });
    expectError(noEvidence, 403, "csrf_failed");
    // Nothing was revoked.
    expect((await me(tokens.access_token)).status).toBe(200);

    // The same request from our own origin goes through.
    const sameOrigin = await api.request("POST", "/api/v1/auth/sessions/revoke-others", { cookie, headers: { origin: baseUrl } });
    expect(sameOrigin.status, sameOrigin.text).toBe(200);
    expect(sameOrigin.body).toEqual({ revoked: 1 });
    expectError(await me(tokens.access_token), 401, "unauthenticated");
  });

  it("refuses a cookie-authenticated text/plain body even from the same origin", async () => {
    const { email, tokens } = await api.newUser("csrf-type");
    const cookie = await api.browserLogin(email);
    const res = await api.request("PUT", "/api/v1/auth/change-password", {
      cookie,
      headers: { "sec-fetch-site": "same-origin", "content-type": "text/plain" },
      rawBody: JSON.stringify({ current_password: STRONG_PASSWORD, new_password: NEW_PASSWORD }),
    });
    expectError(res, 403, "csrf_failed");
    // The password did not change and no session was signed out.
    expect((await me(tokens.access_token)).status).toBe(200);
    expect((await api.request("POST", "/api/v1/auth/login", { body: { email, password: STRONG_PASSWORD } })).status).toBe(200);
  });

  it("leaves the bearer path alone", async () => {
    const { email, tokens } = await api.newUser("csrf-bearer");
    const other = await api.login(email);
    const plain = await api.request("PUT", "/api/v1/auth/change-password", {
      token: tokens.access_token,
      headers: { "content-type": "text/plain", "sec-fetch-site": "cross-site" },
      rawBody: JSON.stringify({ current_password: STRONG_PASSWORD, new_password: NEW_PASSWORD }),
    });
    expectError(plain, 415, "unsupported_media_type");
    const res = await api.request("POST", "/api/v1/auth/sessions/revoke-others", {
      token: tokens.access_token,
      headers: { "sec-fetch-site": "cross-site", origin: "https://elsewhere.example" },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ revoked: 1 });
    expectError(await me(other.access_token), 401, "unauthenticated");
  });
});
