import type { Db } from "../../db/open";
import { activeImports } from "./active";
import { publishStagedImport } from "./publish";
import { markImportFailed, removeFailedImport } from "./remove";

export interface RecoverCandleImportsOptions {
  now?: number;
  /**
   * A `staging` import younger than this may still be running in another server process on the
   * same database (staging takes seconds), so it is left alone; older ones were interrupted.
   */
  staleStagingMs?: number;
}

export interface RecoverCandleImportsReport {
  /** `publishing` imports finished. */
  published: number;
  /** Interrupted `staging` imports discarded. */
  discarded: number;
  /** `failed` imports (deleted by their owner, or abandoned) whose removal was completed. */
  removed: number;
}

export const STALE_STAGING_MS = 10 * 60_000;

/**
 * Brings every import to a final state after a crash or restart: `publishing` ones are published
 * to the end (an import that reached publishing was complete and valid), interrupted `staging`
 * ones are discarded (they were never visible), and `failed` ones are taken out. Imports this
 * process is running are skipped. Safe at any time and in several processes at once, so it can run
 * at start-up and periodically.
 */
export async function recoverCandleImports(db: Db, options: RecoverCandleImportsOptions = {}): Promise<RecoverCandleImportsReport> {
  const now = options.now ?? Date.now();
  const staleBefore = now - (options.staleStagingMs ?? STALE_STAGING_MS);
  const running = activeImports();
  const rows = db.$client
    .prepare<[], { id: string; status: string; created_at: number }>(
      "SELECT id, status, created_at FROM candle_imports WHERE status IN ('staging', 'publishing', 'failed') ORDER BY created_at",
    )
    .all()
    .filter((r) => !running.has(r.id));
  const report: RecoverCandleImportsReport = { published: 0, discarded: 0, removed: 0 };
  for (const row of rows) {
    if (row.status === "publishing") {
      if ((await publishStagedImport(db, row.id, { now })).outcome === "published") report.published++;
    } else if (row.status === "staging") {
      if (row.created_at >= staleBefore) continue;
      if (markImportFailed(db, row.id)) {
        await removeFailedImport(db, row.id, { now });
        report.discarded++;
      }
    } else {
      await removeFailedImport(db, row.id, { now });
      report.removed++;
    }
  }
  return report;
}
