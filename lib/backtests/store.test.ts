import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase } from "@/lib/db/open";
import { events, jobs, users } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import type { BacktestRequestView } from "./operations";
import { cancelOrDelete, failOrphanedRuns, getRun, queueRun, reportProgress, startRun, TooManyRunningBacktests } from "./store";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autocbot-backtest-store-"));
const db = openDatabase(path.join(dir, "store.db"));
migrateDatabase(db);
afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const request: BacktestRequestView = {
  start: 0,
  end: 3_600_000,
  timeframe: "1h",
  symbols: ["BTC/USDT"],
  source: "market",
  starting_balance: 10_000,
  fee_rate: 0.001,
  slippage_bps: 5,
  detail: null,
  apply_account_caps: true,
  account_caps: { max_position_size_pct: 10, max_open_positions: 3 },
};

function user(): string {
  const id = newId();
  db.insert(users).values({ id, email: `${id}@example.test`, passwordHash: "x", createdAt: 0 }).run();
  return id;
}

const queue = (userId: string) => queueRun(db, { userId, strategyId: "s1", snapshot: { name: "S" }, request, source: "simulated:v1:1", simulated: true });
const progressEvents = (userId: string) => db.select().from(events).all().filter((e) => e.userId === userId && e.topic === "backtest.progress").map((e) => JSON.parse(e.payload));

describe("backtest run store", () => {
  it("queues a run with its job and an event, and refuses a third active run of one user only", () => {
    const alice = user();
    const first = queue(alice);
    queue(alice);
    expect(() => queue(alice)).toThrow(TooManyRunningBacktests);
    expect(queue(user()).status).toBe("queued");
    const job = db.select().from(jobs).all().find((j) => j.id === first.jobId);
    expect(job).toMatchObject({ type: "backtest.run", status: "queued", userId: alice, payload: { backtest_id: first.id } });
    expect(progressEvents(alice).filter((e) => e.backtest_id === first.id)).toEqual([{ backtest_id: first.id, status: "queued", progress: 0, phase: "queued" }]);
  });

  it("cancels an active run (kept, its job told to stop) and deletes a finished one; another user's id is not found", () => {
    const bob = user();
    const run = queue(bob);
    expect(() => cancelOrDelete(db, user(), run.id)).toThrow(/No backtest/);
    const outcome = cancelOrDelete(db, bob, run.id);
    expect("canceled" in outcome && outcome.canceled.status).toBe("canceled");
    expect(db.select().from(jobs).all().find((j) => j.id === run.jobId)).toMatchObject({ status: "cancelled", cancelRequested: true });
    // The job's side sees the cancel: it cannot start, and progress is refused.
    expect(startRun(db, run.id)).toBeNull();
    expect(reportProgress(db, run.id, 50, "running")).toBe(false);
    expect(cancelOrDelete(db, bob, run.id)).toEqual({ deleted: true });
    expect(getRun(db, bob, run.id)).toBeNull();
  });

  it("fails runs whose job ended without them, and leaves runs with a live job alone", () => {
    const carol = user();
    const orphan = queue(carol);
    const healthy = queue(carol);
    expect(startRun(db, orphan.id)?.status).toBe("running");
    db.$client.prepare("UPDATE jobs SET status = 'failed', error = 'interrupted' WHERE id = ?").run(orphan.jobId);
    expect(failOrphanedRuns(db)).toBe(1);
    expect(getRun(db, carol, orphan.id)).toMatchObject({ status: "failed", error: expect.stringMatching(/stopped while this backtest was running/) });
    expect(getRun(db, carol, healthy.id)?.status).toBe("queued");
    expect(failOrphanedRuns(db)).toBe(0);
  });
});
