import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { apiClient } from "../support/api-client";

/** GET /api/v1/jobs/{id} and POST /api/v1/jobs/{id}/cancel: the wire form and user scope. */

const api = apiClient(inject("baseUrl"));
const db = new Database(inject("databasePath"));
db.pragma("busy_timeout = 5000");
afterAll(() => db.close());

// No handler is registered for this type, so no runner of the shared server ever claims it.
const UNCLAIMED_TYPE = "test.never-claimed";

type JobRow = {
  id: string;
  user_id: string | null;
  type: string;
  status: string;
  payload?: string | null;
  result?: string | null;
  error?: string | null;
  progress?: number;
  created_at: number;
  started_at?: number | null;
  finished_at?: number | null;
};

function insertJob(row: JobRow): string {
  db.prepare(
    `INSERT INTO jobs (id, user_id, type, status, payload, result, error, progress, cancel_requested, created_at, started_at, finished_at)
     VALUES (@id, @user_id, @type, @status, @payload, @result, @error, @progress, 0, @created_at, @started_at, @finished_at)`,
  ).run({ payload: null, result: null, error: null, progress: 0, started_at: null, finished_at: null, ...row });
  return row.id;
}

const jobRow = (id: string) =>
  db.prepare("SELECT status, cancel_requested, finished_at FROM jobs WHERE id = ?").get(id) as {
    status: string;
    cancel_requested: number;
    finished_at: number | null;
  };

function expectNotFound(res: { status: number; body: unknown; headers: Headers }) {
  expect(res.status).toBe(404);
  expect(res.body).toEqual({
    error: { code: "not_found", message: expect.any(String), request_id: res.headers.get("x-request-id") },
  });
}

let alice: Awaited<ReturnType<typeof api.newUser>>;
let bob: Awaited<ReturnType<typeof api.newUser>>;
beforeAll(async () => {
  [alice, bob] = await Promise.all([api.newUser("jobs-alice"), api.newUser("jobs-bob")]);
});

describe("GET /api/v1/jobs/{id}", () => {
  it("returns the owner's job in wire form", async () => {
    const createdAt = Date.now() - 5_000;
    const id = insertJob({
      id: randomUUID(),
      user_id: alice.user.id,
      type: UNCLAIMED_TYPE,
      status: "succeeded",
      payload: JSON.stringify({ secret_input: "not on the wire" }),
      result: JSON.stringify({ trades: 3, final_equity: 1234.5 }),
      progress: 100,
      created_at: createdAt,
      started_at: createdAt + 1_000,
      finished_at: createdAt + 2_000,
    });
    const res = await api.request("GET", `/api/v1/jobs/${id}`, { token: alice.tokens.access_token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id,
      type: UNCLAIMED_TYPE,
      status: "succeeded",
      progress: 100,
      result: { trades: 3, final_equity: 1234.5 },
      error: null,
      created_at: createdAt,
      started_at: createdAt + 1_000,
      finished_at: createdAt + 2_000,
    });
    expect(res.headers.get("cache-control")).toContain("no-store");
  });

  it("shows a failed job's error and null result", async () => {
    const id = insertJob({
      id: randomUUID(),
      user_id: alice.user.id,
      type: UNCLAIMED_TYPE,
      status: "failed",
      error: "interrupted",
      progress: 40,
      created_at: Date.now(),
      started_at: Date.now(),
      finished_at: Date.now(),
    });
    const res = await api.request("GET", `/api/v1/jobs/${id}`, { token: alice.tokens.access_token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, status: "failed", error: "interrupted", result: null, progress: 40 });
  });

  it("another user's job → 404 not_found (never 403)", async () => {
    const id = insertJob({ id: randomUUID(), user_id: alice.user.id, type: UNCLAIMED_TYPE, status: "queued", created_at: Date.now() });
    expectNotFound(await api.request("GET", `/api/v1/jobs/${id}`, { token: bob.tokens.access_token }));
    // The same request by the owner succeeds: the 404 above is about scope, not about the id.
    expect((await api.request("GET", `/api/v1/jobs/${id}`, { token: alice.tokens.access_token })).status).toBe(200);
  });

  it("a system job (no owner) → 404 for every user", async () => {
    const id = insertJob({ id: randomUUID(), user_id: null, type: UNCLAIMED_TYPE, status: "queued", created_at: Date.now() });
    expectNotFound(await api.request("GET", `/api/v1/jobs/${id}`, { token: alice.tokens.access_token }));
  });

  it("unknown id → 404 not_found", async () => {
    expectNotFound(await api.request("GET", `/api/v1/jobs/${randomUUID()}`, { token: alice.tokens.access_token }));
  });

  it("without a token → 401", async () => {
    const id = insertJob({ id: randomUUID(), user_id: alice.user.id, type: UNCLAIMED_TYPE, status: "queued", created_at: Date.now() });
    const res = await api.request("GET", `/api/v1/jobs/${id}`);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: "unauthenticated" } });
  });
});

describe("POST /api/v1/jobs/{id}/cancel", () => {
  it("cancels a queued job of the caller at once", async () => {
    const id = insertJob({ id: randomUUID(), user_id: alice.user.id, type: UNCLAIMED_TYPE, status: "queued", created_at: Date.now() });
    const res = await api.request("POST", `/api/v1/jobs/${id}/cancel`, { token: alice.tokens.access_token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, type: UNCLAIMED_TYPE, status: "cancelled", finished_at: expect.any(Number) });
    expect(jobRow(id)).toMatchObject({ status: "cancelled", cancel_requested: 1 });
    const after = await api.request("GET", `/api/v1/jobs/${id}`, { token: alice.tokens.access_token });
    expect(after.body).toMatchObject({ status: "cancelled" });
  });

  it("flags a running job without ending it (its handler decides when to stop)", async () => {
    const id = insertJob({
      id: randomUUID(),
      user_id: alice.user.id,
      type: UNCLAIMED_TYPE,
      status: "running",
      created_at: Date.now(),
      started_at: Date.now(),
    });
    const res = await api.request("POST", `/api/v1/jobs/${id}/cancel`, { token: alice.tokens.access_token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, status: "running", finished_at: null });
    expect(jobRow(id)).toMatchObject({ status: "running", cancel_requested: 1 });
  });

  it("leaves a finished job as it was", async () => {
    const finishedAt = Date.now() - 1_000;
    const id = insertJob({
      id: randomUUID(),
      user_id: alice.user.id,
      type: UNCLAIMED_TYPE,
      status: "succeeded",
      result: JSON.stringify({ ok: true }),
      progress: 100,
      created_at: finishedAt - 1_000,
      finished_at: finishedAt,
    });
    const res = await api.request("POST", `/api/v1/jobs/${id}/cancel`, { token: alice.tokens.access_token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, status: "succeeded", result: { ok: true }, finished_at: finishedAt });
  });

  it("by another user → 404, and the job stays queued", async () => {
    const id = insertJob({ id: randomUUID(), user_id: alice.user.id, type: UNCLAIMED_TYPE, status: "queued", created_at: Date.now() });
    expectNotFound(await api.request("POST", `/api/v1/jobs/${id}/cancel`, { token: bob.tokens.access_token }));
    expect(jobRow(id)).toEqual({ status: "queued", cancel_requested: 0, finished_at: null });
  });

  it("unknown id → 404", async () => {
    expectNotFound(await api.request("POST", `/api/v1/jobs/${randomUUID()}/cancel`, { token: alice.tokens.access_token }));
  });
});
