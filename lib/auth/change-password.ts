import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { ValidationFailed } from "@/lib/errors";
import { assertRateLimit } from "@/lib/security/rate-limit";
import { hashPassword, verifyPassword } from "./password-hash";
import { recordAudit } from "./audit";
import { revokeAllSessionsInTx } from "./sessions";
import { rotateRefreshFamily, type TokenPair } from "./token-pairs";
import type { ChangePasswordInput } from "./schemas";
import type { AuthContext, ClientInfo } from "./types";

/**
 * Changes the password, signs out every other session of the user and rotates the caller's
 * refresh family. A bearer caller gets a fresh token pair; a browser caller keeps its session.
 */
export async function changePassword(
  auth: AuthContext,
  input: ChangePasswordInput,
  client: ClientInfo,
): Promise<{ tokens: TokenPair | null; revokedSessions: number }> {
  const userId = auth.user.id;
  await assertRateLimit("change_password", userId);
  const db = getDb();
  const row = db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId)).get();
  const verdict = row ? await verifyPassword(row.hash, input.current_password) : { ok: false };
  if (!verdict.ok) throw new ValidationFailed({ current_password: ["The current password is incorrect."] });
  if (input.new_password === input.current_password) {
    throw new ValidationFailed({ new_password: ["Choose a password different from the current one."] });
  }
  const newHash = await hashPassword(input.new_password);
  const revoked = db.transaction(
    (tx) => {
      tx.update(users).set({ passwordHash: newHash }).where(eq(users.id, userId)).run();
      const ended = revokeAllSessionsInTx(tx, userId, auth.sessionId);
      recordAudit(tx, { userId, action: "password.change", ip: client.ip, details: { revoked_sessions: ended.length } });
      return ended.length;
    },
    { behavior: "immediate" },
  );
  const tokens = await rotateRefreshFamily(auth);
  return { tokens: auth.via === "bearer" ? tokens : null, revokedSessions: revoked };
}
