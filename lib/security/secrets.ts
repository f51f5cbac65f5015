import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import { env, EnvError } from "@/lib/env";
import { SECRET_FIELDS, type SecretField, type SecretMask } from "@/lib/settings/secret-fields";

/*
 * The only place that encrypts or decrypts user secrets (DESIGN.md rule 5).
 *
 * Deliberately free of `server-only`: `npm run keys:rotate` runs this outside Next, where that
 * import would throw. That makes the guard a convention instead of a build error, so: never import
 * this module (or anything that imports it) from a client component — it holds key material, and a
 * client bundle would also inline whatever environment it could reach.
 */

const VERSION = "v1";
const HKDF_INFO = "autocbot/secrets/v1";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID_LENGTH = 8;
const LAST4_MIN_LENGTH = 16;

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const KEY_ID = /^[A-Za-z0-9_-]{8}$/;

export type SecretUnreadableReason = "unknown_key" | "tampered_or_moved" | "malformed";

const REASON_MESSAGES: Record<SecretUnreadableReason, string> = {
  unknown_key: "The stored secret was encrypted with a key that is not configured.",
  tampered_or_moved: "The stored secret does not decrypt for this user and field.",
  malformed: "The stored secret is not in a recognised format.",
};

/** Messages are fixed per reason so neither plaintext, ciphertext nor key material can leak through them. */
export class SecretUnreadable extends Error {
  constructor(public readonly reason: SecretUnreadableReason) {
    super(REASON_MESSAGES[reason]);
    this.name = "SecretUnreadable";
  }
}

export type SecretBox = {
  encrypt(userId: string, field: SecretField, plaintext: string): string;
  /** Throws SecretUnreadable. */
  decrypt(userId: string, field: SecretField, stored: string): string;
  /** The key id a stored value names, or null when it is not a v1 value. */
  keyId(stored: string): string | null;
  currentKeyId(): string;
};

type DerivedKey = { id: string; key: Buffer };

function deriveKey(ikm: Buffer): DerivedKey {
  if (!Buffer.isBuffer(ikm) || ikm.length !== KEY_BYTES) {
    // The length alone is safe to mention; the bytes never are.
    throw new RangeError(`An encryption key must be ${KEY_BYTES} bytes.`);
  }
  const key = Buffer.from(hkdfSync("sha256", ikm, Buffer.alloc(0), HKDF_INFO, KEY_BYTES));
  const id = createHash("sha256").update(key).digest("base64url").slice(0, KEY_ID_LENGTH);
  return { id, key };
}

/** Rejects non-canonical base64url, so flipping unused trailing bits of a part cannot go unnoticed. */
function decodePart(part: string): Buffer | null {
  if (!BASE64URL.test(part)) return null;
  const bytes = Buffer.from(part, "base64url");
  return bytes.toString("base64url") === part ? bytes : null;
}

function associatedData(userId: string, field: SecretField): Buffer {
  // A type cast elsewhere must not widen the field set: the associated data is only unambiguous
  // because no field name contains ":".
  if (typeof userId !== "string" || userId === "") throw new TypeError("A secret needs a user id.");
  if (!(SECRET_FIELDS as readonly string[]).includes(field)) throw new TypeError("Unknown secret field.");
  return Buffer.from(`${userId}:${field}`, "utf8");
}

type Parsed = { keyId: string; iv: Buffer; tag: Buffer; data: Buffer };

function parseStored(stored: string): Parsed | null {
  if (typeof stored !== "string") return null;
  const parts = stored.split(".");
  if (parts.length !== 5 || parts[0] !== VERSION || !KEY_ID.test(parts[1])) return null;
  const iv = decodePart(parts[2]);
  const tag = decodePart(parts[3]);
  const data = decodePart(parts[4]);
  if (!iv || iv.length !== IV_BYTES || !tag || tag.length !== TAG_BYTES || !data) return null;
  return { keyId: parts[1], iv, tag, data };
}

function keyIdOf(stored: string): string | null {
  if (typeof stored !== "string") return null;
  const parts = stored.split(".", 3);
  return parts.length === 3 && parts[0] === VERSION && KEY_ID.test(parts[1]) ? parts[1] : null;
}

