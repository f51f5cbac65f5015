import "server-only";
import { count, eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { users, type User } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { env } from "@/lib/env";
import { Conflict, Forbidden } from "@/lib/errors";
import { assertRateLimit } from "@/lib/security/rate-limit";
import { hashPassword } from "./password-hash";
import { recordAudit } from "./audit";
import type { RegisterInput } from "./schemas";
import type { ClientInfo, PublicUser } from "./types";

export function toPublicUser(row: User): PublicUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    isActive: row.isActive,
    createdAt: row.createdAt,
    lastLoginAt: row.lastLoginAt,
  };
}

/** The wire form of a user (GET /auth/me, POST /auth/register). */
export function userResponse(user: PublicUser) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    is_active: user.isActive,
    created_at: user.createdAt,
  };
}

export async function getUser(userId: string): Promise<PublicUser | null> {
  const row = getDb().select().from(users).where(eq(users.id, userId)).get();
  return row ? toPublicUser(row) : null;
}

export async function findUserByEmail(email: string): Promise<User | null> {
  return getDb().select().from(users).where(eq(users.email, email.trim().toLowerCase())).get() ?? null;
}

const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE";

/** Creates an account. The first account of a deployment becomes its admin. */
export async function registerUser(input: RegisterInput, client: ClientInfo): Promise<PublicUser> {
  await assertRateLimit("register", client.ip ?? "unknown");
  const db = getDb();
  if (env().REGISTRATION === "closed") {
    // Operators create accounts with `npm run user -- create-admin` instead.
    throw new Forbidden("Registration is closed on this server. Ask an administrator for an account.");
  }
  const passwordHash = await hashPassword(input.password);
  try {
    const row = db.transaction(
      (tx) => {
        const existing = tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).get();
        if (existing) throw new Conflict("email_taken", "An account with this email already exists.");
        const isFirst = (tx.select({ n: count() }).from(users).get()?.n ?? 0) === 0;
        const created = tx
          .insert(users)
          .values({
            id: newId(),
            email: input.email,
            name: input.name?.trim() || null,
            passwordHash,
            role: isFirst ? "admin" : "user",
            isActive: true,
            createdAt: Date.now(),
          })
          .returning()
          .get();
        recordAudit(tx, { userId: created.id, action: "register", ip: client.ip, details: { role: created.role } });
        return created;
      },
      { behavior: "immediate" },
    );
    return toPublicUser(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new Conflict("email_taken", "An account with this email already exists.");
    throw error;
  }
}
