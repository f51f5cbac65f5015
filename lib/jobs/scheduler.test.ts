import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { migrateDatabase, openDatabase, type Db } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { defineTask, getTaskLease, releaseSchedulerLeases, startScheduler } from "./scheduler";

const cleanups: (() => Promise<void> | void)[] = [];

function tempDatabaseFile() {
  const file = path.join(os.tmpdir(), `autocbot-scheduler-${process.pid}-${newId()}.db`);
  cleanups.push(() => {
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  });
  return file;
}

function connect(file: string): Db {
  const db = openDatabase(file);
  migrateDatabase(db);
  cleanups.unshift(() => {
    db.$client.close();
  });
  return db;
}

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("scheduler", () => {
  it("runs a task once per due period across two processes", async () => {
    const file = tempDatabaseFile();
    const a = connect(file);
    const b = connect(file);
    const runs: { owner: string; at: number }[] = [];
    const name = `count-${newId()}`;
    const everyMs = 200;
    defineTask({
      name,
      everyMs,
      run: async ({ db }) => {
        runs.push({ owner: db === a ? "a" : "b", at: Date.now() });
        await sleep(20);
      },
    });

    const first = startScheduler({ db: a, owner: "a", tickMs: 15 });
    const second = startScheduler({ db: b, owner: "b", tickMs: 15 });
    cleanups.unshift(() => first.stop(), () => second.stop());
    await sleep(1050);
    await first.stop();
    await second.stop();

    // 1050 ms with a 200 ms period allows at most 6 runs (t≈0, 200, …, 1000), and ticks every 15 ms should hit most of them.
    expect(runs.length).toBeGreaterThanOrEqual(4);
    expect(runs.length).toBeLessThanOrEqual(6);
    for (let i = 1; i < runs.length; i++) expect(runs[i].at - runs[i - 1].at).toBeGreaterThanOrEqual(everyMs - 5);
    expect(await getTaskLease(a, name)).toMatchObject({ owner: null, lastError: null });
  });

  it("holds a task with a start delay until that long after the scheduler started", async () => {
    const db = connect(tempDatabaseFile());
    const runs: number[] = [];
    const name = `delayed-${newId()}`;
    defineTask({ name, everyMs: 10_000, startDelayMs: 300, run: () => void runs.push(Date.now()) });
    const startedAt = Date.now();
    const scheduler = startScheduler({ db, owner: "a", tickMs: 15 });
    cleanups.unshift(() => scheduler.stop());
    await sleep(200);
    expect(runs).toEqual([]);
    await sleep(400);
    await scheduler.stop();
    expect(runs).toHaveLength(1);
    expect(runs[0] - startedAt).toBeGreaterThanOrEqual(300);
  });

  it("records a failing task's error and still waits a full period before retrying", async () => {
    const db = connect(tempDatabaseFile());
    const name = `fail-${newId()}`;
    let attempts = 0;
    defineTask({
      name,
      everyMs: 60_000,
      run: () => {
        attempts++;
        throw new Error("provider down");
      },
    });

    const scheduler = startScheduler({ db, owner: "solo", tickMs: 10 });
    cleanups.unshift(() => scheduler.stop());
    await vi.waitFor(async () => expect((await getTaskLease(db, name))?.lastError).toBe("provider down"));
    await sleep(100);
    await scheduler.stop();

    expect(attempts).toBe(1);
  });

  it("releases leases held by an owner at shutdown", async () => {
    const db = connect(tempDatabaseFile());
    db.$client
      .prepare("INSERT INTO scheduler_leases (task, owner, lease_until) VALUES (?, ?, ?)")
      .run("held", "leaving", Date.now() + 60_000);

    await releaseSchedulerLeases(db, "leaving");
    expect(await getTaskLease(db, "held")).toMatchObject({ owner: null, leaseUntil: 0 });
  });
});
