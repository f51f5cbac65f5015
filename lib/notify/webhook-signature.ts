import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com). Every notification we send carries
 *
 *   webhook-id:        a unique message id (receivers may use it to drop duplicates)
 *   webhook-timestamp: Unix seconds when the message was signed
 *   webhook-signature: "v1,<base64 HMAC-SHA256(key, `${id}.${timestamp}.${raw body}`)>"
 *
 * where key is the base64-decoded part of the secret after "whsec_". Receivers must verify over the
 * raw request body (re-serialised JSON will not match) and reject timestamps more than 300 s away
 * from their clock, which is what makes a captured request useless for replay later.
 *
 * verifyWebhook is the receiver side: users can copy it into their own endpoint, and our test fakes use it.
 */

export const WEBHOOK_SECRET_PREFIX = "whsec_";
export const WEBHOOK_TOLERANCE_S = 300;

const SECRET_BYTES = 32;
// Standard Webhooks asks for 24..64 random bytes; fewer is guessable, more is someone pasting the wrong thing.
const MIN_SECRET_BYTES = 24;
const MAX_SECRET_BYTES = 64;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export type WebhookSignatureHeaders = {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
};

export type WebhookMessage = { id: string; timestamp: number; body: string | Uint8Array };

/** Headers as Node (IncomingHttpHeaders), fetch (Headers) or a plain object hand them over. */
export type IncomingWebhookHeaders =
  | Headers
  | Record<string, string | string[] | undefined>;

export type VerifyWebhookOptions = {
  /** The receiver's clock in ms since the epoch (Date.now() convention). */
  now?: number;
  toleranceS?: number;
};

export function generateWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(SECRET_BYTES).toString("base64");
}

export function isWebhookSecret(secret: string): boolean {
  return decodeSecret(secret) !== null;
}

function decodeSecret(secret: string): Buffer | null {
  if (typeof secret !== "string" || !secret.startsWith(WEBHOOK_SECRET_PREFIX)) return null;
  const encoded = secret.slice(WEBHOOK_SECRET_PREFIX.length);
  if (!BASE64.test(encoded) || encoded.length % 4 !== 0) return null;
  const key = Buffer.from(encoded, "base64");
  return key.length >= MIN_SECRET_BYTES && key.length <= MAX_SECRET_BYTES ? key : null;
}

function keyOf(secret: string): Buffer {
  const key = decodeSecret(secret);
  // The message names the format only: the secret itself must never reach an error string.
  if (!key) throw new TypeError(`A webhook secret is "${WEBHOOK_SECRET_PREFIX}" followed by base64 of 24 to 64 random bytes.`);
  return key;
}

function hmac(key: Buffer, id: string, timestamp: string, body: string | Uint8Array): Buffer {
  return createHmac("sha256", key).update(`${id}.${timestamp}.`).update(body).digest();
}

/** Throws TypeError when the secret is not a whsec_ secret. */
export function signWebhook(secret: string, message: WebhookMessage): WebhookSignatureHeaders {
  const key = keyOf(secret);
  if (!Number.isSafeInteger(message.timestamp) || message.timestamp < 0) {
    throw new TypeError("The webhook timestamp must be whole Unix seconds.");
  }
  if (!message.id || message.id.includes(".")) {
    // A dot in the id would make "{id}.{timestamp}" ambiguous for the receiver.
    throw new TypeError("The webhook id must be a non-empty string without dots.");
  }
  const timestamp = String(message.timestamp);
  return {
    "webhook-id": message.id,
    "webhook-timestamp": timestamp,
    "webhook-signature": `v1,${hmac(key, message.id, timestamp, message.body).toString("base64")}`,
  };
}

function header(headers: IncomingWebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const value = record[name] ?? Object.entries(record).find(([k]) => k.toLowerCase() === name)?.[1];
  return Array.isArray(value) ? value.join(" ") : value;
}

/**
 * Receiver side: true only when one of the v1 signatures matches and the timestamp is within
 * toleranceS of now (in either direction: a clock far in the future is as suspicious as an old one).
 * Pass the body exactly as received, before any JSON parsing. Throws TypeError on a malformed secret,
 * because that is the receiver's misconfiguration, not a bad request.
 */
export function verifyWebhook(
  secret: string,
  headers: IncomingWebhookHeaders,
  rawBody: string | Uint8Array,
  { now = Date.now(), toleranceS = WEBHOOK_TOLERANCE_S }: VerifyWebhookOptions = {},
): boolean {
  const key = keyOf(secret);
  const id = header(headers, "webhook-id");
  const timestamp = header(headers, "webhook-timestamp");
  const signatures = header(headers, "webhook-signature");
  if (!id || !timestamp || !signatures) return false;
  if (!/^\d{1,15}$/.test(timestamp)) return false;
  if (Math.abs(Math.floor(now / 1000) - Number(timestamp)) > toleranceS) return false;

  const expected = hmac(key, id, timestamp, rawBody);
  let matched = false;
  // Several signatures appear while a sender rotates secrets; check all of them so timing does not reveal which matched.
  for (const entry of signatures.split(" ")) {
    const comma = entry.indexOf(",");
    if (comma < 0 || entry.slice(0, comma) !== "v1") continue;
    const candidate = Buffer.from(entry.slice(comma + 1), "base64");
    if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) matched = true;
  }
  return matched;
}
