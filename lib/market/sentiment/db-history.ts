import { and, desc, eq, lte, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/open";
import { fearGreedHistory } from "@/lib/db/schema";
import { classifyFearGreed } from "./classify";
import type { FearGreedDailyPoint, FearGreedHistoryStore } from "./history";

/**
 * The Fear & Greed history in the database: one row per UTC day and source. A published
 * alternative.me value is preferred over our computed one for the same day.
 */
export function createDbFearGreedHistory(db: Db, now: () => number = Date.now): FearGreedHistoryStore & { count(): number } {
  return {
    async save(points) {
      if (points.length === 0) return;
      const at = now();
      db.transaction((tx) => {
        for (const p of points) {
          tx.insert(fearGreedHistory)
            .values({ day: p.day, source: p.source, value: p.value, providerClassification: p.provider_classification ?? null, asOf: p.as_of, recordedAt: at })
            .onConflictDoUpdate({
              target: [fearGreedHistory.day, fearGreedHistory.source],
              set: { value: p.value, providerClassification: p.provider_classification ?? null, asOf: p.as_of, recordedAt: at },
              // The latest reading of a day wins, never an older one arriving late.
              setWhere: sql`${fearGreedHistory.asOf} <= ${p.as_of}`,
            })
            .run();
        }
      });
    },
    async onOrBefore(day) {
      for (const source of ["alternative.me", "computed"] as const) {
        const row = db
          .select()
          .from(fearGreedHistory)
          .where(and(eq(fearGreedHistory.source, source), lte(fearGreedHistory.day, day)))
          .orderBy(desc(fearGreedHistory.day))
          .limit(1)
          .get();
        if (row && row.day === day) return toPoint(row);
      }
      // No value for that day: the latest earlier one, whichever source has the nearer day.
      const row = db.select().from(fearGreedHistory).where(lte(fearGreedHistory.day, day)).orderBy(desc(fearGreedHistory.day), fearGreedHistory.source).limit(1).get();
      return row ? toPoint(row) : null;
    },
    count() {
      return db.select({ n: sql<number>`count(*)` }).from(fearGreedHistory).get()?.n ?? 0;
    },
  };
}

function toPoint(row: typeof fearGreedHistory.$inferSelect): FearGreedDailyPoint {
  return {
    day: row.day,
    value: row.value,
    classification: classifyFearGreed(row.value),
    ...(row.providerClassification ? { provider_classification: row.providerClassification } : {}),
    as_of: row.asOf,
    source: row.source === "computed" ? "computed" : "alternative.me",
  };
}
