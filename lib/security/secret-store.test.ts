import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase, type Db } from "@/lib/db/open";
import { auditEvents, userSecrets, users } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { SECRET_FIELDS } from "@/lib/settings/secret-fields";
import { readSecret, readSecretMasks, rotateSecretRow, rotateSecrets, writeSecret } from "./secret-store";
import { createSecretBox, currentKeyId, storedKeyId } from "./secrets";

const SECRET = "sk-live-0123456789abcdefWXYZ";
const opened: { db: Db; file: string }[] = [];

function tempDatabase(): Db {
  const file = path.join(os.tmpdir(), `autocbot-secret-store-${process.pid}-${newId()}.db`);
  const db = openDatabase(file);
  migrateDatabase(db);
  opened.push({ db, file });
  return db;
}

function insertUser(db: Db): string {
  const id = newId();
  db.insert(users).values({ id, email: `${id}@example.test`, passwordHash: "x", createdAt: Date.now() }).run();
  return id;
}

function storedRow(db: Db, userId: string, field: string) {
  return db
    .select()
    .from(userSecrets)
    .where(and(eq(userSecrets.userId, userId), eq(userSecrets.field, field)))
    .get();
}

function unreadableAudits(db: Db, userId: string) {
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.userId, userId), eq(auditEvents.action, "secret.unreadable")))
    .all();
}

const envKey = () => Buffer.from(process.env.ENCRYPTION_KEY!, "base64");

afterEach(() => {
  for (const { db, file } of opened.splice(0)) {
    db.$client.close();
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  }
});

describe("secret store", () => {
  it("writes, reads, masks and deletes a user's secret", () => {
    const db = tempDatabase();
    const userId = insertUser(db);

    expect(readSecret(db, userId, "exchange.api_key")).toEqual({ value: null, mask: { set: false } });

    const mask = db.transaction((tx) => writeSecret(tx, userId, "exchange.api_key", SECRET, 1_000), { behavior: "immediate" });
    expect(mask).toEqual({ set: true, last4: "WXYZ", updated_at: 1_000 });
    const row = storedRow(db, userId, "exchange.api_key")!;
    expect(row.ciphertext).not.toContain(SECRET);
    expect(storedKeyId(row.ciphertext)).toBe(currentKeyId());
    expect(readSecret(db, userId, "exchange.api_key")).toEqual({ value: SECRET, mask: { set: true, last4: "WXYZ", updated_at: 1_000 } });

    db.transaction((tx) => writeSecret(tx, userId, "exchange.api_key", "short-one", 2_000), { behavior: "immediate" });
    expect(readSecret(db, userId, "exchange.api_key")).toEqual({ value: "short-one", mask: { set: true, updated_at: 2_000 } });

    db.transaction((tx) => writeSecret(tx, userId, "exchange.api_secret", SECRET, 3_000), { behavior: "immediate" });
    const masks = readSecretMasks(db, userId);
    expect(Object.keys(masks).sort()).toEqual([...SECRET_FIELDS].sort());
    expect(masks["exchange.api_key"]).toEqual({ set: true, updated_at: 2_000 });
    expect(masks["exchange.api_secret"]).toEqual({ set: true, last4: "WXYZ", updated_at: 3_000 });
    expect(masks["notifications.webhook_url"]).toEqual({ set: false });
    expect(JSON.stringify(masks)).not.toContain(SECRET);

    expect(db.transaction((tx) => writeSecret(tx, userId, "exchange.api_key", null, 4_000), { behavior: "immediate" })).toEqual({ set: false });
    expect(storedRow(db, userId, "exchange.api_key")).toBeUndefined();
    expect(readSecret(db, userId, "exchange.api_key")).toEqual({ value: null, mask: { set: false } });
    expect(readSecret(db, userId, "exchange.api_secret").value).toBe(SECRET);
  });

  it("keeps users apart: one user's reads never see another's secrets", () => {
    const db = tempDatabase();
    const alice = insertUser(db);
    const bob = insertUser(db);
    writeSecret(db, alice, "exchange.api_key", SECRET, 1);
    expect(readSecret(db, bob, "exchange.api_key")).toEqual({ value: null, mask: { set: false } });
    expect(readSecretMasks(db, bob)["exchange.api_key"]).toEqual({ set: false });
  });

  it("reads a ciphertext moved to another user as unreadable, and audits it once without the ciphertext", () => {
    const db = tempDatabase();
    const alice = insertUser(db);
    const mallory = insertUser(db);
    writeSecret(db, alice, "exchange.api_secret", SECRET, 1_000);
    const aliceCiphertext = storedRow(db, alice, "exchange.api_secret")!.ciphertext;
    db.$client
      .prepare("INSERT INTO user_secrets (user_id, field, ciphertext, updated_at) VALUES (?, ?, ?, ?)")
      .run(mallory, "exchange.api_secret", aliceCiphertext, 1_000);

    const expectedMask = { set: true, unreadable: true, updated_at: 1_000, message: "Unreadable: enter it again." };
    expect(readSecret(db, mallory, "exchange.api_secret")).toEqual({ value: null, mask: expectedMask });
    expect(readSecretMasks(db, mallory)["exchange.api_secret"]).toEqual(expectedMask);

    const audits = unreadableAudits(db, mallory);
    expect(audits).toHaveLength(1);
    expect(audits[0].details).toEqual({ field: "exchange.api_secret", reason: "tampered_or_moved" });
    expect(JSON.stringify(audits[0])).not.toContain(aliceCiphertext.split(".")[4]);
    // The owner is unaffected.
    expect(readSecret(db, alice, "exchange.api_secret").value).toBe(SECRET);
    expect(unreadableAudits(db, alice)).toHaveLength(0);
  });

  it("also reads a ciphertext moved to another field as unreadable", () => {
    const db = tempDatabase();
    const userId = insertUser(db);
    writeSecret(db, userId, "exchange.api_secret", SECRET, 1_000);
    db.$client
      .prepare("UPDATE user_secrets SET field = ? WHERE user_id = ? AND field = ?")
      .run("exchange.api_key", userId, "exchange.api_secret");
    expect(readSecret(db, userId, "exchange.api_key").value).toBeNull();
    expect(unreadableAudits(db, userId)[0].details).toEqual({ field: "exchange.api_key", reason: "tampered_or_moved" });
  });
});

