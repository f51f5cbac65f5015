import "server-only";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { getDb, type Tx } from "@/lib/db";
import { refreshTokens, sessions, users, type Session } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { env } from "@/lib/env";
import { NotFound } from "@/lib/errors";
import { publishEvent } from "@/lib/events/publish";
import { recordAudit } from "./audit";
import { REFRESH_TOKEN_TTL_S } from "./api-tokens";
import { toPublicUser } from "./users";
import type { ClientInfo, PublicUser, SessionView } from "./types";

/** last_seen_at is written at most this often, so reads stay reads. */
const TOUCH_EVERY_MS = 60_000;

export function createSession(
  tx: Tx,
  userId: string,
  kind: Session["kind"],
  client: ClientInfo,
  options: { id?: string; now?: number } = {},
): Session {
  const now = options.now ?? Date.now();
  const expiresAt = kind === "browser" ? now + env().SESSION_MAX_AGE_HOURS * 3_600_000 : now + REFRESH_TOKEN_TTL_S * 1000;
  return tx
    .insert(sessions)
    .values({
      id: options.id ?? newId(now),
      userId,
      kind,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      ip: client.ip,
      userAgent: client.userAgent?.slice(0, 512) ?? null,
    })
    .returning()
    .get();
}

function isLive(session: Session, now: number): boolean {
  if (session.revokedAt !== null || session.expiresAt <= now) return false;
  // Browser sessions also end after a quiet spell; API clients are bounded by their refresh token instead.
  if (session.kind === "browser" && session.lastSeenAt + env().SESSION_IDLE_MINUTES * 60_000 <= now) return false;
  return true;
}

/**
 * The one check behind every authenticated request (the Auth.js jwt callback and the bearer path):
 * the session exists, is neither revoked nor expired nor idle, and its user is active.
 */
export async function validateSession(sessionId: string, userId: string): Promise<{ user: PublicUser; session: Session } | null> {
  const db = getDb();
  const now = Date.now();
  const row = db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
    .get();
  if (!row || !row.user.isActive || !isLive(row.session, now)) return null;
  if (now - row.session.lastSeenAt >= TOUCH_EVERY_MS) {
    db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, sessionId)).run();
  }
  return { user: toPublicUser(row.user), session: row.session };
}

export async function listSessions(userId: string): Promise<SessionView[]> {
  const now = Date.now();
  return getDb()
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.lastSeenAt))
    .all()
    .filter((s) => isLive(s, now))
    .map((s) => ({
      id: s.id,
      kind: s.kind,
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      expiresAt: s.expiresAt,
      ip: s.ip,
      userAgent: s.userAgent,
    }));
}

/** Revokes sessions (and their refresh tokens) inside a caller's transaction; tells open streams to close. */
export function revokeSessionsInTx(tx: Tx, userId: string, sessionIds: string[], now = Date.now()): void {
  for (const id of sessionIds) {
    tx.update(sessions)
      .set({ revokedAt: now })
      .where(and(eq(sessions.id, id), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
      .run();
    tx.update(refreshTokens)
      .set({ revokedAt: now })
      .where(and(eq(refreshTokens.sessionId, id), eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)))
      .run();
    publishEvent(tx, { userId, topic: "session.revoked", payload: { session_id: id } });
  }
}

function activeSessionIds(tx: Tx, userId: string): string[] {
  return tx
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .all()
    .map((s) => s.id);
}

/** Signs out one of the user's sessions. Someone else's session is indistinguishable from a missing one. */
export async function revokeSession(
  userId: string,
  sessionId: string,
  client: ClientInfo,
  reason: "logout" | "revoked" = "revoked",
): Promise<void> {
  getDb().transaction(
    (tx) => {
      const found = tx
        .select({ id: sessions.id })
        .from(sessions)
        .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
        .get();
      if (!found) throw new NotFound("Session not found.");
      revokeSessionsInTx(tx, userId, [sessionId]);
      recordAudit(tx, {
        userId,
        action: reason === "logout" ? "logout" : "session.revoked",
        ip: client.ip,
        details: { session_id: sessionId },
      });
    },
    { behavior: "immediate" },
  );
}

/** "Sign out all other sessions" (OWASP ASVS 7.5.2). Returns how many were ended. */
export async function revokeOtherSessions(userId: string, keepSessionId: string, client: ClientInfo): Promise<number> {
  return getDb().transaction(
    (tx) => {
      const others = activeSessionIds(tx, userId).filter((id) => id !== keepSessionId);
      revokeSessionsInTx(tx, userId, others);
      if (others.length > 0) {
        recordAudit(tx, { userId, action: "session.revoked", ip: client.ip, details: { session_ids: others } });
      }
      return others.length;
    },
    { behavior: "immediate" },
  );
}

export function revokeAllSessionsInTx(tx: Tx, userId: string, exceptSessionId: string | null = null): string[] {
  const ids = activeSessionIds(tx, userId).filter((id) => id !== exceptSessionId);
  revokeSessionsInTx(tx, userId, ids);
  return ids;
}

