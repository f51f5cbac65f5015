import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { InvalidCredentials, RateLimited } from "@/lib/errors";
import { assertRateLimit } from "@/lib/security/rate-limit";
import { hashPassword, verifyDummyPassword, verifyPassword } from "./password-hash";
import { recordAudit } from "./audit";
import { findUserByEmail, toPublicUser } from "./users";
import type { LoginInput } from "./schemas";
import type { ClientInfo, PublicUser } from "./types";

/**
 * Checks an email and password for both the browser and the API. Every attempt counts against
 * the per-(email, IP) and per-IP limits. Unknown email, wrong password and deactivated account
 * fail alike, and each runs exactly one password verification so they take the same time.
 */
export async function authenticatePassword(input: LoginInput, client: ClientInfo): Promise<PublicUser> {
  const ip = client.ip ?? "unknown";
  try {
    await assertRateLimit("login_ip", ip);
    await assertRateLimit("login_email_ip", `${input.email}|${ip}`);
  } catch (error) {
    if (error instanceof RateLimited) {
      recordAudit(getDb(), { userId: null, action: "rate_limit.hit", ip: client.ip, details: { policy: "login", email: input.email } });
    }
    throw error;
  }

  const user = await findUserByEmail(input.email);
  const verdict = user ? await verifyPassword(user.passwordHash, input.password) : { ok: await verifyDummyPassword(input.password), needsRehash: false };
  const db = getDb();
  if (!user || !verdict.ok || !user.isActive) {
    recordAudit(db, {
      userId: user?.id ?? null,
      action: "login.failure",
      ip: client.ip,
      details: { email: input.email, reason: !user ? "unknown_email" : !verdict.ok ? "wrong_password" : "inactive" },
    });
    throw new InvalidCredentials();
  }

  const newHash = verdict.needsRehash ? await hashPassword(input.password) : null;
  const now = Date.now();
  db.transaction(
    (tx) => {
      tx.update(users)
        .set({ lastLoginAt: now, ...(newHash ? { passwordHash: newHash } : {}) })
        .where(eq(users.id, user.id))
        .run();
      recordAudit(tx, { userId: user.id, action: "login.success", ip: client.ip, details: newHash ? { rehashed: true } : undefined });
    },
    { behavior: "immediate" },
  );
  return { ...toPublicUser(user), lastLoginAt: now };
}
