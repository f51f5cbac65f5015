import "server-only";
import type { Db } from "@/lib/db";
import { auditEvents } from "@/lib/db/schema";
import { newId } from "@/lib/ids";

export type AuditAction =
  | "register"
  | "login.success"
  | "login.failure"
  | "logout"
  | "refresh_token.reuse"
  | "password.change"
  | "session.revoked"
  | "rate_limit.hit"
  | "user.activated"
  | "user.deactivated"
  | "user.password_reset"
  | "settings.update"
  | "settings.reset"
  | "settings.test_exchange"
  | "settings.test_notification";

type Writer = Pick<Db, "insert">;

/** Synchronous so it can be written inside the transaction of what it records. */
export function recordAudit(
  db: Writer,
  entry: { userId: string | null; action: AuditAction; ip: string | null; details?: Record<string, unknown> },
): void {
  db.insert(auditEvents)
    .values({
      id: newId(),
      userId: entry.userId,
      action: entry.action,
      ip: entry.ip,
      createdAt: Date.now(),
      details: entry.details ?? null,
    })
    .run();
}
