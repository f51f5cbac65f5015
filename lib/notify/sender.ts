import "server-only";
import { hostname } from "node:os";
import { and, asc, eq, lte, max, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Db } from "@/lib/db/client";
import { notificationOutbox } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { scrubSecrets } from "@/lib/exchange/scrub";
import { logger } from "@/lib/log";
import { notificationBackoffMs } from "./backoff";
import { readDeliveryConfig, type DeliveryConfig } from "./channels";
import { deliverWebhook, type DeliverWebhookOptions } from "./ssrf-guard";
import { deliverTelegramMessage, type TelegramOptions } from "./telegram";

/**
 * Delivers the outbox. Two guarantees, one per channel:
 *
 * - Webhooks are at-least-once: every retry carries the row id as `webhook-id`, so a receiver drops
 *   the duplicate a lost answer causes. A delivery interrupted by a crash is simply sent again.
 * - Telegram is at-most-once, because a chat message cannot be de-duplicated by its reader: the row
 *   is marked `sending` and committed before the call, and a row found `sending` by a process that
 *   is gone (or after the claim timeout) becomes `unknown`, shown to the user, never resent. Only a
 *   definite answer that nothing was delivered (an HTTP error from Telegram, a refused connection)
 *   lets a message be tried again.
 *
 * Failed attempts wait 2^n × 5 s (capped at 1 h) up to NOTIFY_MAX_ATTEMPTS, then the row is failed.
 * Telegram's 429 is not a failure of the message: the next try waits retry_after and the attempt
 * is not counted. Each chat gets at most one message per second (Telegram's own per-chat limit).
 */

export type OutboxRow = typeof notificationOutbox.$inferSelect;

export type SenderOptions = {
  /** This process's claim name, `${hostname}:${pid}:…`, so a later start can tell whether it is gone. */
  owner: string;
  maxAttempts?: number;
  /** The sender's clock; tests move it forward instead of sleeping through backoffs. */
  clock?: () => number;
  /** How long a claim may stay `sending` before it is taken for an interrupted delivery. */
  claimTimeoutMs?: number;
  batchSize?: number;
  telegram?: TelegramOptions;
  webhook?: DeliverWebhookOptions;
  log?: Logger;
};

export type NotificationSender = {
  /** Sends what is due now; returns how many rows were attempted. */
  deliverDue(): Promise<number>;
  /** Rows left `sending` by a dead process or past the claim timeout: Telegram → unknown, webhook → retried. */
  recoverInterrupted(): number;
};

/** A claim older than this cannot still be in flight: both transports time out after 5 s. */
export const DEFAULT_CLAIM_TIMEOUT_MS = 60_000;
/** Telegram allows about one message per second in a chat. */
export const TELEGRAM_CHAT_INTERVAL_MS = 1_000;

const UNKNOWN_AFTER_CRASH =
  "The server stopped while this message was being sent to Telegram. It may or may not have arrived, so it is not sent again.";
const UNKNOWN_AFTER_NO_ANSWER = "It may have arrived, so it is not sent again.";

// A raw fragment keeps the increment inside the one guarded UPDATE.
const sqlIncrement = () => sql`${notificationOutbox.attempts} + 1`;

/** Marks a due pending row as this process's, committed before any network call. Null when someone else took it. */
export function claimNotification(db: Db, id: string, owner: string, now: number): OutboxRow | null {
  return (
    db
      .update(notificationOutbox)
      .set({ status: "sending", claimedBy: owner, claimedAt: now, attempts: sqlIncrement() })
      .where(and(eq(notificationOutbox.id, id), eq(notificationOutbox.status, "pending"), lte(notificationOutbox.nextAttemptAt, now)))
      .returning()
      .get() ?? null
  );
}

type Outcome =
  | { kind: "sent" }
  /** Not delivered; try again after the backoff (or fail when attempts are used up). */
  | { kind: "retry"; error: string }
  /** Not delivered and not the message's fault: try again at `at`, attempt not counted. */
  | { kind: "rate_limited"; error: string; at: number }
  /** May have been delivered: Telegram's at-most-once forbids another try. */
  | { kind: "unknown"; error: string };

function secretsOf(config: DeliveryConfig): string[] {
  return [config.telegram?.botToken, config.webhook?.url, config.webhook?.secret].filter((s): s is string => typeof s === "string");
}

