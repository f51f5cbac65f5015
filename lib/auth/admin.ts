import "server-only";
import { desc, eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { recordAudit } from "./audit";
import { hashPassword } from "./password-hash";
import { revokeAllSessionsInTx } from "./sessions";
import { toPublicUser, findUserByEmail } from "./users";
import type { PublicUser } from "./types";

/** Every account, for the admin page. The caller must be an admin (checked by requireAdmin). */
export async function listUsersForAdmin(adminUserId: string): Promise<PublicUser[]> {
  const admin = getDb().select({ role: users.role }).from(users).where(eq(users.id, adminUserId)).get();
  if (admin?.role !== "admin") throw new NotFound();
  return getDb().select().from(users).orderBy(desc(users.createdAt)).all().map(toPublicUser);
}

/** Deactivating ends every session of the account at once. */
export async function setUserActiveByEmail(email: string, active: boolean): Promise<PublicUser> {
  const user = await findUserByEmail(email);
  if (!user) throw new NotFound(`No account with email ${email}.`);
  getDb().transaction(
    (tx) => {
      tx.update(users).set({ isActive: active }).where(eq(users.id, user.id)).run();
      if (!active) revokeAllSessionsInTx(tx, user.id);
      recordAudit(tx, { userId: user.id, action: active ? "user.activated" : "user.deactivated", ip: null, details: { via: "cli" } });
    },
    { behavior: "immediate" },
  );
  return { ...toPublicUser(user), isActive: active };
}

/** Sets a new password and ends every session, so whoever had the old one is out. */
export async function resetPasswordByEmail(email: string, password: string): Promise<PublicUser> {
  const user = await findUserByEmail(email);
  if (!user) throw new NotFound(`No account with email ${email}.`);
  const hash = await hashPassword(password);
  getDb().transaction(
    (tx) => {
      tx.update(users).set({ passwordHash: hash }).where(eq(users.id, user.id)).run();
      revokeAllSessionsInTx(tx, user.id);
      recordAudit(tx, { userId: user.id, action: "user.password_reset", ip: null, details: { via: "cli" } });
    },
    { behavior: "immediate" },
  );
  return toPublicUser(user);
}

/** Creates an admin account, or promotes an existing account to admin. */
export async function createOrPromoteAdmin(email: string, password: string): Promise<{ user: PublicUser; created: boolean }> {
  const normalized = email.trim().toLowerCase();
  const existing = await findUserByEmail(normalized);
  const db = getDb();
  if (existing) {
    db.update(users).set({ role: "admin" }).where(eq(users.id, existing.id)).run();
    return { user: { ...toPublicUser(existing), role: "admin" }, created: false };
  }
  const hash = await hashPassword(password);
  const row = db
    .insert(users)
    .values({ id: newId(), email: normalized, name: null, passwordHash: hash, role: "admin", isActive: true, createdAt: Date.now() })
    .returning()
    .get();
  recordAudit(db, { userId: row.id, action: "register", ip: null, details: { via: "cli", role: "admin" } });
  return { user: toPublicUser(row), created: true };
}
