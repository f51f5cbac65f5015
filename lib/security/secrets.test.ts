import { createHash, hkdfSync, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  createSecretBox,
  currentKeyId,
  decryptSecret,
  encryptSecret,
  maskSecret,
  SecretUnreadable,
  storedKeyId,
} from "./secrets";

const STORED_FORMAT = /^v1\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const USER = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
const OTHER_USER = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c";
const SECRET = "sk-live-0123456789abcdefWXYZ";

/** Written out independently of the implementation, straight from the contract. */
function expectedKeyId(rawKey: Buffer): string {
  const k = Buffer.from(hkdfSync("sha256", rawKey, Buffer.alloc(0), Buffer.from("autocbot/secrets/v1"), 32));
  return createHash("sha256").update(k).digest("base64url").slice(0, 8);
}

function unreadableReason(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SecretUnreadable);
    return (error as SecretUnreadable).reason;
  }
  throw new Error("expected SecretUnreadable");
}

/** Replaces one base64url part with a different, still well-formed encoding of the same length. */
function flipPart(stored: string, index: number): string {
  const parts = stored.split(".");
  const bytes = Buffer.from(parts[index], "base64url");
  bytes[0] ^= 0x01;
  parts[index] = bytes.toString("base64url");
  return parts.join(".");
}

describe("secret box", () => {
  const key = randomBytes(32);
  const box = createSecretBox({ current: key, previous: [] });

  it("round-trips, including empty and non-ASCII secrets", () => {
    for (const plaintext of [SECRET, "", "päss wörd 🔑"]) {
      const stored = box.encrypt(USER, "exchange.api_secret", plaintext);
      expect(box.decrypt(USER, "exchange.api_secret", stored)).toBe(plaintext);
    }
  });

  it("stores v1.<keyId>.<iv>.<tag>.<ciphertext> in unpadded base64url, with a 12-byte IV and 16-byte tag", () => {
    const stored = box.encrypt(USER, "exchange.api_key", SECRET);
    expect(stored).toMatch(STORED_FORMAT);
    const [, , iv, tag, data] = stored.split(".");
    expect(Buffer.from(iv, "base64url")).toHaveLength(12);
    expect(Buffer.from(tag, "base64url")).toHaveLength(16);
    expect(Buffer.from(data, "base64url")).toHaveLength(Buffer.byteLength(SECRET));
    expect(stored).not.toContain(SECRET);
  });

  it("names the key by the first 8 base64url characters of SHA-256 of the HKDF-derived key", () => {
    const stored = box.encrypt(USER, "exchange.api_key", SECRET);
    expect(box.currentKeyId()).toBe(expectedKeyId(key));
    expect(box.keyId(stored)).toBe(expectedKeyId(key));
    expect(storedKeyId(stored)).toBe(expectedKeyId(key));
  });

  it("uses a fresh IV each time, so equal secrets give different ciphertexts", () => {
    const a = box.encrypt(USER, "exchange.api_key", SECRET);
    const b = box.encrypt(USER, "exchange.api_key", SECRET);
    expect(a).not.toBe(b);
    expect(a.split(".")[2]).not.toBe(b.split(".")[2]);
  });

  it("refuses a ciphertext moved to another user or another field", () => {
    const stored = box.encrypt(USER, "exchange.api_secret", SECRET);
    expect(unreadableReason(() => box.decrypt(OTHER_USER, "exchange.api_secret", stored))).toBe("tampered_or_moved");
    expect(unreadableReason(() => box.decrypt(USER, "exchange.api_key", stored))).toBe("tampered_or_moved");
  });

  it("refuses a tampered IV, tag or ciphertext", () => {
    const stored = box.encrypt(USER, "exchange.api_secret", SECRET);
    for (const index of [2, 3, 4]) {
      const tampered = flipPart(stored, index);
      expect(tampered).not.toBe(stored);
      expect(unreadableReason(() => box.decrypt(USER, "exchange.api_secret", tampered))).toBe("tampered_or_moved");
    }
  });

  it("refuses a non-canonical encoding of the tag, whose unused trailing bits would otherwise go unnoticed", () => {
    const stored = box.encrypt(USER, "exchange.api_secret", SECRET);
    const parts = stored.split(".");
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const last = alphabet.indexOf(parts[3].at(-1)!);
    // 16 bytes take 22 characters; the last one carries 4 unused bits.
    parts[3] = parts[3].slice(0, -1) + alphabet[last ^ 0b0001];
    expect(Buffer.from(parts[3], "base64url").equals(Buffer.from(stored.split(".")[3], "base64url"))).toBe(true);
    expect(unreadableReason(() => box.decrypt(USER, "exchange.api_secret", parts.join(".")))).toBe("malformed");
  });

  it("reports an unknown key id as unknown_key", () => {
    const stored = createSecretBox({ current: randomBytes(32), previous: [] }).encrypt(USER, "exchange.api_key", SECRET);
    expect(unreadableReason(() => box.decrypt(USER, "exchange.api_key", stored))).toBe("unknown_key");
  });

  it("reports anything that is not a v1 value as malformed", () => {
    const stored = box.encrypt(USER, "exchange.api_key", SECRET);
    const [, id, iv, tag, data] = stored.split(".");
    for (const bad of [
      "",
      SECRET,
      `v2.${id}.${iv}.${tag}.${data}`,
      `v1.${id}.${iv}.${tag}`,
      `v1.${id}.${iv}.${tag}.${data}.extra`,
      `v1.${id}.${iv}=.${tag}.${data}`,
      `v1.${id}.${iv.slice(0, -2)}.${tag}.${data}`,
      `v1.${id}.${iv}.${tag.slice(0, -3)}.${data}`,
      `v1.${id}.${iv}.${tag}.${data}+/`,
    ]) {
      expect(unreadableReason(() => box.decrypt(USER, "exchange.api_key", bad))).toBe("malformed");
    }
    expect(box.keyId(SECRET)).toBeNull();
  });

  it("never puts plaintext, ciphertext or key material into error messages", () => {
    const stored = box.encrypt(USER, "exchange.api_secret", SECRET);
    for (const run of [
      () => box.decrypt(OTHER_USER, "exchange.api_secret", stored),
      () => box.decrypt(USER, "exchange.api_secret", flipPart(stored, 4)),
      () => box.decrypt(USER, "exchange.api_secret", stored.replace(/^v1\.[^.]+/, "v1.AAAAAAAA")),
    ]) {
      try {
        run();
      } catch (error) {
        const text = `${(error as Error).message} ${String(error)} ${JSON.stringify(error)}`;
        for (const forbidden of [SECRET, stored, ...stored.split(".").slice(2), key.toString("base64"), key.toString("hex")]) {
          if (forbidden) expect(text).not.toContain(forbidden);
        }
      }
    }
  });

  it("rejects a field outside SECRET_FIELDS and keys that are not 32 bytes", () => {
    expect(() => box.encrypt(USER, "exchange.api_key:x" as never, SECRET)).toThrow(TypeError);
    expect(() => box.encrypt("", "exchange.api_key", SECRET)).toThrow(TypeError);
    expect(() => createSecretBox({ current: randomBytes(16), previous: [] })).toThrow(RangeError);
  });
});