async function sendTelegram(row: OutboxRow, config: DeliveryConfig, options: SenderOptions, now: () => number): Promise<Outcome> {
  if (!config.telegram) return { kind: "retry", error: "Telegram is not set up any more: add the bot token and chat id in Settings." };
  const text = typeof row.payload.text === "string" ? row.payload.text : "";
  const result = await deliverTelegramMessage({ ...config.telegram, text }, options.telegram);
  if (result.outcome === "delivered") return { kind: "sent" };
  if (result.outcome === "ambiguous") return { kind: "unknown", error: `${result.message} ${UNKNOWN_AFTER_NO_ANSWER}` };
  if (result.status === 429) {
    const waitMs = (result.retryAfterS ?? notificationBackoffMs(1) / 1000) * 1000;
    return { kind: "rate_limited", error: result.message, at: now() + waitMs };
  }
  return { kind: "retry", error: result.message };
}

async function sendWebhook(row: OutboxRow, config: DeliveryConfig, options: SenderOptions): Promise<Outcome> {
  if (!config.webhook) return { kind: "retry", error: "The webhook is not set up any more: add its URL and signing secret in Settings." };
  const body = { type: row.payload.type ?? row.event, timestamp: new Date(row.createdAt).toISOString(), data: row.payload.data ?? {} };
  const result = await deliverWebhook(config.webhook.url, config.webhook.secret, body, { ...options.webhook, messageId: row.id });
  return result.ok ? { kind: "sent" } : { kind: "retry", error: result.message };
}

/** Writes what the attempt came to, only while the row is still this claim's (recovery may have moved it). */
function recordOutcome(db: Db, row: OutboxRow, outcome: Outcome, maxAttempts: number, now: number, secrets: string[]): void {
  const mine = and(eq(notificationOutbox.id, row.id), eq(notificationOutbox.status, "sending"), eq(notificationOutbox.claimedBy, row.claimedBy ?? ""));
  // claimed_at stays: it is when the last attempt started, which paces the chat across processes.
  const release = { claimedBy: null };
  const clean = (error: string) => scrubSecrets(error, secrets).slice(0, 500);
  let set: Partial<OutboxRow>;
  switch (outcome.kind) {
    case "sent":
      set = { ...release, status: "sent", sentAt: now, lastError: null };
      break;
    case "unknown":
      set = { ...release, status: "unknown", lastError: clean(outcome.error) };
      break;
    case "rate_limited":
      set = { ...release, status: "pending", attempts: Math.max(0, row.attempts - 1), nextAttemptAt: outcome.at, lastError: clean(outcome.error) };
      break;
    case "retry":
      set =
        row.attempts >= maxAttempts
          ? { ...release, status: "failed", lastError: clean(outcome.error) }
          : { ...release, status: "pending", nextAttemptAt: now + notificationBackoffMs(row.attempts), lastError: clean(outcome.error) };
      break;
  }
  db.update(notificationOutbox).set(set).where(mine).run();
}

