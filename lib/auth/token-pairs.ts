import "server-only";
import { createHash } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { getDb, type Tx } from "@/lib/db";
import { refreshTokens, sessions } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { Unauthenticated } from "@/lib/errors";
import { ACCESS_TOKEN_TTL_S, REFRESH_TOKEN_TTL_S, signToken, verifyToken } from "./api-tokens";
import { recordAudit } from "./audit";
import { authenticatePassword } from "./credentials";
import { createSession, revokeSessionsInTx, validateSession } from "./sessions";
import type { LoginInput } from "./schemas";
import type { AuthContext, ClientInfo } from "./types";

export type TokenPair = { access_token: string; refresh_token: string; token_type: "bearer"; expires_in: number };

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

type SignedPair = { pair: TokenPair; refreshHash: string; refreshJti: string; refreshExpiresAt: number };

/** Signing is async and transactions are synchronous, so tokens are signed first and stored after. */
async function signPair(userId: string, sessionId: string): Promise<SignedPair> {
  const access = await signToken("access", { userId, sessionId });
  const refresh = await signToken("refresh", { userId, sessionId });
  return {
    pair: { access_token: access.token, refresh_token: refresh.token, token_type: "bearer", expires_in: ACCESS_TOKEN_TTL_S },
    refreshHash: hashToken(refresh.token),
    refreshJti: refresh.jti,
    refreshExpiresAt: refresh.expiresAt,
  };
}

function storeRefreshToken(tx: Tx, userId: string, sessionId: string, familyId: string, signed: SignedPair, now: number) {
  tx.insert(refreshTokens)
    .values({
      id: signed.refreshJti,
      userId,
      sessionId,
      familyId,
      tokenHash: signed.refreshHash,
      createdAt: now,
      expiresAt: signed.refreshExpiresAt,
    })
    .run();
}

// POST /api/v1/auth/login
export async function loginForTokens(input: LoginInput, client: ClientInfo): Promise<TokenPair> {
  const user = await authenticatePassword(input, client);
  const sessionId = newId();
  const signed = await signPair(user.id, sessionId);
  const now = Date.now();
  getDb().transaction(
    (tx) => {
      createSession(tx, user.id, "api", client, { id: sessionId, now });
      storeRefreshToken(tx, user.id, sessionId, newId(), signed, now);
    },
    { behavior: "immediate" },
  );
  return signed.pair;
}

/**
 * POST /api/v1/auth/refresh. A refresh token works once. Presenting a used one means it was
 * copied: the whole family and its session are revoked.
 */
export async function refreshTokenPair(refreshToken: string, client: ClientInfo): Promise<TokenPair> {
  const claims = await verifyToken(refreshToken, "refresh");
  if (!claims) throw new Unauthenticated("The refresh token is invalid or expired.");
  const live = await validateSession(claims.sid, claims.sub);
  const signed = await signPair(claims.sub, claims.sid);
  const now = Date.now();
  const outcome = getDb().transaction(
    (tx) => {
      const row = tx
        .select()
        .from(refreshTokens)
        .where(and(eq(refreshTokens.tokenHash, hashToken(refreshToken)), eq(refreshTokens.userId, claims.sub)))
        .get();
      if (!row) return "unknown" as const;
      // A revoked token (logout, password change) is merely dead. A *used* one coming back means
      // someone holds a copy: the family and its session end, whoever presented it.
      if (row.usedAt === null && row.revokedAt !== null) return "dead" as const;
      if (row.usedAt !== null) {
        tx.update(refreshTokens)
          .set({ revokedAt: now })
          .where(and(eq(refreshTokens.familyId, row.familyId), isNull(refreshTokens.revokedAt)))
          .run();
        revokeSessionsInTx(tx, row.userId, [row.sessionId], now);
        recordAudit(tx, { userId: row.userId, action: "refresh_token.reuse", ip: client.ip, details: { family_id: row.familyId } });
        return "reused" as const;
      }
      if (!live || row.expiresAt <= now) return "dead" as const;
      tx.update(refreshTokens).set({ usedAt: now }).where(eq(refreshTokens.id, row.id)).run();
      tx.update(sessions)
        .set({ expiresAt: now + REFRESH_TOKEN_TTL_S * 1000, lastSeenAt: now })
        .where(eq(sessions.id, row.sessionId))
        .run();
      storeRefreshToken(tx, row.userId, row.sessionId, row.familyId, signed, now);
      return "ok" as const;
    },
    { behavior: "immediate" },
  );
  if (outcome !== "ok") throw new Unauthenticated("The refresh token is invalid, expired or already used.");
  return signed.pair;
}

/** Starts a new refresh family for a session (after a password change), revoking the old ones. */
export async function rotateRefreshFamily(auth: AuthContext): Promise<TokenPair> {
  const signed = await signPair(auth.user.id, auth.sessionId);
  const now = Date.now();
  getDb().transaction(
    (tx) => {
      tx.update(refreshTokens)
        .set({ revokedAt: now })
        .where(
          and(eq(refreshTokens.sessionId, auth.sessionId), eq(refreshTokens.userId, auth.user.id), isNull(refreshTokens.revokedAt)),
        )
        .run();
      storeRefreshToken(tx, auth.user.id, auth.sessionId, newId(), signed, now);
    },
    { behavior: "immediate" },
  );
  return signed.pair;
}

/** Resolves a bearer access token to the caller, or null when it is invalid, expired or revoked. */
export async function authenticateBearer(token: string): Promise<AuthContext | null> {
  const claims = await verifyToken(token, "access");
  if (!claims) return null;
  const live = await validateSession(claims.sid, claims.sub);
  return live ? { user: live.user, sessionId: claims.sid, via: "bearer" } : null;
}
