import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase } from "@/lib/db/open";
import { idempotencyKeys, jobs, users } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { withIdempotency } from "./idempotency";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autocbot-idempotency-"));
const db = openDatabase(path.join(dir, "idem.db"));
migrateDatabase(db);
afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const userId = newId();
db.insert(users).values({ id: userId, email: "idem@example.test", passwordHash: "x", createdAt: 0 }).run();
const headers = (key: string) => new Headers({ "Idempotency-Key": key });
const scope = (key: string, body: unknown) => ({ userId, route: "POST /things", headers: headers(key), body, transactional: true });
const claimFirst = (key: string, body: unknown) => ({ userId, route: "POST /work", headers: headers(key), body });

/** A handler that creates a row (a job) and records its answer in the same transaction. */
const create = (fail?: "before-commit") => async (record: Parameters<Parameters<typeof withIdempotency>[2]>[0]) => {
  const id = newId();
  db.transaction((tx) => {
    tx.insert(jobs).values({ id, userId, type: "thing", status: "queued", createdAt: 0 }).run();
    record(tx, { status: 201, body: { id }, headers: { location: `/things/${id}` } });
    if (fail) throw new Error("crash before commit");
  });
  return Response.json({ id }, { status: 201, headers: { location: `/things/${id}` } });
};
const things = () => db.select().from(jobs).all().filter((j) => j.type === "thing").length;

describe("withIdempotency", () => {
  it("replays the first answer for the same key and body, refuses another body, and creates one thing", async () => {
    const first = await withIdempotency(db, scope("k1", { a: 1 }), create());
    const again = await withIdempotency(db, scope("k1", { a: 1 }), create());
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("location")).toBe(first.headers.get("location"));
    expect(await again.json()).toEqual(await first.json());
    await expect(withIdempotency(db, scope("k1", { a: 2 }), create())).rejects.toMatchObject({ status: 409, code: "idempotency_key_reused" });
    expect(things()).toBe(1);
  });

  it("stores nothing when the creating transaction rolls back, so a retry creates the thing once", async () => {
    await expect(withIdempotency(db, scope("k2", {}), create("before-commit"))).rejects.toThrow("crash before commit");
    expect(db.select().from(idempotencyKeys).all().filter((k) => k.key === "k2")).toEqual([]);
    const before = things();
    await withIdempotency(db, scope("k2", {}), create());
    await withIdempotency(db, scope("k2", {}), create());
    expect(things()).toBe(before + 1);
  });

  it("leaves no claim behind a crash: a retry right after a restart creates the thing once", async () => {
    // A transactional request that dies before its commit leaves nothing, not even a claimed key.
    await expect(withIdempotency(db, scope("k3", {}), create("before-commit"))).rejects.toThrow();
    const before = things();
    expect((await withIdempotency(db, scope("k3", {}), create())).status).toBe(201);
    expect((await withIdempotency(db, scope("k3", {}), create())).headers.get("idempotent-replayed")).toBe("true");
    expect(things()).toBe(before + 1);
  });

  it("rolls back the second of two concurrent requests with one key and replays the first's answer", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // The first request is past its check and waits before creating; the second creates meanwhile.
    const slow = withIdempotency(db, scope("k4", {}), async (record) => {
      await gate;
      return create()(record);
    });
    const fast = await withIdempotency(db, scope("k4", {}), create());
    const before = things();
    release();
    const late = await slow;
    expect(late.headers.get("idempotent-replayed")).toBe("true");
    expect(await late.json()).toEqual(await fast.json());
    expect(things()).toBe(before);
  });

  it("claims the key first for work that spans transactions: 409 in progress meanwhile, taken over a minute after a crash", async () => {
    const now = Date.now();
    let runs = 0;
    const work = async () => Response.json({ run: ++runs }, { status: 200 });
    const requestHash = createHash("sha256").update(JSON.stringify({})).digest("hex");
    db.insert(idempotencyKeys).values({ userId, route: "POST /work", key: "w1", requestHash, createdAt: now, expiresAt: now + 86_400_000 }).run();
    await expect(withIdempotency(db, claimFirst("w1", {}), work, now + 1_000)).rejects.toMatchObject({ status: 409, code: "idempotency_in_progress" });
    const taken = await withIdempotency(db, claimFirst("w1", {}), work, now + 61_000);
    expect(await taken.json()).toEqual({ run: 1 });
    const replay = await withIdempotency(db, claimFirst("w1", {}), work, now + 62_000);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await replay.json()).toEqual({ run: 1 });
    expect(runs).toBe(1);
  });

  it("refuses an empty or over-long key with a field error", async () => {
    await expect(withIdempotency(db, scope("", {}), create())).rejects.toMatchObject({ status: 422, fields: { "Idempotency-Key": expect.any(Array) } });
    await expect(withIdempotency(db, scope("k".repeat(256), {}), create())).rejects.toMatchObject({ status: 422 });
  });
});
