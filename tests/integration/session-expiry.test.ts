import Database from "better-sqlite3";
import { afterAll, describe, expect, inject, it } from "vitest";
import { apiClient } from "../support/api-client";

const api = apiClient(inject("baseUrl"));
const db = new Database(inject("databasePath"));
afterAll(() => db.close());

const sessionOf = (userId: string, kind: "browser" | "api") =>
  db.prepare("select * from sessions where user_id = ? and kind = ? order by created_at desc limit 1").get(userId, kind) as {
    id: string;
    last_seen_at: number;
    created_at: number;
    expires_at: number;
  };

describe("browser sessions end server-side", () => {
  it("after SESSION_IDLE_MINUTES without a request", async () => {
    const { email, user } = await api.register();
    const cookie = await api.browserLogin(email);
    expect((await api.request("GET", "/api/v1/auth/me", { cookie })).status).toBe(200);
    const session = sessionOf(user.id, "browser");
    db.prepare("update sessions set last_seen_at = ? where id = ?").run(Date.now() - 121 * 60_000, session.id);
    expect((await api.request("GET", "/api/v1/auth/me", { cookie })).status).toBe(401);
    const page = await fetch(`${inject("baseUrl")}/dashboard`, { headers: { cookie }, redirect: "manual" });
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toContain("/login");
  });

  it("after SESSION_MAX_AGE_HOURS however active", async () => {
    const { email, user } = await api.register();
    const cookie = await api.browserLogin(email);
    const session = sessionOf(user.id, "browser");
    expect(session.expires_at - session.created_at).toBe(12 * 3_600_000);
    db.prepare("update sessions set expires_at = ? where id = ?").run(Date.now() - 1, session.id);
    expect((await api.request("GET", "/api/v1/auth/me", { cookie })).status).toBe(401);
  });

  it("writes last_seen_at at most once a minute", async () => {
    const { email, user } = await api.register();
    const cookie = await api.browserLogin(email);
    const first = sessionOf(user.id, "browser").last_seen_at;
    await api.request("GET", "/api/v1/auth/me", { cookie });
    await api.request("GET", "/api/v1/auth/me", { cookie });
    expect(sessionOf(user.id, "browser").last_seen_at).toBe(first);
    const staleSeen = Date.now() - 61_000;
    db.prepare("update sessions set last_seen_at = ? where user_id = ?").run(staleSeen, user.id);
    await api.request("GET", "/api/v1/auth/me", { cookie });
    expect(sessionOf(user.id, "browser").last_seen_at).toBeGreaterThan(staleSeen + 60_000);
  });

  it("a deactivated user's existing token and cookie stop working", async () => {
    const { email, user } = await api.register();
    const cookie = await api.browserLogin(email);
    const { access_token } = await api.login(email);
    db.prepare("update users set is_active = 0 where id = ?").run(user.id);
    const viaToken = await api.request("GET", "/api/v1/auth/me", { token: access_token });
    expect(viaToken.status).toBe(401);
    expect(viaToken.body).toMatchObject({ error: { code: "unauthenticated" } });
    expect((await api.request("GET", "/api/v1/auth/me", { cookie })).status).toBe(401);
  });
});
