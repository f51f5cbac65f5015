import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { apiClient } from "../support/api-client";
import { readSse } from "../support/sse-reader";
import { startTestServer, type TestServer } from "../support/test-server";

/**
 * Two server processes (A and B) on one SQLite file, the way a scaled-out deployment runs: each job
 * runs in exactly one of them, and events written by either reach streams held by the other.
 */

let a: TestServer;
let b: TestServer;
let db: Database.Database;

beforeAll(async () => {
  a = await startTestServer({ env: { RATE_LIMIT_SCALE: "1000" } });
  // B opens the file A created and migrated.
  b = await startTestServer({ env: { RATE_LIMIT_SCALE: "1000" }, databasePath: a.databasePath });
  db = new Database(a.databasePath);
  db.pragma("busy_timeout = 5000");
});

afterAll(async () => {
  db?.close();
  await Promise.all([a?.stop(), b?.stop()]);
  if (a) fs.rmSync(path.dirname(a.databasePath), { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// SSE over fetch

type Stream = {
  response: Response;
  text(): string;
  /** Reads until `until` holds for all text received so far; fails at the deadline or if the stream ends first. */
  readUntil(until: (text: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Reads until the server ends the stream; fails at the deadline. */
  readToEnd(timeoutMs: number): Promise<string>;
};
const openStreams: AbortController[] = [];
afterEach(() => {
  for (const c of openStreams.splice(0)) c.abort();
});

async function openStream(server: TestServer, token: string, headers: Record<string, string> = {}): Promise<Stream> {
  const abort = new AbortController();
  openStreams.push(abort);
  const response = await fetch(`${server.url}/api/v1/stream`, {
    headers: { authorization: `Bearer ${token}`, ...headers },
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
  return { response, ...readSse(response, `stream on ${server.url}`) };
}

const ready = (s: Stream) => s.readUntil((t) => t.startsWith("retry: 3000\n\n"));

/** What a domain transaction in either process does when it publishes an event (lib/events/publish.ts). */
function insertEvent(userId: string, topic: string, payload: Record<string, unknown>): number {
  const row = db
    .prepare("INSERT INTO events (user_id, topic, payload, created_at) VALUES (?, ?, ?, ?) RETURNING id")
    .get(userId, topic, JSON.stringify(payload), Date.now()) as { id: number };
  return row.id;
}

const sseEvent = (id: number, topic: string, payload: Record<string, unknown>) =>
  `id: ${id}\nevent: ${topic}\ndata: ${JSON.stringify(payload)}\n\n`;

// ---------------------------------------------------------------------------------------------

describe("jobs", () => {
  it("each of 20 queued jobs is claimed and run by exactly one of the two processes", async ({ annotate }) => {
    const now = Date.now();
    const ids: string[] = Array.from({ length: 20 }, () => randomUUID());
    const insert = db.prepare(
      `INSERT INTO jobs (id, user_id, type, status, payload, progress, cancel_requested, created_at)
       VALUES (?, NULL, 'maintenance.purge', 'queued', NULL, 0, 0, ?)`,
    );
    db.transaction(() => ids.forEach((id, i) => insert.run(id, now + i)))();

    const placeholders = ids.map(() => "?").join(",");
    const rows = () =>
      db.prepare(`SELECT id, status, result, lease_owner, error FROM jobs WHERE id IN (${placeholders})`).all(...ids) as {
        id: string;
        status: string;
        result: string | null;
        lease_owner: string | null;
        error: string | null;
      }[];
    const deadline = Date.now() + 30_000;
    while (rows().some((r) => r.status === "queued" || r.status === "running")) {
      if (Date.now() > deadline) throw new Error(`jobs did not finish: ${JSON.stringify(rows())}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const finished = rows();
    expect(finished.filter((r) => r.status !== "succeeded")).toEqual([]);
    expect(finished).toHaveLength(20);

    type Claim = { server: "A" | "B"; owner: string; jobId: string };
    const claims: Claim[] = [];
    for (const [server, logs] of [["A", a.logs], ["B", b.logs]] as const) {
      for (const line of logs) {
        let entry: { msg?: string; jobId?: string; owner?: string };
        try {
          entry = JSON.parse(line);
        } catch {
          continue;
        }
        if (entry.msg === "job claimed" && entry.jobId && ids.includes(entry.jobId)) {
          claims.push({ server, owner: String(entry.owner), jobId: entry.jobId });
        }
      }
    }
    for (const id of ids) {
      const claimsOfJob = claims.filter((c) => c.jobId === id);
      expect(claimsOfJob, `claims of job ${id}`).toHaveLength(1);
      const row = finished.find((r) => r.id === id)!;
      const result = JSON.parse(row.result ?? "null") as { ran_by?: string };
      expect(result.ran_by, `ran_by of job ${id}`).toBe(claimsOfJob[0].owner);
      expect(row.lease_owner).toBe(claimsOfJob[0].owner);
    }
    // The owners named in the logs are two distinct processes, one per server.
    const ownersOf = (server: "A" | "B") => new Set(claims.filter((c) => c.server === server).map((c) => c.owner));
    expect(ownersOf("A").size).toBeLessThanOrEqual(1);
    expect(ownersOf("B").size).toBeLessThanOrEqual(1);
    for (const owner of ownersOf("A")) expect(ownersOf("B").has(owner)).toBe(false);
    const split = { A: claims.filter((c) => c.server === "A").length, B: claims.filter((c) => c.server === "B").length };
    await annotate(`claims: A ran ${split.A}, B ran ${split.B}`);
  });
});

describe("events across processes", () => {
  const apiA = () => apiClient(a.url);
  const apiB = () => apiClient(b.url);
  let user1: Awaited<ReturnType<ReturnType<typeof apiClient>["newUser"]>>;
  let user2: Awaited<ReturnType<ReturnType<typeof apiClient>["newUser"]>>;
  /** Ids of the events the live test wrote, for the replay test. */
  const written: { first?: number; ofUser2?: number; second?: number } = {};

  beforeAll(async () => {
    user1 = await apiA().newUser("two-proc-1");
    user2 = await apiB().newUser("two-proc-2");
  });

  it("an event written by one process reaches the user's stream on the other, and only that user's", async () => {
    const stream1B = await openStream(b, user1.tokens.access_token);
    const stream2A = await openStream(a, user2.tokens.access_token);
    const stream2B = await openStream(b, user2.tokens.access_token);
    await Promise.all([ready(stream1B), ready(stream2A), ready(stream2B)]);

    const first = { order_id: `u1-${randomUUID()}`, symbol: "BTC/USDT", status: "open" };
    const ofUser2 = { order_id: `u2-${randomUUID()}`, symbol: "ETH/USDT", status: "open" };
    const second = { order_id: `u1-${randomUUID()}`, symbol: "BTC/USDT", status: "filled" };
    written.first = insertEvent(user1.user.id, "order.updated", first);
    written.ofUser2 = insertEvent(user2.user.id, "order.updated", ofUser2);
    written.second = insertEvent(user1.user.id, "order.updated", second);

    const text1 = await stream1B.readUntil((t) => t.includes(second.order_id));
    expect(text1).toContain(sseEvent(written.first, "order.updated", first));
    expect(text1).toContain(sseEvent(written.second, "order.updated", second));
    expect(text1.indexOf(first.order_id)).toBeLessThan(text1.indexOf(second.order_id));
    expect(text1).not.toContain(ofUser2.order_id);

    // Positive control: user 2's streams are live and get user 2's own event, written between
    // user 1's two; events arrive in id order, so user 1's first one had its chance to leak.
    for (const stream of [stream2A, stream2B]) {
      const text2 = await stream.readUntil((t) => t.includes(ofUser2.order_id));
      expect(text2).toContain(sseEvent(written.ofUser2, "order.updated", ofUser2));
      expect(text2).not.toContain(first.order_id);
    }
    // …and user 1's second event, written after, never reaches user 2 either: a later event of
    // user 2's own is the marker that the window has passed.
    const marker = { state: `u2-marker-${randomUUID()}` };
    insertEvent(user2.user.id, "bot.state", marker);
    for (const stream of [stream2A, stream2B]) {
      const text2 = await stream.readUntil((t) => t.includes(marker.state));
      expect(text2).not.toContain(second.order_id);
      expect(text2).not.toContain("u1-");
    }
  });

  it("a stream on B ends soon after its session logs out on A, other sessions' streams stay open", async () => {
    const session = await apiA().login(user1.email, user1.password);
    const doomed = await openStream(b, session.access_token);
    const survivor = await openStream(b, user1.tokens.access_token);
    await Promise.all([ready(doomed), ready(survivor)]);

    const logout = await apiA().request("POST", "/api/v1/auth/logout", { token: session.access_token });
    expect(logout.status).toBe(204);
    // The session.revoked event ends it; the 15 s ping re-check would be far later than this deadline.
    const text = await doomed.readToEnd(8_000);
    expect(text).not.toContain("session.revoked");
    // Price ticks are broadcast to every stream; nothing else reached the revoked one.
    expect(text.match(/^event: (?!price\.tick$).*$/gm)).toBeNull();

    const after = await apiB().request("GET", "/api/v1/auth/me", { token: session.access_token });
    expect(after.status).toBe(401);

    const still = { state: `still-open-${randomUUID()}` };
    const id = insertEvent(user1.user.id, "bot.state", still);
    const survivorText = await survivor.readUntil((t) => t.includes(still.state));
    expect(survivorText).toContain(sseEvent(id, "bot.state", still));
    expect(survivorText).not.toContain("session.revoked");
  });

  it("Last-Event-ID on A replays the user's later events, without session.revoked", async () => {
    expect(written.first, "the live-event test ran first").toBeDefined();
    const third = { order_id: `u1-${randomUUID()}`, symbol: "BTC/USDT", status: "cancelled" };
    const thirdId = insertEvent(user1.user.id, "order.updated", third);
    // The logout above left a session.revoked row of this user inside the replayed range.
    const revokedRows = db
      .prepare("SELECT id FROM events WHERE user_id = ? AND topic = 'session.revoked' AND id > ? AND id < ?")
      .all(user1.user.id, written.first, thirdId);
    expect(revokedRows.length).toBeGreaterThan(0);

    const replay = await openStream(a, user1.tokens.access_token, { "last-event-id": String(written.first) });
    const text = await replay.readUntil((t) => t.includes(third.order_id));
    expect(text).toMatch(/^retry: 3000\n\n/);
    expect(text).not.toContain(`id: ${written.first}\n`);
    expect(text).toContain(`id: ${written.second}\nevent: order.updated\n`);
    expect(text).toContain(`id: ${thirdId}\nevent: order.updated\n`);
    expect(text).not.toContain(`id: ${written.ofUser2}\n`);
    expect(text).not.toContain("u2-");
    expect(text).not.toContain("session.revoked");
    for (const { id } of revokedRows as { id: number }[]) expect(text).not.toContain(`id: ${id}\n`);
    // Replayed ids come in increasing order, each once.
    const sentIds = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(sentIds).toEqual([...sentIds].sort((x, y) => x - y));
    expect(new Set(sentIds).size).toBe(sentIds.length);
    expect(sentIds[0]).toBeGreaterThan(written.first!);
  });
});

describe("paper orders across processes", () => {
  it("50 concurrent buys of 10% of the balance over both processes: exactly as many fill as the balance covers", async () => {
    const { tokens, user } = await apiClient(a.url).newUser("paper-race");
    const token = tokens.access_token;
    // The account is opened once, before the race, by either process.
    expect((await apiClient(a.url).request("GET", "/api/v1/trading/balance", { token })).status).toBe(200);
    const buy = (server: TestServer, i: number) =>
      apiClient(server.url).request<any>("POST", "/api/v1/trading/orders", { token, body: { symbol: "BTC/USDT", side: "buy", type: "market", quote_amount: 1000 }, headers: { "Idempotency-Key": `race-${i}` } });
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => buy(i % 2 === 0 ? a : b, i)));
    const filled = answers.filter((r) => r.status === 201);
    const refused = answers.filter((r) => r.status !== 201);
    // Each buy spends at most 1,000 USDT fee included and close to it, so ten fit in 10,000 and an eleventh cannot.
    expect(filled).toHaveLength(10);
    for (const r of refused) {
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe("insufficient_balance");
    }
    const spent = filled.reduce((sum, r) => sum + r.body.average_price * r.body.filled + r.body.fee, 0);
    expect(spent).toBeLessThanOrEqual(10_000);

    // Exact integers: no balance below zero, and the ledger sums to the balances.
    const exact = new Database(a.databasePath, { readonly: true });
    exact.defaultSafeIntegers(true);
    try {
      const account = exact.prepare("SELECT id FROM paper_accounts WHERE user_id = ? AND archived_at IS NULL").get(user.id) as { id: string };
      const balances = exact.prepare("SELECT asset, free, locked FROM paper_balances WHERE account_id = ? ORDER BY asset").all(account.id) as { asset: string; free: bigint; locked: bigint }[];
      for (const r of balances) expect(r.free >= BigInt(0) && r.locked === BigInt(0)).toBe(true);
      for (const r of balances) {
        const sum = exact.prepare("SELECT SUM(delta) AS s FROM paper_ledger_entries WHERE account_id = ? AND asset = ? AND bucket = 'free'").get(account.id, r.asset) as { s: bigint };
        expect(sum.s).toBe(r.free);
      }
      expect((exact.prepare("SELECT COUNT(*) AS n FROM paper_orders WHERE account_id = ?").get(account.id) as { n: bigint }).n).toBe(BigInt(10));
    } finally {
      exact.close();
    }
  });
});

describe("fills across processes", () => {
  it("a fill reaches its owner's stream on the other process; another user on that process gets their own fill and not the first", async () => {
    const owner = await apiClient(a.url).newUser("fill-owner");
    const neighbour = await apiClient(b.url).newUser("fill-neighbour");
    // The owner listens on A, the neighbour on B; each places an order through the other process.
    const ownerOnA = await openStream(a, owner.tokens.access_token);
    const neighbourOnB = await openStream(b, neighbour.tokens.access_token);
    await Promise.all([ready(ownerOnA), ready(neighbourOnB)]);

    const buy = (server: TestServer, token: string) =>
      apiClient(server.url).request<any>("POST", "/api/v1/trading/orders", { token, body: { symbol: "ETH/USDT", side: "buy", type: "market", quote_amount: 100 } });
    const ownersOrder = await buy(b, owner.tokens.access_token);
    expect(ownersOrder.status, ownersOrder.text).toBe(201);
    const neighboursOrder = await buy(a, neighbour.tokens.access_token);
    expect(neighboursOrder.status, neighboursOrder.text).toBe(201);

    const ownerText = await ownerOnA.readUntil((t) => t.includes("event: fill.created") && t.includes(ownersOrder.body.id));
    expect(ownerText).toMatch(new RegExp(`event: fill\\.created\\ndata: \\{[^\\n]*"order_id":"${ownersOrder.body.id}"`));
    const neighbourText = await neighbourOnB.readUntil((t) => t.includes("event: fill.created") && t.includes(neighboursOrder.body.id));
    expect(neighbourText).toMatch(new RegExp(`event: fill\\.created\\ndata: \\{[^\\n]*"order_id":"${neighboursOrder.body.id}"`));
    // The neighbour's own fill came after the owner's: had the first leaked, it would be here.
    expect(neighbourText).not.toContain(ownersOrder.body.id);
    expect(ownerOnA.text()).not.toContain(neighboursOrder.body.id);
  });
});
