import "server-only";
import type { Db } from "@/lib/db/client";
import { logger } from "@/lib/log";
import {
  claimNextJob,
  completeJob,
  failInterruptedJobs,
  failJob,
  isJobCancelRequested,
  markJobCancelled,
  renewJobLease,
  reportJobProgress,
  type Job,
} from "./queue";

export type JobContext = {
  job: Job;
  /** 0–100; ignored once this process no longer owns the job. */
  progress(pct: number): Promise<void>;
  /** True when the user asked to cancel or this process lost the lease. */
  isCancelled(): Promise<boolean>;
  /** Lets long CPU-bound loops give timers and requests a turn between chunks. */
  yieldToEventLoop(): Promise<void>;
};

export type JobHandler = (ctx: JobContext) => Promise<unknown>;

/** Kept on globalThis: Next bundles lib/ into several module graphs that must share one registry. */
const HANDLERS = Symbol.for("autocbot.jobHandlers");
type Holder = { [HANDLERS]?: Record<string, JobHandler> };

function handlerRegistry(): Record<string, JobHandler> {
  const holder = globalThis as Holder;
  holder[HANDLERS] ??= {};
  return holder[HANDLERS];
}

export function registerJobHandler(type: string, handler: JobHandler): void {
  handlerRegistry()[type] = handler;
}

export type JobRunnerOptions = {
  db: Db;
  /** Unique per process, e.g. `${hostname}:${pid}`. */
  owner: string;
  /** Defaults to the shared registry, read at every poll so late registrations are picked up. */
  handlers?: Record<string, JobHandler>;
  pollMs?: number;
  leaseMs?: number;
  concurrency?: number;
  /** Claim only these job types (a dedicated pool, e.g. backtests with their own concurrency)… */
  only?: readonly string[];
  /** …or every registered type except these. */
  except?: readonly string[];
};

export type JobRunner = { stop(): Promise<void> };

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err)) || "job failed";

export function startJobRunner(options: JobRunnerOptions): JobRunner {
  const { db, owner, pollMs = 500, leaseMs = 30_000, concurrency = 1 } = options;
  const handlers = () => options.handlers ?? handlerRegistry();
  const log = logger().child({ component: "job-runner", owner });
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let polling: Promise<void> | undefined;
  // Sweeping expired leases on every poll would be wasted work; once per lease period is enough.
  let lastSweepAt = 0;

  async function runJob(job: Job): Promise<void> {
    const handler = handlers()[job.type];
    log.info({ jobId: job.id, type: job.type }, "job claimed");
    let leaseLost = false;
    const renewTimer = setInterval(() => {
      renewJobLease(db, job.id, owner, leaseMs)
        .then((ok) => {
          if (!ok && !leaseLost) {
            leaseLost = true;
            log.warn({ jobId: job.id, type: job.type }, "job lease lost");
          }
        })
        .catch((err) => log.error({ err, jobId: job.id }, "job lease renewal failed"));
    }, Math.max(1, Math.floor(leaseMs / 3)));

    const cancelRequested = async () => leaseLost || (await isJobCancelRequested(db, job.id));
    const ctx: JobContext = {
      job,
      progress: async (pct) => {
        await reportJobProgress(db, job.id, owner, pct);
      },
      isCancelled: cancelRequested,
      yieldToEventLoop,
    };

    try {
      if (!handler) throw new Error(`no handler for job type ${job.type}`);
      const result = await handler(ctx);
      if (await cancelRequested()) await markJobCancelled(db, job.id, owner);
      else await completeJob(db, job.id, owner, result);
    } catch (err) {
      try {
        if (await cancelRequested()) {
          await markJobCancelled(db, job.id, owner);
        } else {
          log.error({ err, jobId: job.id, type: job.type }, "job failed");
          await failJob(db, job.id, owner, errorMessage(err));
        }
      } catch (recordErr) {
        log.error({ err: recordErr, jobId: job.id }, "could not record job outcome");
      }
    } finally {
      clearInterval(renewTimer);
    }
  }

  function track(job: Job) {
    const run = runJob(job).finally(() => {
      inFlight.delete(run);
      // A finished job frees a slot: look for the next one now instead of after a full poll.
      if (!stopped) schedulePoll(0);
    });
    inFlight.add(run);
  }

  async function poll(): Promise<void> {
    try {
      const now = Date.now();
      if (now - lastSweepAt >= leaseMs) {
        lastSweepAt = now;
        const failed = await failInterruptedJobs(db, now);
        if (failed > 0) log.warn({ failed }, "failed interrupted jobs");
      }
      const types = Object.keys(handlers()).filter((t) => (options.only ? options.only.includes(t) : !options.except?.includes(t)));
      while (!stopped && inFlight.size < concurrency) {
        const job = await claimNextJob(db, { owner, types, leaseMs });
        if (!job) break;
        track(job);
      }
    } catch (err) {
      log.error({ err }, "job poll failed");
    }
  }

  function schedulePoll(delayMs: number) {
    if (stopped) return;
    clearTimeout(pollTimer);
    pollTimer = setTimeout(() => {
      if (polling) return schedulePoll(pollMs);
      polling = poll().finally(() => {
        polling = undefined;
        schedulePoll(pollMs);
      });
    }, delayMs);
  }

  schedulePoll(0);

  return {
    async stop() {
      stopped = true;
      clearTimeout(pollTimer);
      await polling;
      await Promise.allSettled([...inFlight]);
    },
  };
}
