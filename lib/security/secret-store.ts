import { and, asc, eq, gt, gte, or, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/open";
import { auditEvents, userSecrets } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { logger } from "@/lib/log";
import { SECRET_FIELDS, type SecretField, type SecretMask } from "@/lib/settings/secret-fields";
import {
  configuredSecretBox,
  decryptSecret,
  encryptSecret,
  maskSecret,
  SecretUnreadable,
  type SecretBox,
  type SecretUnreadableReason,
} from "./secrets";

/*
 * No `server-only` here either: `npm run keys:rotate` imports this outside Next. Same rule as
 * secrets.ts — never import it from a client component.
 */

/** Both the connection and a transaction handle fit, so callers can read inside their transaction. */
type Store = Pick<Db, "select" | "insert" | "update" | "delete">;

const UNREADABLE_MESSAGE = "Unreadable: enter it again.";

function isSecretField(field: string): field is SecretField {
  return (SECRET_FIELDS as readonly string[]).includes(field);
}

/**
 * One audit row per stored value that fails, not per read: bots read their keys every tick, and an
 * unreadable key would otherwise write a row each time. A save replaces updated_at, so a new
 * ciphertext that also fails is recorded again.
 */
function auditUnreadable(db: Store, userId: string, field: SecretField, reason: SecretUnreadableReason, updatedAt: number): void {
  const already = db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.userId, userId),
        eq(auditEvents.action, "secret.unreadable"),
        gte(auditEvents.createdAt, updatedAt),
        sql`json_extract(${auditEvents.details}, '$.field') = ${field}`,
      ),
    )
    .limit(1)
    .get();
  if (already) return;
  db.insert(auditEvents)
    .values({
      id: newId(),
      userId,
      action: "secret.unreadable",
      ip: null,
      createdAt: Date.now(),
      // Field and reason only: the ciphertext would help an attacker and nobody reading the log.
      details: { field, reason },
    })
    .run();
  logger().warn({ userId, field, reason }, "stored secret is unreadable");
}

function unreadableMask(updatedAt: number): SecretMask {
  return { set: true, unreadable: true, updated_at: updatedAt, message: UNREADABLE_MESSAGE };
}

function openRow(
  db: Store,
  userId: string,
  field: SecretField,
  row: { ciphertext: string; updatedAt: number },
): { value: string | null; mask: SecretMask } {
  try {
    const value = decryptSecret(userId, field, row.ciphertext);
    return { value, mask: maskSecret(value, row.updatedAt) };
  } catch (error) {
    if (!(error instanceof SecretUnreadable)) throw error;
    auditUnreadable(db, userId, field, error.reason, row.updatedAt);
    return { value: null, mask: unreadableMask(row.updatedAt) };
  }
}

/** The plaintext is for immediate use (an exchange call, a webhook); never return it to a client. */
export function readSecret(db: Store, userId: string, field: SecretField): { value: string | null; mask: SecretMask } {
  const row = db
    .select({ ciphertext: userSecrets.ciphertext, updatedAt: userSecrets.updatedAt })
    .from(userSecrets)
    .where(and(eq(userSecrets.userId, userId), eq(userSecrets.field, field)))
    .get();
  if (!row) return { value: null, mask: { set: false } };
  return openRow(db, userId, field, row);
}

/** Every field, so a page can render the whole form; last4 needs the plaintext, which is dropped here. */
export function readSecretMasks(db: Store, userId: string): Record<SecretField, SecretMask> {
  const rows = db
    .select({ field: userSecrets.field, ciphertext: userSecrets.ciphertext, updatedAt: userSecrets.updatedAt })
    .from(userSecrets)
    .where(eq(userSecrets.userId, userId))
    .all();
  const masks = Object.fromEntries(SECRET_FIELDS.map((f) => [f, { set: false }])) as Record<SecretField, SecretMask>;
  for (const row of rows) {
    if (isSecretField(row.field)) masks[row.field] = openRow(db, userId, row.field, row).mask;
  }
  return masks;
}

/**
 * Synchronous, so it joins the caller's BEGIN IMMEDIATE transaction with whatever else the save
 * changes. null deletes the secret.
 */
