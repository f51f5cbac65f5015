import "server-only";
import { and, asc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { jobs, type Job } from "@/lib/db/schema";
import { newId } from "@/lib/ids";

/**
 * The jobs interface (enqueue, claim, progress, cancel, result). This first
 * implementation is the `jobs` table; a Redis-backed queue can replace it behind
 * the same signatures, which is why everything is async.
 */
export type { Job };

export type EnqueueJobInput = { type: string; userId: string | null; payload: unknown };

export async function enqueueJob(db: Db, input: EnqueueJobInput, now = Date.now()): Promise<Job> {
  return db
    .insert(jobs)
    .values({
      id: newId(now),
      userId: input.userId,
      type: input.type,
      status: "queued",
      payload: input.payload ?? null,
      createdAt: now,
    })
    .returning()
    .get();
}

export async function getJob(db: Db, userId: string, jobId: string): Promise<Job | null> {
  return db.select().from(jobs).where(and(eq(jobs.id, jobId), eq(jobs.userId, userId))).get() ?? null;
}

/** System jobs have no owner, so they never show up through the user-scoped getJob. */
export async function getSystemJob(db: Db, jobId: string): Promise<Job | null> {
  return db.select().from(jobs).where(and(eq(jobs.id, jobId), isNull(jobs.userId))).get() ?? null;
}

/**
 * A queued job has not started, so it is cancelled outright; a running one only
 * gets the flag, and its handler decides when it is safe to stop.
 */
export async function requestJobCancel(db: Db, userId: string, jobId: string, now = Date.now()): Promise<Job | null> {
  return db.transaction(
    (tx) => {
      const ofUser = and(eq(jobs.id, jobId), eq(jobs.userId, userId));
      tx.update(jobs)
        .set({ status: "cancelled", cancelRequested: true, finishedAt: now })
        .where(and(ofUser, eq(jobs.status, "queued")))
        .run();
      tx.update(jobs)
        .set({ cancelRequested: true })
        .where(and(ofUser, eq(jobs.status, "running")))
        .run();
      return tx.select().from(jobs).where(ofUser).get() ?? null;
    },
    { behavior: "immediate" },
  );
}

export type ClaimJobOptions = { owner: string; types: readonly string[]; leaseMs: number };

/**
 * One UPDATE … WHERE status='queued' RETURNING, so of two processes racing for
 * the same row exactly one gets it back; the other sees no row and moves on.
 */
export async function claimNextJob(db: Db, options: ClaimJobOptions, now = Date.now()): Promise<Job | null> {
  if (options.types.length === 0) return null;
  const oldestQueued = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.status, "queued"), inArray(jobs.type, [...options.types])))
    .orderBy(asc(jobs.createdAt), asc(jobs.id))
    .limit(1);
  return (
    db
      .update(jobs)
      .set({ status: "running", leaseOwner: options.owner, leaseUntil: now + options.leaseMs, startedAt: now })
      .where(and(sql`${jobs.id} = (${oldestQueued})`, eq(jobs.status, "queued")))
      .returning()
      .get() ?? null
  );
}

const ownedRunning = (jobId: string, owner: string) =>
  and(eq(jobs.id, jobId), eq(jobs.leaseOwner, owner), eq(jobs.status, "running"));

/** False means the lease is gone (the job was declared interrupted): the caller should stop. */
export async function renewJobLease(
  db: Db,
  jobId: string,
  owner: string,
  leaseMs: number,
  now = Date.now(),
): Promise<boolean> {
  const res = db
    .update(jobs)
    .set({ leaseUntil: now + leaseMs })
    .where(ownedRunning(jobId, owner))
    .run();
  return res.changes === 1;
}

export async function reportJobProgress(db: Db, jobId: string, owner: string, progress: number): Promise<boolean> {
  const pct = Number.isFinite(progress) ? Math.min(100, Math.max(0, Math.round(progress))) : 0;
  const res = db.update(jobs).set({ progress: pct }).where(ownedRunning(jobId, owner)).run();
  return res.changes === 1;
}

export async function completeJob(
  db: Db,
  jobId: string,
  owner: string,
  result: unknown,
  now = Date.now(),
): Promise<boolean> {
  const res = db
    .update(jobs)
    .set({ status: "succeeded", result: result ?? null, progress: 100, finishedAt: now, leaseUntil: null })
    .where(ownedRunning(jobId, owner))
    .run();
  return res.changes === 1;
}

export async function failJob(db: Db, jobId: string, owner: string, message: string, now = Date.now()): Promise<boolean> {
  const res = db
    .update(jobs)
    .set({ status: "failed", error: message, finishedAt: now, leaseUntil: null })
    .where(ownedRunning(jobId, owner))
    .run();
  return res.changes === 1;
}

/** The runner's answer to a cancel request its handler observed. */
export async function markJobCancelled(db: Db, jobId: string, owner: string, now = Date.now()): Promise<boolean> {
  const res = db
    .update(jobs)
    .set({ status: "cancelled", finishedAt: now, leaseUntil: null })
    .where(ownedRunning(jobId, owner))
    .run();
  return res.changes === 1;
}

export async function isJobCancelRequested(db: Db, jobId: string): Promise<boolean> {
  const row = db.select({ cancelRequested: jobs.cancelRequested }).from(jobs).where(eq(jobs.id, jobId)).get();
  return row?.cancelRequested ?? false;
}

/**
 * A running job whose lease ran out lost its process (crash, restart): it will
 * never finish, so it is failed rather than silently re-run (handlers need not be
 * idempotent). Returns how many were failed.
 */
export async function failInterruptedJobs(db: Db, now = Date.now()): Promise<number> {
  const res = db
    .update(jobs)
    .set({ status: "failed", error: "interrupted", finishedAt: now, leaseUntil: null })
    .where(and(eq(jobs.status, "running"), lt(jobs.leaseUntil, now)))
    .run();
  return res.changes;
}
