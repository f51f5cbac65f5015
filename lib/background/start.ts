import "server-only";
import { hostname } from "node:os";
import { getDb, closeDb } from "@/lib/db";
import { env } from "@/lib/env";
import { newId } from "@/lib/ids";
import { logger } from "@/lib/log";
import { executeBacktest } from "@/lib/backtests/run-job";
import { BACKTEST_JOB, failOrphanedRuns } from "@/lib/backtests/store";
import { failInterruptedJobs } from "@/lib/jobs/queue";
import { registerJobHandler, startJobRunner } from "@/lib/jobs/runner";
import { defineTask, releaseSchedulerLeases, startScheduler } from "@/lib/jobs/scheduler";
import { purgeExpired } from "@/lib/maintenance/purge";
import { recoverCandleImports } from "@/lib/market/csv-import";
import { startMarketBackground } from "@/lib/market/service/background";
import { marketRuntime } from "@/lib/market/service/runtime";
import { startNotificationWork } from "@/lib/notify/background";
import { onShutdown } from "@/lib/shutdown";
import { defineSignalRecording } from "@/lib/signals/background";
import { startPaperMatcher } from "@/lib/trading/background";
import { productionBotDeps, startBotRunner, type BotRunner } from "@/lib/bots/runner";

const STARTED = Symbol.for("autocbot.backgroundStarted");
type Holder = { [STARTED]?: boolean };

/**
 * Starts this process's share of the background work: the job runner and the scheduler. Every
 * server process runs both; leases in the database make sure each job and each periodic task
 * runs in one process at a time.
 */
export async function startBackgroundWork(): Promise<void> {
  const holder = globalThis as Holder;
  if (holder[STARTED]) return;
  holder[STARTED] = true;

  const db = getDb();
  const owner = `${hostname()}:${process.pid}:${newId().slice(-8)}`;
  const log = logger().child({ component: "background", owner });
  const interrupted = await failInterruptedJobs(db);
  if (interrupted > 0) log.warn({ interrupted }, "jobs left running by a stopped process were marked failed");

  registerJobHandler("maintenance.purge", async () => ({ ...(await purgeExpired(db)), ran_by: owner }));
  defineTask({
    name: "maintenance.purge",
    everyMs: 10 * 60_000,
    run: async ({ now }) => {
      const report = await purgeExpired(db, now);
      log.info({ report }, "purged expired rows");
    },
  });

  // Imports a stopped process left half-published are finished; abandoned staging is discarded.
  const recovered = await recoverCandleImports(db);
  if (recovered.published + recovered.discarded + recovered.removed > 0) log.warn({ recovered }, "candle imports recovered");
  defineTask({ name: "market.import-recovery", everyMs: 10 * 60_000, run: async () => void (await recoverCandleImports(db)) });

  await startMarketBackground(log);
  await marketRuntime()
    .then((rt) => startPaperMatcher(db, rt, log))
    .catch((error: unknown) => log.error({ err: error instanceof Error ? error.message : String(error) }, "the paper matcher could not start"));

  defineSignalRecording(db, log);

  // Backtests run in their own pool (BACKTEST_WORKERS at a time, first in first out), so a queue of
  // long runs never holds up downloads or maintenance. A run whose job died with its process fails.
  registerJobHandler(BACKTEST_JOB, (ctx) => executeBacktest(ctx, { db, runtime: marketRuntime }));
  const orphaned = failOrphanedRuns(db);
  if (orphaned > 0) log.warn({ orphaned }, "backtests left running by a stopped process were marked failed");
  defineTask({ name: "backtests.orphans", everyMs: 60_000, run: async () => void failOrphanedRuns(db) });

  // Bots: one process at a time holds the runner's lease; BOT_RUNNER=off keeps this one out of it.
  let bots: BotRunner | null = null;
  if (env().BOT_RUNNER === "on") {
    await marketRuntime()
      .then((rt) => {
        bots = startBotRunner(productionBotDeps(db, rt, owner, log.child({ component: "bots" })), { ttlMs: env().BOT_LEASE_TTL_S * 1000, tickMs: 1000 });
      })
      .catch((error: unknown) => log.error({ err: error instanceof Error ? error.message : String(error) }, "the bot runner could not start"));
  }

  // Notifications: the outbox sender and the 08:00 daily summaries.
  startNotificationWork(db, owner, log, marketRuntime);

  const pollMs = env().JOB_POLL_MS;
  const runner = startJobRunner({ db, owner, pollMs, except: [BACKTEST_JOB] });
  const backtestRunner = startJobRunner({ db, owner, pollMs, only: [BACKTEST_JOB], concurrency: env().BACKTEST_WORKERS });
  const scheduler = startScheduler({ db, owner, tickMs: Math.max(pollMs, 1000) });
  log.info("background work started");

  onShutdown(async () => {
    await (bots as BotRunner | null)?.stop();
    await scheduler.stop();
    await runner.stop();
    await backtestRunner.stop();
    await releaseSchedulerLeases(db, owner);
    closeDb();
    log.info("background work stopped");
  });
}