describe("rotateSecrets", () => {
  function seedUnderOldKey(db: Db, oldKey: Buffer) {
    const oldBox = createSecretBox({ current: oldKey, previous: [] });
    const rows: { userId: string; field: (typeof SECRET_FIELDS)[number]; plaintext: string }[] = [];
    for (let u = 0; u < 3; u += 1) {
      const userId = insertUser(db);
      for (const field of SECRET_FIELDS) {
        const plaintext = `${field}-${u}-${randomBytes(8).toString("hex")}`;
        db.insert(userSecrets)
          .values({ userId, field, ciphertext: oldBox.encrypt(userId, field, plaintext), updatedAt: 500 + u })
          .run();
        rows.push({ userId, field, plaintext });
      }
    }
    return { oldBox, rows };
  }

  it("re-encrypts old-key rows under the current key and leaves none under the old key id", () => {
    const db = tempDatabase();
    const oldKey = randomBytes(32);
    const { oldBox, rows } = seedUnderOldKey(db, oldKey);
    const alreadyCurrent = insertUser(db);
    writeSecret(db, alreadyCurrent, "exchange.api_key", SECRET, 700);

    const box = createSecretBox({ current: envKey(), previous: [oldKey] });
    const report = rotateSecrets(db, { box, batchSize: 4 });
    expect(report).toEqual({
      rewritten: rows.length,
      unreadable: 0,
      skipped: 0,
      current: 1,
      total: rows.length + 1,
      unreadableSecrets: [],
    });

    const stored = db.select().from(userSecrets).all();
    expect(stored.filter((r) => storedKeyId(r.ciphertext) === oldBox.currentKeyId())).toHaveLength(0);
    expect(stored.every((r) => storedKeyId(r.ciphertext) === currentKeyId())).toBe(true);
    // The plain env-configured reader (no previous keys) now reads everything, with updated_at unchanged.
    for (const { userId, field, plaintext } of rows) {
      const read = readSecret(db, userId, field);
      expect(read.value).toBe(plaintext);
      expect((read.mask as { updated_at: number }).updated_at).toBeLessThan(600);
    }

    expect(rotateSecrets(db, { box })).toMatchObject({ rewritten: 0, current: rows.length + 1, total: rows.length + 1 });
  });

  it("reports unreadable rows by ids and leaves them untouched", () => {
    const db = tempDatabase();
    const lostKey = randomBytes(32);
    const { rows } = seedUnderOldKey(db, lostKey);
    const before = storedRow(db, rows[0].userId, rows[0].field)!.ciphertext;

    const report = rotateSecrets(db, { box: createSecretBox({ current: envKey(), previous: [] }), batchSize: 5 });
    expect(report.unreadable).toBe(rows.length);
    expect(report.rewritten).toBe(0);
    expect(report.unreadableSecrets).toHaveLength(rows.length);
    expect(report.unreadableSecrets[0]).toEqual({ userId: expect.any(String), field: expect.any(String), reason: "unknown_key" });
    expect(JSON.stringify(report)).not.toContain(before);
    expect(storedRow(db, rows[0].userId, rows[0].field)!.ciphertext).toBe(before);
  });

  it("skips a row saved between the read and the compare-and-set, keeping the newer save", () => {
    const db = tempDatabase();
    const oldKey = randomBytes(32);
    const userId = insertUser(db);
    const oldBox = createSecretBox({ current: oldKey, previous: [] });
    const staleCiphertext = oldBox.encrypt(userId, "exchange.api_secret", "old-secret-value-1234");
    db.insert(userSecrets).values({ userId, field: "exchange.api_secret", ciphertext: staleCiphertext, updatedAt: 1 }).run();

    // The user saves a new value after the rotation read the row...
    writeSecret(db, userId, "exchange.api_secret", SECRET, 2);
    const saved = storedRow(db, userId, "exchange.api_secret")!.ciphertext;

    // ...so the compare-and-set, still holding the value it read, must not overwrite it.
    const box = createSecretBox({ current: envKey(), previous: [oldKey] });
    const outcome = rotateSecretRow(db, box, { userId, field: "exchange.api_secret", ciphertext: staleCiphertext });
    expect(outcome).toEqual({ outcome: "skipped" });
    expect(storedRow(db, userId, "exchange.api_secret")!.ciphertext).toBe(saved);
    expect(readSecret(db, userId, "exchange.api_secret").value).toBe(SECRET);

    // With an up-to-date read of an old-key row, the same step does rewrite.
    db.update(userSecrets).set({ ciphertext: staleCiphertext }).where(eq(userSecrets.userId, userId)).run();
    expect(rotateSecretRow(db, box, { userId, field: "exchange.api_secret", ciphertext: staleCiphertext })).toEqual({ outcome: "rewritten" });
    expect(readSecret(db, userId, "exchange.api_secret").value).toBe("old-secret-value-1234");
  });
});
