import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { createSemaphore } from "./hash-semaphore";

export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  ln: number;
  r: number;
  p: number;
}

// OWASP Password Storage Cheat Sheet recommendation for scrypt.
export const SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({ ln: 17, r: 8, p: 1 });

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
// One derivation at N=2^17, r=8 needs 128 MiB; Node's 32 MiB default maxmem
// would reject it outright.
const MAX_MEM = 256 * 1024 * 1024;

// Each scrypt run holds 128 MiB, so a burst of logins must not fan out across
// the whole libuv pool (and memory) at once.
export const scryptSlots = createSemaphore(2);

const B64 = /^[A-Za-z0-9+/]+$/;

function b64encode(buf: Buffer): string {
  return buf.toString("base64").replace(/=+$/, "");
}

function b64decode(s: string): Buffer | null {
  if (!B64.test(s) || s.length % 4 === 1) return null;
  const buf = Buffer.from(s, "base64");
  // Buffer.from silently ignores junk bits; requiring a round trip rejects
  // non-canonical encodings rather than verifying against something altered.
  return b64encode(buf) === s ? buf : null;
}

function derive(pw: string, salt: Buffer, params: ScryptParams, keyLength: number): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** params.ln, r: params.r, p: params.p, maxmem: MAX_MEM };
  // NFC so the same password typed via different input methods (composed vs
  // decomposed accents) hashes identically.
  const input = pw.normalize("NFC");
  return scryptSlots.run(
    () =>
      new Promise<Buffer>((resolve, reject) => {
        scrypt(input, salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key)));
      }),
  );
}

function formatPhc(params: ScryptParams, salt: Buffer, hash: Buffer): string {
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${b64encode(salt)}$${b64encode(hash)}`;
}

interface ParsedPhc {
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
}

function parsePhc(phc: string): ParsedPhc | null {
  if (typeof phc !== "string") return null;
  const parts = phc.split("$");
  if (parts.length !== 5 || parts[0] !== "" || parts[1] !== "scrypt") return null;
  const m = /^ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})$/.exec(parts[2]);
  if (!m) return null;
  const params: ScryptParams = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (params.ln < 1 || params.r < 1 || params.p < 1) return null;
  // A stored string must not be able to demand more memory than we allow:
  // scrypt would throw, and verify promises never to.
  if (128 * params.r * (2 ** params.ln + params.p + 2) > MAX_MEM) return null;
  const salt = b64decode(parts[3]);
  const hash = b64decode(parts[4]);
  if (!salt || !hash || salt.length < 8 || hash.length < 16 || hash.length > 64) return null;
  return { params, salt, hash };
}

/** Only tests should pass non-default parameters (e.g. to exercise needsRehash cheaply). */
export async function hashPasswordWith(pw: string, params: ScryptParams): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const hash = await derive(pw, salt, params, KEY_LENGTH);
  return formatPhc(params, salt, hash);
}

export function hashPassword(pw: string): Promise<string> {
  return hashPasswordWith(pw, SCRYPT_PARAMS);
}

export async function verifyPassword(
  phc: string,
  pw: string,
): Promise<{ ok: boolean; needsRehash: boolean }> {
  const parsed = parsePhc(phc);
  if (!parsed) return { ok: false, needsRehash: false };
  let actual: Buffer;
  try {
    actual = await derive(pw, parsed.salt, parsed.params, parsed.hash.length);
  } catch {
    return { ok: false, needsRehash: false };
  }
  const ok = timingSafeEqual(actual, parsed.hash);
  const { params } = parsed;
  const needsRehash =
    ok &&
    (params.ln !== SCRYPT_PARAMS.ln ||
      params.r !== SCRYPT_PARAMS.r ||
      params.p !== SCRYPT_PARAMS.p ||
      parsed.hash.length !== KEY_LENGTH);
  return { ok, needsRehash };
}

let dummyHash: Promise<string> | undefined;

/**
 * Burns the same scrypt work as a real check so a login for an unknown email
 * takes as long as one with a wrong password (no account enumeration by timing).
 */
export async function verifyDummyPassword(pw: string): Promise<false> {
  // Random secret: nothing can ever match it, and it's built with the current
  // parameters so its cost tracks real hashes.
  dummyHash ??= hashPassword(randomBytes(32).toString("base64")).catch((err: unknown) => {
    // Don't cache a failure forever; the next call gets to try again.
    dummyHash = undefined;
    throw err;
  });
  await verifyPassword(await dummyHash, pw);
  return false;
}
