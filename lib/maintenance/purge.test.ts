import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase } from "@/lib/db/open";
import { botEvaluations, events, idempotencyKeys, jobs, notificationOutbox, rateLimitHits, refreshTokens, sessions, strategies, users } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { purgeExpired } from "./purge";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autocbot-purge-"));
const db = openDatabase(path.join(dir, "purge.db"));
migrateDatabase(db);
afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const DAY = 86_400_000;
const now = Date.now();

describe("purgeExpired", () => {
  it("deletes what has expired and keeps what is live", () => {
    const userId = newId();
    db.insert(users).values({ id: userId, email: "purge@example.test", passwordHash: "x", createdAt: now }).run();
    const session = (id: string, expiresAt: number, revokedAt: number | null = null) =>
      db.insert(sessions).values({ id, userId, kind: "api", createdAt: now - 30 * DAY, lastSeenAt: now, expiresAt, revokedAt }).run();
    session("live", now + DAY);
    session("expired-long-ago", now - 8 * DAY);
    session("revoked-long-ago", now + DAY, now - 8 * DAY);
    session("revoked-recently", now + DAY, now - DAY);
    const token = (id: string, expiresAt: number) =>
      db.insert(refreshTokens).values({ id, userId, sessionId: "live", familyId: "f", tokenHash: id, createdAt: now, expiresAt }).run();
    token("token-live", now + DAY);
    token("token-expired", now - 1);
    db.insert(rateLimitHits).values([{ key: "k", at: now - 120_000, expiresAt: now - 60_000 }, { key: "k", at: now, expiresAt: now + 60_000 }]).run();
    db.insert(events).values([
      { userId, topic: "order.updated", payload: "{}", createdAt: now - 2 * DAY },
      { userId, topic: "order.updated", payload: "{}", createdAt: now },
    ]).run();
    const job = (id: string, status: "succeeded" | "queued", finishedAt: number | null) =>
      db.insert(jobs).values({ id, userId, type: "t", status, createdAt: now - 40 * DAY, finishedAt }).run();
    job("old-done", "succeeded", now - 31 * DAY);
    job("recent-done", "succeeded", now - DAY);
    job("old-queued", "queued", null);
    const key = (k: string, expiresAt: number) => db.insert(idempotencyKeys).values({ userId, route: "POST /r", key: k, requestHash: "h", createdAt: now - DAY, expiresAt }).run();
    key("key-expired", now - 1);
    key("key-live", now + 1);
    db.insert(strategies).values({ id: "s1", userId, name: "S", type: "ma_cross", symbols: ["BTC/USDT"], timeframe: "1m", parameters: {}, risk: {}, createdAt: now, updatedAt: now }).run();
    const evaluation = (id: string, outcome: string, createdAt: number) =>
      db.insert(botEvaluations).values({ id, userId, strategyId: "s1", strategyVersion: 1, symbol: "BTC/USDT", timeframe: "1m", openTime: createdAt, outcome, evaluatedBy: "r", createdAt }).run();
    evaluation("quiet-old", "no_signal", now - 8 * DAY);
    evaluation("quiet-recent", "no_signal", now - DAY);
    evaluation("ordered-old", "ordered", now - 90 * DAY);
    const notification = (id: string, status: string, createdAt: number) =>
      db.insert(notificationOutbox).values({ id, userId, channel: "telegram", event: "fills", dedupeKey: id, payload: {}, status, nextAttemptAt: createdAt, createdAt }).run();
    notification("sent-old", "sent", now - 31 * DAY);
    notification("failed-old", "failed", now - 31 * DAY);
    notification("sent-recent", "sent", now - DAY);

    return purgeExpired(db, now).then((report) => {
      expect(report).toEqual({ sessions: 2, refresh_tokens: 1, rate_limit_hits: 1, events: 1, jobs: 1, idempotency_keys: 1, bot_evaluations: 1, notifications: 1 });
      expect(db.select({ id: botEvaluations.id }).from(botEvaluations).all().map((e) => e.id).sort()).toEqual(["ordered-old", "quiet-recent"]);
      expect(db.select({ id: notificationOutbox.id }).from(notificationOutbox).all().map((n) => n.id).sort()).toEqual(["failed-old", "sent-recent"]);
      expect(db.select({ key: idempotencyKeys.key }).from(idempotencyKeys).all()).toEqual([{ key: "key-live" }]);
      expect(db.select({ id: sessions.id }).from(sessions).all().map((s) => s.id).sort()).toEqual(["live", "revoked-recently"]);
      expect(db.select({ id: refreshTokens.id }).from(refreshTokens).all()).toEqual([{ id: "token-live" }]);
      expect(db.select({ id: jobs.id }).from(jobs).all().map((j) => j.id).sort()).toEqual(["old-queued", "recent-done"]);
    });
  });
});
