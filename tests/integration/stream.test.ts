import Database from "better-sqlite3";
import { afterAll, afterEach, describe, expect, inject, it } from "vitest";
import { readSse } from "../support/sse-reader";
import { apiClient } from "../support/api-client";

/** GET /api/v1/stream on the shared server: headers, the retry hint, filters and refusals. */

const baseUrl = inject("baseUrl");
const api = apiClient(baseUrl);
const db = new Database(inject("databasePath"));
db.pragma("busy_timeout = 5000");
afterAll(() => db.close());

/** What a domain transaction does when it publishes an event (lib/events/publish.ts). */
function insertEvent(userId: string, topic: string, payload: Record<string, unknown>): number {
  const row = db
    .prepare("INSERT INTO events (user_id, topic, payload, created_at) VALUES (?, ?, ?, ?) RETURNING id")
    .get(userId, topic, JSON.stringify(payload), Date.now()) as { id: number };
  return row.id;
}

type Stream = {
  response: Response;
  /** Reads until `until` holds for all text received so far; throws with the text at the deadline. */
  readUntil(until: (text: string) => boolean, timeoutMs?: number): Promise<string>;
  close(): void;
};
const open: AbortController[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.abort();
});

async function openStream(query = "", headers: Record<string, string> = {}): Promise<Stream> {
  const abort = new AbortController();
  open.push(abort);
  const response = await fetch(`${baseUrl}/api/v1/stream${query}`, { headers, signal: abort.signal });
  const sse = readSse(response);
  return {
    response,
    readUntil: sse.readUntil,
    close: () => abort.abort(),
  };
}

describe("GET /api/v1/stream", () => {
  it("answers with event-stream headers and starts with the retry hint", async () => {
    const { tokens } = await api.newUser("stream");
    const stream = await openStream("", { authorization: `Bearer ${tokens.access_token}`, "accept-encoding": "gzip, deflate, br" });
    const { headers, status } = stream.response;
    expect(status).toBe(200);
    expect(headers.get("content-type")).toMatch(/^text\/event-stream\b/);
    const cacheControl = headers.get("cache-control") ?? "";
    expect(cacheControl).toContain("no-cache");
    expect(cacheControl).toContain("no-transform");
    expect(headers.get("content-encoding") ?? "").not.toMatch(/gzip|br|deflate/);
    expect(headers.get("x-request-id")).toMatch(/^\S+$/);
    // The first bytes come before any event exists: nothing is held back in a buffer.
    const text = await stream.readUntil((t) => t.length > 0);
    expect(text).toMatch(/^retry: 3000\n/);
  });

  it("delivers the user's events with id, event and data lines", async () => {
    const { user, tokens } = await api.newUser("stream");
    const stream = await openStream("", { authorization: `Bearer ${tokens.access_token}` });
    await stream.readUntil((t) => t.startsWith("retry: 3000\n\n"));
    const payload = { order_id: "o-1", symbol: "BTC/USDT", status: "open" };
    const id = insertEvent(user.id, "order.updated", payload);
    const text = await stream.readUntil((t) => t.includes("o-1"));
    expect(text).toContain(`id: ${id}\nevent: order.updated\ndata: ${JSON.stringify(payload)}\n\n`);
  });

  it("?topics=order.updated leaves other topics out", async () => {
    const { user, tokens } = await api.newUser("stream");
    const stream = await openStream("?topics=order.updated", { authorization: `Bearer ${tokens.access_token}` });
    await stream.readUntil((t) => t.startsWith("retry: 3000\n\n"));
    // Ids increase, and the stream delivers in id order: once the later event is there, the
    // earlier one had its chance.
    insertEvent(user.id, "bot.state", { marker: "filtered-out", state: "running" });
    insertEvent(user.id, "fill.created", { marker: "filtered-out-too", symbol: "BTC/USDT" });
    const wanted = insertEvent(user.id, "order.updated", { marker: "wanted", symbol: "BTC/USDT" });
    const text = await stream.readUntil((t) => t.includes("wanted"));
    expect(text).toContain(`id: ${wanted}\nevent: order.updated\n`);
    expect(text).not.toContain("filtered-out");
    expect(text).not.toContain("bot.state");
    expect(text).not.toContain("fill.created");
  });

  it("?symbols= leaves other symbols out but keeps symbol-less events", async () => {
    const { user, tokens } = await api.newUser("stream");
    const stream = await openStream("?symbols=ETH-USDT", { authorization: `Bearer ${tokens.access_token}` });
    await stream.readUntil((t) => t.startsWith("retry: 3000\n\n"));
    insertEvent(user.id, "order.updated", { marker: "other-symbol", symbol: "BTC/USDT" });
    insertEvent(user.id, "order.updated", { marker: "same-symbol", symbol: "ETH/USDT" });
    insertEvent(user.id, "bot.state", { marker: "no-symbol" });
    const text = await stream.readUntil((t) => t.includes("no-symbol"));
    expect(text).toContain("same-symbol");
    expect(text).not.toContain("other-symbol");
  });

  it("?topics=bogus → 422 naming the parameter", async () => {
    const { tokens } = await api.newUser("stream");
    const res = await api.request("GET", "/api/v1/stream?topics=bogus", { token: tokens.access_token });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      error: expect.objectContaining({ code: "validation_failed", request_id: res.headers.get("x-request-id"), fields: expect.any(Object) }),
    });
    expect(Object.keys((res.body as { error: { fields: object } }).error.fields)[0]).toMatch(/^topics(\.\d+)?$/);
  });

  it("?topics=session.revoked (internal) → 422", async () => {
    const { tokens } = await api.newUser("stream");
    const res = await api.request("GET", "/api/v1/stream?topics=session.revoked", { token: tokens.access_token });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { code: "validation_failed" } });
  });

  it("?foo=1 → 422 naming the unknown parameter", async () => {
    const { tokens } = await api.newUser("stream");
    const res = await api.request("GET", "/api/v1/stream?foo=1", { token: tokens.access_token });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      error: expect.objectContaining({ code: "validation_failed", request_id: res.headers.get("x-request-id"), fields: { foo: expect.any(Array) } }),
    });
  });

  it("unauthenticated → 401 JSON envelope, not a stream", async () => {
    const res = await api.request("GET", "/api/v1/stream");
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.body).toEqual({
      error: { code: "unauthenticated", message: expect.any(String), request_id: res.headers.get("x-request-id") },
    });
    const bad = await api.request("GET", "/api/v1/stream", { token: "not-a-token" });
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ error: { code: "unauthenticated" } });
  });
});
