import "server-only";
import type { Logger } from "pino";
import type { Db } from "@/lib/db/client";
import { defineTask } from "@/lib/jobs/scheduler";
import { recordSignalsNow } from "./service";

/** After the market warm-up (candle sync and sentiment start 10 s after a start). */
const START_DELAY_MS = 15_000;

/**
 * Records one signal per closed candle of every tracked pair (trading-semantics.md §5.2). Once a
 * minute so a new candle is recorded soon after it closes at any timeframe; the scheduler's lease
 * runs it in one process at a time, and the unique key makes a repeat harmless anyway.
 */
export function defineSignalRecording(db: Db, log: Logger): void {
  defineTask({
    name: "signals.record",
    everyMs: 60_000,
    startDelayMs: START_DELAY_MS,
    run: async () => {
      const results = await recordSignalsNow(db, (symbol, timeframe, error) =>
        log.warn({ symbol, timeframe, err: error instanceof Error ? error.message : String(error) }, "signal recording failed"),
      );
      const recorded = results.reduce((n, r) => n + r.recorded, 0);
      if (recorded > 0) log.info({ recorded, pairs: results.length }, "signals recorded");
    },
  });
}
