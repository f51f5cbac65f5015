import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase, type Db } from "@/lib/db/client";
import { jobs, users } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import {
  claimNextJob,
  enqueueJob,
  failInterruptedJobs,
  getJob,
  getSystemJob,
  reportJobProgress,
  requestJobCancel,
} from "./queue";

const opened: { db: Db; file: string }[] = [];

function tempDatabase() {
  const file = path.join(os.tmpdir(), `autocbot-queue-${process.pid}-${newId()}.db`);
  const db = openDatabase(file);
  migrateDatabase(db);
  opened.push({ db, file });
  return { db, file };
}

function connect(file: string) {
  const db = openDatabase(file);
  opened.push({ db, file });
  return db;
}

function insertUser(db: Db) {
  const id = newId();
  db.insert(users).values({ id, email: `${id}@example.test`, passwordHash: "x", createdAt: Date.now() }).run();
  return id;
}

afterEach(() => {
  for (const { db, file } of opened.splice(0)) {
    db.$client.close();
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  }
});

describe("jobs queue", () => {
  it("hands each job to exactly one of two racing connections", async () => {
    const { db: a, file } = tempDatabase();
    const b = connect(file);
    const userId = insertUser(a);
    for (let i = 0; i < 20; i++) await enqueueJob(a, { type: "work", userId, payload: { i } }, 1000 + i);

    const claimed: string[] = [];
    const byOwner = { a: 0, b: 0 };
    for (let round = 0; round < 15; round++) {
      const [fromA, fromB] = await Promise.all([
        claimNextJob(a, { owner: "a", types: ["work"], leaseMs: 60_000 }),
        claimNextJob(b, { owner: "b", types: ["work"], leaseMs: 60_000 }),
      ]);
      if (fromA) {
        claimed.push(fromA.id);
        byOwner.a++;
      }
      if (fromB) {
        claimed.push(fromB.id);
        byOwner.b++;
      }
    }

    expect(claimed).toHaveLength(20);
    expect(new Set(claimed).size).toBe(20);
    expect(byOwner.a).toBeGreaterThan(0);
    expect(byOwner.b).toBeGreaterThan(0);
    const rows = a.select().from(jobs).all();
    expect(rows.every((r) => r.status === "running")).toBe(true);
    expect(await claimNextJob(b, { owner: "b", types: ["work"], leaseMs: 60_000 })).toBeNull();
  });

  it("claims in creation order and only the requested types", async () => {
    const { db } = tempDatabase();
    const first = await enqueueJob(db, { type: "x", userId: null, payload: null }, 1);
    await enqueueJob(db, { type: "y", userId: null, payload: null }, 0);
    const claimed = await claimNextJob(db, { owner: "o", types: ["x"], leaseMs: 1000 }, 5);
    expect(claimed?.id).toBe(first.id);
    expect(claimed).toMatchObject({ status: "running", leaseOwner: "o", leaseUntil: 1005, startedAt: 5 });
    expect(await claimNextJob(db, { owner: "o", types: [], leaseMs: 1000 })).toBeNull();
  });

  it("accepts progress only from the owner", async () => {
    const { db } = tempDatabase();
    const job = await enqueueJob(db, { type: "work", userId: null, payload: null });
    await claimNextJob(db, { owner: "me", types: ["work"], leaseMs: 60_000 });

    expect(await reportJobProgress(db, job.id, "someone-else", 50)).toBe(false);
    expect((await getSystemJob(db, job.id))?.progress).toBe(0);
    expect(await reportJobProgress(db, job.id, "me", 42.4)).toBe(true);
    expect((await getSystemJob(db, job.id))?.progress).toBe(42);
  });

  it("fails running jobs whose lease expired as interrupted", async () => {
    const { db } = tempDatabase();
    const stale = await enqueueJob(db, { type: "work", userId: null, payload: null }, 1);
    const live = await enqueueJob(db, { type: "work", userId: null, payload: null }, 2);
    await claimNextJob(db, { owner: "dead", types: ["work"], leaseMs: 100 }, 1000);
    await claimNextJob(db, { owner: "alive", types: ["work"], leaseMs: 10_000 }, 1000);

    expect(await failInterruptedJobs(db, 2000)).toBe(1);
    expect(await getSystemJob(db, stale.id)).toMatchObject({ status: "failed", error: "interrupted", finishedAt: 2000 });
    expect((await getSystemJob(db, live.id))?.status).toBe("running");
  });

  it("cancels a queued job outright and flags a running one", async () => {
    const { db } = tempDatabase();
    const userId = insertUser(db);
    const queued = await enqueueJob(db, { type: "later", userId, payload: null }, 2);
    const running = await enqueueJob(db, { type: "now", userId, payload: null }, 1);
    await claimNextJob(db, { owner: "o", types: ["now"], leaseMs: 60_000 });

    expect(await requestJobCancel(db, userId, queued.id)).toMatchObject({ status: "cancelled", cancelRequested: true });
    expect(await requestJobCancel(db, userId, running.id)).toMatchObject({ status: "running", cancelRequested: true });
    expect(await claimNextJob(db, { owner: "o", types: ["later"], leaseMs: 60_000 })).toBeNull();
  });

  it("scopes reads and cancels to the job's user", async () => {
    const { db } = tempDatabase();
    const owner = insertUser(db);
    const stranger = insertUser(db);
    const job = await enqueueJob(db, { type: "work", userId: owner, payload: { a: 1 } });
    const system = await enqueueJob(db, { type: "purge", userId: null, payload: null });

    expect((await getJob(db, owner, job.id))?.payload).toEqual({ a: 1 });
    expect(await getJob(db, stranger, job.id)).toBeNull();
    expect(await requestJobCancel(db, stranger, job.id)).toBeNull();
    expect((await getJob(db, owner, job.id))?.status).toBe("queued");
    expect(await getJob(db, owner, system.id)).toBeNull();
    expect(await getSystemJob(db, system.id)).not.toBeNull();
    expect(await getSystemJob(db, job.id)).toBeNull();
  });
});