/** True when the owner names a process on this machine that no longer exists. */
function ownerIsGone(owner: string | null): boolean {
  if (!owner) return true;
  const [host, pidText] = owner.split(":");
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * Rows left `sending` by a process that is gone (same machine, pid not running) or whose claim is
 * older than the timeout. Telegram rows become `unknown`: the call may have reached Telegram.
 * Webhook rows go back to pending (their attempt was counted) and are sent again with the same id.
 */
export function recoverInterruptedDeliveries(db: Db, { owner, now, claimTimeoutMs = DEFAULT_CLAIM_TIMEOUT_MS, maxAttempts }: { owner: string; now: number; claimTimeoutMs?: number; maxAttempts: number }): number {
  const rows = db.select().from(notificationOutbox).where(eq(notificationOutbox.status, "sending")).all();
  let recovered = 0;
  for (const row of rows) {
    const stale = (row.claimedAt ?? 0) <= now - claimTimeoutMs;
    if (row.claimedBy === owner && !stale) continue;
    if (!stale && !ownerIsGone(row.claimedBy)) continue;
    const set: Partial<OutboxRow> =
      row.channel === "telegram"
        ? { status: "unknown", lastError: UNKNOWN_AFTER_CRASH }
        : row.attempts >= maxAttempts
          ? { status: "failed", lastError: "The server stopped during the last delivery attempt." }
          : { status: "pending", nextAttemptAt: now, lastError: "The server stopped during a delivery attempt; it is sent again." };
    const where = and(eq(notificationOutbox.id, row.id), eq(notificationOutbox.status, "sending"), eq(notificationOutbox.claimedBy, row.claimedBy ?? ""));
    recovered += db.update(notificationOutbox).set({ ...set, claimedBy: null }).where(where).run().changes;
  }
  return recovered;
}

/** The last time this user's Telegram chat was written to, by any process (claims are committed before the call). */
function lastTelegramClaim(db: Db, userId: string): number {
  const row = db
    .select({ at: max(notificationOutbox.claimedAt) })
    .from(notificationOutbox)
    .where(and(eq(notificationOutbox.userId, userId), eq(notificationOutbox.channel, "telegram")))
    .get();
  return row?.at ?? 0;
}

export function createNotificationSender(db: Db, options: SenderOptions): NotificationSender {
  const clock = options.clock ?? Date.now;
  const maxAttempts = options.maxAttempts ?? env().NOTIFY_MAX_ATTEMPTS;
  const batchSize = options.batchSize ?? 20;
  const log = (options.log ?? logger()).child({ component: "notify" });
  /** Per user (each user has one chat): not before this instant, from pacing and Telegram's retry_after. */
  const chatNotBefore = new Map<string, number>();

  const recoverInterrupted = () => {
    const recovered = recoverInterruptedDeliveries(db, { owner: options.owner, now: clock(), claimTimeoutMs: options.claimTimeoutMs, maxAttempts });
    if (recovered > 0) log.warn({ recovered }, "notifications interrupted by a stopped process were recovered");
    return recovered;
  };

  async function deliverOne(candidate: { id: string; userId: string; channel: string }): Promise<boolean> {
    if (candidate.channel === "telegram") {
      const since = Math.max(chatNotBefore.get(candidate.userId) ?? 0, lastTelegramClaim(db, candidate.userId) + TELEGRAM_CHAT_INTERVAL_MS);
      if (clock() < since) {
        // Not yet: the row waits its turn, so a burst to one chat (a close-all) goes out one per second
        // and does not fill every batch ahead of other users' rows.
        db.update(notificationOutbox)
          .set({ nextAttemptAt: since })
          .where(and(eq(notificationOutbox.id, candidate.id), eq(notificationOutbox.status, "pending")))
          .run();
        return false;
      }
    }
    // Read before the claim: nothing that can throw sits between the claim and the call.
    const config = readDeliveryConfig(db, candidate.userId);
    const row = claimNotification(db, candidate.id, options.owner, clock());
    if (!row) return false;
    const outcome =
      row.channel === "telegram" ? await sendTelegram(row, config, options, clock) : await sendWebhook(row, config, options);
    const now = clock();
    if (row.channel === "telegram") {
      chatNotBefore.set(row.userId, outcome.kind === "rate_limited" ? outcome.at : now + TELEGRAM_CHAT_INTERVAL_MS);
    }
    recordOutcome(db, row, outcome, maxAttempts, now, secretsOf(config));
    if (outcome.kind !== "sent") log.warn({ id: row.id, channel: row.channel, outcome: outcome.kind, attempts: row.attempts }, "notification not delivered");
    return true;
  }

  async function deliverDue(): Promise<number> {
    recoverInterrupted();
    const due = db
      .select({ id: notificationOutbox.id, userId: notificationOutbox.userId, channel: notificationOutbox.channel })
      .from(notificationOutbox)
      .where(and(eq(notificationOutbox.status, "pending"), lte(notificationOutbox.nextAttemptAt, clock())))
      .orderBy(asc(notificationOutbox.nextAttemptAt), asc(notificationOutbox.id))
      .limit(batchSize)
      .all();
    let attempted = 0;
    for (const candidate of due) {
      try {
        if (await deliverOne(candidate)) attempted++;
      } catch (error) {
        // One bad row must not stop the others. A row left claimed by such an error is settled by
        // recovery after the claim timeout: unknown for Telegram, sent again for a webhook.
        log.error({ id: candidate.id, err: error instanceof Error ? error.message : String(error) }, "notification delivery crashed");
      }
    }
    return attempted;
  }

  return { deliverDue, recoverInterrupted };
}
