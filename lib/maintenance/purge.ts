import { and, eq, inArray, isNotNull, lt, or } from "drizzle-orm";
import type { Db } from "@/lib/db/open";
import { botEvaluations, idempotencyKeys, jobs, notificationOutbox, rateLimitHits, refreshTokens, sessions } from "@/lib/db/schema";
import { purgeOldEvents } from "@/lib/events/publish";

const DAY = 24 * 60 * 60 * 1000;
/** Ended sessions stay visible a while for the audit trail of "who was signed in". */
const ENDED_SESSION_KEEP_MS = 7 * DAY;
const FINISHED_JOB_KEEP_MS = 30 * DAY;
/** A bot writes a no_signal row per candle and symbol (1,440 a day at 1m); what it did is kept. */
const NO_SIGNAL_KEEP_MS = 7 * DAY;
const SENT_NOTIFICATION_KEEP_MS = 30 * DAY;

export type PurgeReport = {
  sessions: number;
  refresh_tokens: number;
  rate_limit_hits: number;
  events: number;
  jobs: number;
  idempotency_keys: number;
  bot_evaluations: number;
  notifications: number;
};

/**
 * Deletes what has expired: sessions, refresh tokens, rate-limit rows, old events, old finished jobs,
 * idempotency keys, bots' old no_signal rows and long-delivered notifications (failed and unknown
 * ones stay: Settings shows them).
 */
export async function purgeExpired(db: Db, now = Date.now()): Promise<PurgeReport> {
  const refresh = db.delete(refreshTokens).where(lt(refreshTokens.expiresAt, now)).run().changes;
  const ended = db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now - ENDED_SESSION_KEEP_MS), and(isNotNull(sessions.revokedAt), lt(sessions.revokedAt, now - ENDED_SESSION_KEEP_MS))))
    .run().changes;
  const hits = db.delete(rateLimitHits).where(lt(rateLimitHits.expiresAt, now)).run().changes;
  const finished = db
    .delete(jobs)
    .where(and(inArray(jobs.status, ["succeeded", "failed", "cancelled"]), lt(jobs.finishedAt, now - FINISHED_JOB_KEEP_MS)))
    .run().changes;
  const events = await purgeOldEvents(db, now);
  const keys = db.delete(idempotencyKeys).where(lt(idempotencyKeys.expiresAt, now)).run().changes;
  const quiet = db
    .delete(botEvaluations)
    .where(and(eq(botEvaluations.outcome, "no_signal"), lt(botEvaluations.createdAt, now - NO_SIGNAL_KEEP_MS)))
    .run().changes;
  const sent = db
    .delete(notificationOutbox)
    .where(and(eq(notificationOutbox.status, "sent"), lt(notificationOutbox.createdAt, now - SENT_NOTIFICATION_KEEP_MS)))
    .run().changes;
  return { sessions: ended, refresh_tokens: refresh, rate_limit_hits: hits, events, jobs: finished, idempotency_keys: keys, bot_evaluations: quiet, notifications: sent };
}