export function writeSecret(tx: Store, userId: string, field: SecretField, plaintext: string | null, now: number): SecretMask {
  if (plaintext === null) {
    tx.delete(userSecrets)
      .where(and(eq(userSecrets.userId, userId), eq(userSecrets.field, field)))
      .run();
    return { set: false };
  }
  const ciphertext = encryptSecret(userId, field, plaintext);
  tx.insert(userSecrets)
    .values({ userId, field, ciphertext, updatedAt: now })
    .onConflictDoUpdate({ target: [userSecrets.userId, userSecrets.field], set: { ciphertext, updatedAt: now } })
    .run();
  return maskSecret(plaintext, now);
}

export type RotationOutcome = "rewritten" | "current" | "unreadable" | "skipped";

export type RotationReport = {
  /** Re-encrypted under the current key. */
  rewritten: number;
  /** Could not be decrypted with any configured key; left as they were. */
  unreadable: number;
  /** Changed by a save between the read and the compare-and-set; the save wins. */
  skipped: number;
  /** Already under the current key. */
  current: number;
  total: number;
  /** Ids and field names only. */
  unreadableSecrets: { userId: string; field: string; reason: SecretUnreadableReason }[];
};

/**
 * Exported for tests only: one row's re-encryption and compare-and-set. `row.ciphertext` is the value
 * as it was read; if the row no longer holds it, a newer save has landed and is kept.
 */
export function rotateSecretRow(
  db: Pick<Db, "update">,
  box: SecretBox,
  row: { userId: string; field: string; ciphertext: string },
): { outcome: RotationOutcome; reason?: SecretUnreadableReason } {
  if (box.keyId(row.ciphertext) === box.currentKeyId()) return { outcome: "current" };
  if (!isSecretField(row.field)) return { outcome: "unreadable", reason: "malformed" };
  let plaintext: string;
  try {
    plaintext = box.decrypt(row.userId, row.field, row.ciphertext);
  } catch (error) {
    if (!(error instanceof SecretUnreadable)) throw error;
    return { outcome: "unreadable", reason: error.reason };
  }
  const replacement = box.encrypt(row.userId, row.field, plaintext);
  // updated_at stays: it tells the user when they last saved the value, and rotation saved nothing.
  const result = db
    .update(userSecrets)
    .set({ ciphertext: replacement })
    .where(
      and(
        eq(userSecrets.userId, row.userId),
        eq(userSecrets.field, row.field),
        eq(userSecrets.ciphertext, row.ciphertext),
      ),
    )
    .run();
  return { outcome: result.changes === 1 ? "rewritten" : "skipped" };
}

/**
 * Re-encrypts every secret under the current key. Small batches, each its own short BEGIN IMMEDIATE
 * transaction, so a running server's writes wait milliseconds rather than the whole rotation.
 * Run it after restarting the servers with the new ENCRYPTION_KEY (old one in
 * ENCRYPTION_KEYS_PREVIOUS): a server still on the old key would keep writing old-key rows.
 */
export function rotateSecrets(db: Db, options: { batchSize?: number; box?: SecretBox } = {}): RotationReport {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 100));
  const box = options.box ?? configuredSecretBox();
  const report: RotationReport = { rewritten: 0, unreadable: 0, skipped: 0, current: 0, total: 0, unreadableSecrets: [] };

  type Row = { userId: string; field: string; ciphertext: string };
  let after: Pick<Row, "userId" | "field"> | null = null;
  for (;;) {
    // Keyset pagination on the primary key: rows saved during the rotation can neither be visited
    // twice nor shift the next page.
    const cursor: Pick<Row, "userId" | "field"> | null = after;
    const rows: Row[] = db
      .select({ userId: userSecrets.userId, field: userSecrets.field, ciphertext: userSecrets.ciphertext })
      .from(userSecrets)
      .where(
        cursor
          ? or(
              gt(userSecrets.userId, cursor.userId),
              and(eq(userSecrets.userId, cursor.userId), gt(userSecrets.field, cursor.field)),
            )
          : undefined,
      )
      .orderBy(asc(userSecrets.userId), asc(userSecrets.field))
      .limit(batchSize)
      .all();
    if (rows.length === 0) break;

    const outcomes = db.transaction((tx) => rows.map((row) => rotateSecretRow(tx, box, row)), { behavior: "immediate" });
    rows.forEach((row, i) => {
      const { outcome, reason } = outcomes[i];
      report[outcome] += 1;
      report.total += 1;
      if (outcome === "unreadable") report.unreadableSecrets.push({ userId: row.userId, field: row.field, reason: reason! });
    });

    const last = rows[rows.length - 1];
    after = { userId: last.userId, field: last.field };
    if (rows.length < batchSize) break;
  }
  return report;
}
