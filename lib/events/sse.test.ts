import fs from "node:fs";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { closeDb, getDb } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { newId } from "@/lib/ids";
import { broadcastPriceTick, publishEvent } from "./publish";
import { createEventStream, type EventStreamOptions } from "./sse";
import { subscriberCount } from "./tail";

// The per-process database of tests/support/setup-env.ts would otherwise pile up in the temp dir.
afterAll(() => {
  closeDb();
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(env().DATABASE_PATH + suffix, { force: true });
});

function insertUser() {
  const id = newId();
  getDb().insert(users).values({ id, email: `${id}@example.test`, passwordHash: "x", createdAt: 0 }).run();
  return id;
}

const aborts: AbortController[] = [];
afterEach(() => {
  for (const controller of aborts.splice(0)) controller.abort();
});

function open(userId: string, options: Partial<EventStreamOptions> = {}) {
  const abort = new AbortController();
  aborts.push(abort);
  const response = createEventStream({
    userId,
    lastEventId: null,
    topics: null,
    symbols: null,
    signal: abort.signal,
    isSessionValid: async () => true,
    ...options,
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let done = false;
  // A read that lost the race against the timeout still owns the next chunk, so it is kept, not re-issued.
  let pendingRead: ReturnType<typeof reader.read> | null = null;

  /** Reads until `until` holds for everything received so far, or the stream ends. */
  async function readUntil(until: (text: string) => boolean, timeoutMs = 2000) {
    const deadline = Date.now() + timeoutMs;
    while (!done && !until(text)) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`timed out; received so far:\n${text}`);
      pendingRead ??= reader.read();
      const chunk = await Promise.race([
        pendingRead,
        new Promise<"timeout">((r) => setTimeout(() => r("timeout"), remaining)),
      ]);
      if (chunk === "timeout") continue;
      pendingRead = null;
      if (chunk.done) done = true;
      else text += decoder.decode(chunk.value, { stream: true });
    }
    return text;
  }

  return { response, abort, readUntil, isDone: () => done };
}

describe("event stream", () => {
  it("sends the SSE headers and starts with the retry hint", async () => {
    const userId = insertUser();
    const stream = open(userId);
    expect(stream.response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(stream.response.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(stream.response.headers.get("x-accel-buffering")).toBe("no");
    expect(stream.response.headers.get("connection")).toBe("keep-alive");
    expect(stream.response.headers.get("content-encoding")).toBe("none");
    expect(await stream.readUntil((t) => t.length > 0)).toMatch(/^retry: 3000\n/);
  });

  it("replays after Last-Event-ID only the user's later events, then streams live ones", async () => {
    const db = getDb();
    const userId = insertUser();
    const stranger = insertUser();
    const seen = publishEvent(db, { userId, topic: "order.updated", payload: { order_id: "seen" } });
    publishEvent(db, { userId: stranger, topic: "order.updated", payload: { order_id: "not-mine" } });
    const missed = publishEvent(db, { userId, topic: "fill.created", payload: { fill_id: "missed" } });

    const stream = open(userId, { lastEventId: String(seen) });
    const replayed = await stream.readUntil((t) => t.includes("missed"));
    expect(replayed).toContain(`id: ${missed}\nevent: fill.created\ndata: {"fill_id":"missed"}\n\n`);
    expect(replayed).not.toContain("not-mine");
    expect(replayed).not.toContain(`id: ${seen}\n`);

    const live = publishEvent(db, { userId, topic: "bot.state", payload: { state: "running" } });
    const text = await stream.readUntil((t) => t.includes("running"));
    expect(text).toContain(`id: ${live}\nevent: bot.state\ndata: {"state":"running"}\n\n`);
    expect(text.split(`id: ${missed}\n`)).toHaveLength(2);
  });

  it("filters by topic and by symbol, letting symbol-less events through", async () => {
    const db = getDb();
    const userId = insertUser();
    const stream = open(userId, { topics: ["order.updated", "bot.state", "price.tick"], symbols: ["ETH/USDT"] });
    await stream.readUntil((t) => t.startsWith("retry"));

    publishEvent(db, { userId, topic: "fill.created", payload: { symbol: "ETH/USDT", n: "wrong-topic" } });
    publishEvent(db, { userId, topic: "order.updated", payload: { symbol: "BTC/USDT", n: "wrong-symbol" } });
    publishEvent(db, { userId, topic: "order.updated", payload: { symbol: "ETH/USDT", n: "match" } });
    publishEvent(db, { userId, topic: "bot.state", payload: { n: "no-symbol" } });
    const text = await stream.readUntil((t) => t.includes("no-symbol"));
    broadcastPriceTick({ symbol: "ETH/USDT", price: 2000 });
    broadcastPriceTick({ symbol: "BTC/USDT", price: 60000 });
    const withTicks = await stream.readUntil((t) => t.includes("2000"));

    expect(text).toContain("match");
    expect(text).not.toContain("wrong-topic");
    expect(text).not.toContain("wrong-symbol");
    expect(withTicks).toContain('event: price.tick\ndata: {"symbol":"ETH/USDT","price":2000}\n\n');
    expect(withTicks).not.toMatch(/id: [^\n]*\nevent: price\.tick/);
    expect(withTicks).not.toContain("60000");
  });

  it("pings and ends the stream once the session is no longer valid", async () => {
    const userId = insertUser();
    let valid = true;
    const stream = open(userId, { pingMs: 30, isSessionValid: async () => valid });
    expect(await stream.readUntil((t) => t.includes(": ping\n\n"))).toMatch(/^retry: 3000\n\n(: ping\n\n)+$/);

    valid = false;
    await stream.readUntil(() => false);
    expect(stream.isDone()).toBe(true);
    expect(subscriberCount()).toBe(0);
  });

  it("ends the stream when this session is revoked, and never forwards the revocation", async () => {
    const db = getDb();
    const userId = insertUser();
    const other = open(userId, { sessionId: "session-b" });
    const stream = open(userId, { sessionId: "session-a" });
    await stream.readUntil((t) => t.startsWith("retry"));

    publishEvent(db, { userId, topic: "session.revoked", payload: { session_id: "session-a" } });
    const text = await stream.readUntil(() => false);
    expect(stream.isDone()).toBe(true);
    expect(text).not.toContain("session.revoked");

    publishEvent(db, { userId, topic: "bot.state", payload: { still: "open" } });
    const otherText = await other.readUntil((t) => t.includes("still"));
    expect(otherText).not.toContain("session.revoked");
    expect(other.isDone()).toBe(false);
  });

  it("unsubscribes and stops its timers when the request is aborted", async () => {
    const userId = insertUser();
    const isSessionValid = vi.fn(async () => true);
    const stream = open(userId, { pingMs: 20, isSessionValid });
    await stream.readUntil((t) => t.startsWith("retry"));
    expect(subscriberCount()).toBe(1);

    stream.abort.abort();
    expect(subscriberCount()).toBe(0);
    await stream.readUntil(() => false);
    expect(stream.isDone()).toBe(true);
    const calls = isSessionValid.mock.calls.length;
    await new Promise((r) => setTimeout(r, 80));
    expect(isSessionValid.mock.calls.length).toBe(calls);
  });

  it("cleans up when the consumer cancels the body", async () => {
    const userId = insertUser();
    const abort = new AbortController();
    const response = createEventStream({
      userId,
      lastEventId: null,
      topics: null,
      symbols: null,
      signal: abort.signal,
      isSessionValid: async () => true,
    });
    expect(subscriberCount()).toBe(1);
    await response.body!.cancel();
    expect(subscriberCount()).toBe(0);
  });
});