/** The pure core: explicit keys in, no environment read. */
export function createSecretBox(keys: { current: Buffer; previous: Buffer[] }): SecretBox {
  const current = deriveKey(keys.current);
  // Several keys per id: two different keys sharing 48 bits of hash is unlikely, but trying each
  // costs nothing and turns that case from "unreadable" into "works".
  const byId = new Map<string, Buffer[]>();
  for (const { id, key } of [current, ...keys.previous.map(deriveKey)]) {
    const list = byId.get(id) ?? [];
    if (!list.some((k) => k.equals(key))) list.push(key);
    byId.set(id, list);
  }

  return {
    encrypt(userId, field, plaintext) {
      const aad = associatedData(userId, field);
      if (typeof plaintext !== "string") throw new TypeError("A secret must be a string.");
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", current.key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad);
      const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, current.id, iv.toString("base64url"), tag.toString("base64url"), data.toString("base64url")].join(".");
    },

    decrypt(userId, field, stored) {
      const aad = associatedData(userId, field);
      const parsed = parseStored(stored);
      if (!parsed) throw new SecretUnreadable("malformed");
      const candidates = byId.get(parsed.keyId);
      if (!candidates) throw new SecretUnreadable("unknown_key");
      for (const key of candidates) {
        try {
          const decipher = createDecipheriv("aes-256-gcm", key, parsed.iv, { authTagLength: TAG_BYTES });
          decipher.setAAD(aad);
          decipher.setAuthTag(parsed.tag);
          return Buffer.concat([decipher.update(parsed.data), decipher.final()]).toString("utf8");
        } catch {
          // Authentication failed under this key; node's error text is dropped on purpose.
        }
      }
      throw new SecretUnreadable("tampered_or_moved");
    },

    keyId: keyIdOf,
    currentKeyId: () => current.id,
  };
}

function parsePreviousKeys(list: string | undefined): Buffer[] {
  const entries = (list ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const problems: string[] = [];
  const keys = entries.map((entry, i) => {
    const bytes = Buffer.from(entry, "base64");
    if (bytes.length !== KEY_BYTES) {
      problems.push(`ENCRYPTION_KEYS_PREVIOUS entry ${i + 1} must be ${KEY_BYTES} random bytes encoded as base64`);
    }
    return bytes;
  });
  if (problems.length > 0) throw new EnvError(problems);
  return keys;
}

// Keyed by the raw env strings: HKDF runs once per distinct configuration, and a different
// configuration can never be served keys derived from an earlier one.
let cachedBox: { cacheKey: string; box: SecretBox } | undefined;

function envBox(): SecretBox {
  const { ENCRYPTION_KEY, ENCRYPTION_KEYS_PREVIOUS } = env();
  const cacheKey = `${ENCRYPTION_KEY}\n${ENCRYPTION_KEYS_PREVIOUS ?? ""}`;
  if (cachedBox?.cacheKey !== cacheKey) {
    const box = createSecretBox({
      current: Buffer.from(ENCRYPTION_KEY, "base64"),
      previous: parsePreviousKeys(ENCRYPTION_KEYS_PREVIOUS),
    });
    cachedBox = { cacheKey, box };
  }
  return cachedBox.box;
}

/** The secret box configured by ENCRYPTION_KEY and ENCRYPTION_KEYS_PREVIOUS. */
export function configuredSecretBox(): SecretBox {
  return envBox();
}

export function encryptSecret(userId: string, field: SecretField, plaintext: string): string {
  return envBox().encrypt(userId, field, plaintext);
}

/** Throws SecretUnreadable when the value cannot be decrypted for this user and field. */
export function decryptSecret(userId: string, field: SecretField, stored: string): string {
  return envBox().decrypt(userId, field, stored);
}

export function storedKeyId(stored: string): string | null {
  return keyIdOf(stored);
}

export function currentKeyId(): string {
  return envBox().currentKeyId();
}

/** Short secrets get no last4: four characters of an 8-character token is half of it. */
export function maskSecret(plaintext: string, updatedAt: number): SecretMask {
  // Code points, so a trailing emoji or other astral character is never cut in half.
  const chars = Array.from(plaintext);
  if (chars.length >= LAST4_MIN_LENGTH) return { set: true, last4: chars.slice(-4).join(""), updated_at: updatedAt };
  return { set: true, updated_at: updatedAt };
}
