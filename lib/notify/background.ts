import "server-only";
import type { Logger } from "pino";
import type { Db } from "@/lib/db/client";
import { defineTask } from "@/lib/jobs/scheduler";
import type { MarketRuntime } from "@/lib/market/service/runtime";
import { enqueueDailySummaries } from "./daily-summary";
import { createNotificationSender } from "./sender";

/**
 * The outbox sender (about every second) and the daily summary check (every minute) as scheduled
 * tasks: their leases keep each to one process at a time, which is also what keeps a chat's pacing
 * in one place. Deliveries a stopped process left half done are settled before the first round.
 */
export function startNotificationWork(db: Db, owner: string, log: Logger, runtime: () => Promise<MarketRuntime>): void {
  const sender = createNotificationSender(db, { owner, log });
  sender.recoverInterrupted();
  defineTask({ name: "notify.deliver", everyMs: 1_000, run: async () => void (await sender.deliverDue()) });
  defineTask({
    name: "notify.daily-summary",
    everyMs: 60_000,
    startDelayMs: 10_000,
    run: async ({ now }) => {
      const queued = await enqueueDailySummaries(db, await runtime(), now, log);
      if (queued > 0) log.info({ queued }, "daily summaries queued");
    },
  });
}
