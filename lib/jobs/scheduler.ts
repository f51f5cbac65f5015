import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { schedulerLeases } from "@/lib/db/schema";
import { logger } from "@/lib/log";

export type ScheduledTask = {
  /** Also the lease row's key, so it must stay stable across releases. */
  name: string;
  everyMs: number;
  /** Not before this long after the scheduler started: lets a starting server answer its first requests first. */
  startDelayMs?: number;
  run: (ctx: { db: Db; now: number }) => Promise<void> | void;
};

/** Kept on globalThis: Next bundles lib/ into several module graphs that must share one registry. */
const TASKS = Symbol.for("autocbot.scheduledTasks");
type Holder = { [TASKS]?: Map<string, ScheduledTask> };

function taskRegistry(): Map<string, ScheduledTask> {
  const holder = globalThis as Holder;
  holder[TASKS] ??= new Map();
  return holder[TASKS];
}

export function defineTask(task: ScheduledTask): void {
  taskRegistry().set(task.name, task);
}

/**
 * One statement takes the lease only if nobody else holds a live one AND the task
 * is due, so two processes that both saw it due cannot both run it in one period.
 */
async function acquireTaskLease(db: Db, task: ScheduledTask, owner: string, leaseMs: number, now: number) {
  const row = db.$client
    .prepare(
      `INSERT INTO scheduler_leases (task, owner, lease_until) VALUES (?, ?, ?)
       ON CONFLICT(task) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
       WHERE (scheduler_leases.lease_until < ? OR scheduler_leases.owner = excluded.owner)
         AND (scheduler_leases.last_run_at IS NULL OR scheduler_leases.last_run_at + ? <= ?)
       RETURNING task`,
    )
    .get(task.name, owner, now + leaseMs, now, task.everyMs, now);
  return row !== undefined;
}

async function renewTaskLease(db: Db, name: string, owner: string, leaseMs: number): Promise<void> {
  db.update(schedulerLeases)
    .set({ leaseUntil: Date.now() + leaseMs })
    .where(and(eq(schedulerLeases.task, name), eq(schedulerLeases.owner, owner)))
    .run();
}

async function recordTaskRun(db: Db, name: string, owner: string, startedAt: number, error: string | null) {
  db.update(schedulerLeases)
    .set({ lastRunAt: startedAt, lastError: error, owner: null, leaseUntil: 0 })
    .where(and(eq(schedulerLeases.task, name), eq(schedulerLeases.owner, owner)))
    .run();
}

/** For shutdown: lets another process pick up the tasks without waiting for lease expiry. */
export async function releaseSchedulerLeases(db: Db, owner: string): Promise<void> {
  db.update(schedulerLeases)
    .set({ owner: null, leaseUntil: 0 })
    .where(eq(schedulerLeases.owner, owner))
    .run();
}

export type SchedulerOptions = {
  db: Db;
  /** Unique per process, e.g. `${hostname}:${pid}`. */
  owner: string;
  tickMs?: number;
  /** How long a crashed process keeps a task locked; renewed while the task runs. */
  leaseMs?: number;
};

export type Scheduler = { stop(): Promise<void> };

export function startScheduler(options: SchedulerOptions): Scheduler {
  const { db, owner, tickMs = 1000, leaseMs = 60_000 } = options;
  const log = logger().child({ component: "scheduler", owner });
  const running = new Map<string, Promise<void>>();
  const startedAt = Date.now();
  let stopped = false;

  async function runTask(task: ScheduledTask, now: number): Promise<void> {
    const renewTimer = setInterval(() => {
      renewTaskLease(db, task.name, owner, leaseMs).catch((err) =>
        log.error({ err, task: task.name }, "task lease renewal failed"),
      );
    }, Math.max(1, Math.floor(leaseMs / 3)));
    let error: string | null = null;
    try {
      await task.run({ db, now });
    } catch (err) {
      error = (err instanceof Error ? err.message : String(err)) || "task failed";
      log.error({ err, task: task.name }, "scheduled task failed");
    } finally {
      clearInterval(renewTimer);
    }
    await recordTaskRun(db, task.name, owner, now, error);
  }

  async function tick(): Promise<void> {
    const now = Date.now();
    for (const task of taskRegistry().values()) {
      if (stopped) return;
      if (running.has(task.name)) continue;
      if (task.startDelayMs !== undefined && now < startedAt + task.startDelayMs) continue;
      try {
        if (!(await acquireTaskLease(db, task, owner, leaseMs, now))) continue;
      } catch (err) {
        log.error({ err, task: task.name }, "task lease acquisition failed");
        continue;
      }
      const run = runTask(task, now)
        .catch((err) => log.error({ err, task: task.name }, "could not record task run"))
        .finally(() => running.delete(task.name));
      running.set(task.name, run);
    }
  }

  const timer = setInterval(() => {
    tick().catch((err) => log.error({ err }, "scheduler tick failed"));
  }, tickMs);

  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.allSettled([...running.values()]);
      await releaseSchedulerLeases(db, owner);
    },
  };
}

/** Exposed for diagnostics (health page): the lease row of one task. */
export async function getTaskLease(db: Db, name: string) {
  return db.select().from(schedulerLeases).where(eq(schedulerLeases.task, name)).get() ?? null;
}