describe("key rotation in the box", () => {
  it("reads old ciphertexts through previous keys, and writes under the new key only", () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const oldBox = createSecretBox({ current: oldKey, previous: [] });
    const oldStored = oldBox.encrypt(USER, "notifications.telegram_bot_token", SECRET);

    const rotated = createSecretBox({ current: newKey, previous: [oldKey] });
    expect(rotated.decrypt(USER, "notifications.telegram_bot_token", oldStored)).toBe(SECRET);
    const newStored = rotated.encrypt(USER, "notifications.telegram_bot_token", SECRET);
    expect(rotated.keyId(newStored)).toBe(expectedKeyId(newKey));
    expect(rotated.currentKeyId()).toBe(expectedKeyId(newKey));
    expect(rotated.keyId(oldStored)).toBe(expectedKeyId(oldKey));

    // Without the previous key, the old value is unknown and the new one is still fine.
    const newOnly = createSecretBox({ current: newKey, previous: [] });
    expect(unreadableReason(() => newOnly.decrypt(USER, "notifications.telegram_bot_token", oldStored))).toBe("unknown_key");
    expect(newOnly.decrypt(USER, "notifications.telegram_bot_token", newStored)).toBe(SECRET);
    // And the old box cannot read what was written under the new key.
    expect(unreadableReason(() => oldBox.decrypt(USER, "notifications.telegram_bot_token", newStored))).toBe("unknown_key");
  });

  it("tolerates the current key also being listed as previous", () => {
    const key = randomBytes(32);
    const box = createSecretBox({ current: key, previous: [key] });
    expect(box.decrypt(USER, "exchange.api_key", box.encrypt(USER, "exchange.api_key", SECRET))).toBe(SECRET);
  });
});

describe("env-backed functions", () => {
  it("use ENCRYPTION_KEY from the environment", () => {
    const rawKey = Buffer.from(process.env.ENCRYPTION_KEY!, "base64");
    expect(currentKeyId()).toBe(expectedKeyId(rawKey));
    const stored = encryptSecret(USER, "market_data.coingecko_api_key", SECRET);
    expect(stored).toMatch(STORED_FORMAT);
    expect(storedKeyId(stored)).toBe(currentKeyId());
    expect(decryptSecret(USER, "market_data.coingecko_api_key", stored)).toBe(SECRET);
    // An explicit box over the same key reads it too: the env path adds nothing to the format.
    expect(createSecretBox({ current: rawKey, previous: [] }).decrypt(USER, "market_data.coingecko_api_key", stored)).toBe(SECRET);
    expect(unreadableReason(() => decryptSecret(OTHER_USER, "market_data.coingecko_api_key", stored))).toBe("tampered_or_moved");
  });
});

describe("maskSecret", () => {
  it("shows the last 4 characters only for secrets of 16 or more characters", () => {
    expect(maskSecret("0123456789abcdef", 1000)).toEqual({ set: true, last4: "cdef", updated_at: 1000 });
    expect(maskSecret(SECRET, 5)).toEqual({ set: true, last4: "WXYZ", updated_at: 5 });
    expect(maskSecret("0123456789abcde", 1000)).toEqual({ set: true, updated_at: 1000 });
    expect(maskSecret("", 1)).toEqual({ set: true, updated_at: 1 });
  });

  it("never contains the whole secret", () => {
    for (const secret of ["abcd", "abcdefgh", "0123456789abcdef", SECRET]) {
      expect(JSON.stringify(maskSecret(secret, 1))).not.toContain(secret);
    }
  });

  it("counts characters, not UTF-16 units, so last4 never splits one", () => {
    const mask = maskSecret("🔑".repeat(16), 1);
    expect(mask).toEqual({ set: true, last4: "🔑🔑🔑🔑", updated_at: 1 });
  });
});
