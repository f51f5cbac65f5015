import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { migrateDatabase, openDatabase, type Db } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { enqueueJob, getJob, requestJobCancel } from "./queue";
import { registerJobHandler, startJobRunner, type JobHandler, type JobRunner } from "./runner";

const cleanups: (() => Promise<void> | void)[] = [];

function tempDatabase() {
  const file = path.join(os.tmpdir(), `autocbot-runner-${process.pid}-${newId()}.db`);
  const db = openDatabase(file);
  migrateDatabase(db);
  cleanups.push(() => {
    db.$client.close();
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  });
  const userId = newId();
  db.insert(users).values({ id: userId, email: `${userId}@example.test`, passwordHash: "x", createdAt: 0 }).run();
  return { db, userId };
}

function run(db: Db, handlers: Record<string, JobHandler> | undefined, owner = "test-runner"): JobRunner {
  const runner = startJobRunner({ db, owner, handlers, pollMs: 10, leaseMs: 300 });
  cleanups.unshift(() => runner.stop());
  return runner;
}

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe("job runner", () => {
  it("keeps a pool to its own types: `only` claims just those, `except` everything else, each at its own concurrency", async () => {
    const { db, userId } = tempDatabase();
    const running = { slow: 0, fast: 0 };
    const peak = { slow: 0, fast: 0 };
    const handler = (kind: "slow" | "fast"): JobHandler => async () => {
      running[kind]++;
      peak[kind] = Math.max(peak[kind], running[kind]);
      await new Promise((r) => setTimeout(r, 40));
      running[kind]--;
      return { kind };
    };
    const handlers = { slow: handler("slow"), fast: handler("fast") };
    const pools = [
      startJobRunner({ db, owner: "pool-slow", handlers, pollMs: 10, leaseMs: 300, only: ["slow"], concurrency: 1 }),
      startJobRunner({ db, owner: "pool-rest", handlers, pollMs: 10, leaseMs: 300, except: ["slow"], concurrency: 3 }),
    ];
    cleanups.unshift(async () => void (await Promise.all(pools.map((p) => p.stop()))));
    const slow = await Promise.all([1, 2, 3].map(() => enqueueJob(db, { type: "slow", userId, payload: null })));
    const fast = await Promise.all([1, 2, 3].map(() => enqueueJob(db, { type: "fast", userId, payload: null })));

    await vi.waitFor(async () => {
      for (const job of [...slow, ...fast]) expect((await getJob(db, userId, job.id))?.status).toBe("succeeded");
    });
    for (const job of slow) expect((await getJob(db, userId, job.id))?.leaseOwner).toBe("pool-slow");
    for (const job of fast) expect((await getJob(db, userId, job.id))?.leaseOwner).toBe("pool-rest");
    expect(peak.slow).toBe(1);
    expect(peak.fast).toBeGreaterThan(1);
  });

  it("runs a handler, records its progress and stores its result", async () => {
    const { db, userId } = tempDatabase();
    const seenProgress: number[] = [];
    run(db, {
      sum: async (ctx) => {
        const { numbers } = ctx.job.payload as { numbers: number[] };
        await ctx.progress(50);
        seenProgress.push((await getJob(db, userId, ctx.job.id))!.progress);
        await ctx.yieldToEventLoop();
        return { total: numbers.reduce((a, b) => a + b, 0) };
      },
    });
    const job = await enqueueJob(db, { type: "sum", userId, payload: { numbers: [1, 2, 3] } });

    await vi.waitFor(async () => expect((await getJob(db, userId, job.id))?.status).toBe("succeeded"));
    expect(seenProgress).toEqual([50]);
    expect(await getJob(db, userId, job.id)).toMatchObject({ result: { total: 6 }, progress: 100, error: null });
  });

  it("fails a job whose handler throws, with the handler's message", async () => {
    const { db, userId } = tempDatabase();
    run(db, {
      boom: async () => {
        throw new Error("exchange unreachable");
      },
    });
    const job = await enqueueJob(db, { type: "boom", userId, payload: null });

    await vi.waitFor(async () => expect((await getJob(db, userId, job.id))?.status).toBe("failed"));
    expect((await getJob(db, userId, job.id))?.error).toBe("exchange unreachable");
  });

  it("lets a handler observe cancellation and marks the job cancelled", async () => {
    const { db, userId } = tempDatabase();
    let started = false;
    run(db, {
      long: async (ctx) => {
        started = true;
        while (!(await ctx.isCancelled())) await new Promise((r) => setTimeout(r, 5));
        return "stopped early";
      },
    });
    const job = await enqueueJob(db, { type: "long", userId, payload: null });
    await vi.waitFor(() => expect(started).toBe(true));

    await requestJobCancel(db, userId, job.id);
    await vi.waitFor(async () => expect((await getJob(db, userId, job.id))?.status).toBe("cancelled"));
  });

  it("keeps renewing the lease of a job that outlives it", async () => {
    const { db, userId } = tempDatabase();
    let release!: () => void;
    run(db, { slow: () => new Promise((resolve) => (release = () => resolve("done"))) });
    const job = await enqueueJob(db, { type: "slow", userId, payload: null });
    await vi.waitFor(() => expect(release).toBeDefined());

    await new Promise((r) => setTimeout(r, 700));
    const running = await getJob(db, userId, job.id);
    expect(running?.status).toBe("running");
    expect(running!.leaseUntil!).toBeGreaterThan(Date.now());
    release();
    await vi.waitFor(async () => expect((await getJob(db, userId, job.id))?.status).toBe("succeeded"));
  });

  it("waits for the in-flight job when stopped", async () => {
    const { db, userId } = tempDatabase();
    let started = false;
    const runner = startJobRunner({
      db,
      owner: "stopper",
      pollMs: 10,
      leaseMs: 60_000,
      handlers: {
        slow: async () => {
          started = true;
          await new Promise((r) => setTimeout(r, 200));
          return "finished";
        },
      },
    });
    const job = await enqueueJob(db, { type: "slow", userId, payload: null });
    const later = await enqueueJob(db, { type: "slow", userId, payload: null }, Date.now() + 1);
    await vi.waitFor(() => expect(started).toBe(true));

    await runner.stop();
    expect(await getJob(db, userId, job.id)).toMatchObject({ status: "succeeded", result: "finished" });
    expect((await getJob(db, userId, later.id))?.status).toBe("queued");
  });

  it("uses the shared registry when no handlers are given", async () => {
    const { db, userId } = tempDatabase();
    registerJobHandler("registered.echo", async (ctx) => ctx.job.payload);
    run(db, undefined);
    const job = await enqueueJob(db, { type: "registered.echo", userId, payload: { hello: "world" } });

    await vi.waitFor(async () => expect((await getJob(db, userId, job.id))?.result).toEqual({ hello: "world" }));
  });
});
