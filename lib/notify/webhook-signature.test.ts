import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateWebhookSecret, isWebhookSecret, signWebhook, verifyWebhook } from "@/lib/notify/webhook-signature";

const secret = generateWebhookSecret();
const body = JSON.stringify({ type: "test", message: "AutoCbot test notification", sent_at: 1_700_000_000_000 });
const nowS = Math.floor(Date.now() / 1000);

describe("generateWebhookSecret", () => {
  it("is whsec_ plus base64 of 32 random bytes", () => {
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
    expect(isWebhookSecret(secret)).toBe(true);
    expect(isWebhookSecret("whsec_c2hvcnQ=")).toBe(false);
    expect(isWebhookSecret(secret.slice(6))).toBe(false);
  });
});

describe("signWebhook", () => {
  it("signs base64 HMAC-SHA256 over '{id}.{timestamp}.{raw body}' with the decoded key", () => {
    const headers = signWebhook(secret, { id: "msg_1", timestamp: nowS, body });
    const key = Buffer.from(secret.slice("whsec_".length), "base64");
    const expected = createHmac("sha256", key).update(`msg_1.${nowS}.${body}`).digest("base64");
    expect(headers).toEqual({
      "webhook-id": "msg_1",
      "webhook-timestamp": String(nowS),
      "webhook-signature": `v1,${expected}`,
    });
  });

  it("refuses a malformed secret without echoing it", () => {
    expect(() => signWebhook("not-a-secret-value", { id: "a", timestamp: nowS, body })).toThrow(/whsec_/);
    try {
      signWebhook("not-a-secret-value", { id: "a", timestamp: nowS, body });
    } catch (error) {
      expect((error as Error).message).not.toContain("not-a-secret-value");
    }
  });
});

describe("verifyWebhook", () => {
  const headers = signWebhook(secret, { id: "msg_2", timestamp: nowS, body });

  it("accepts the signed body, from a plain object or Headers", () => {
    expect(verifyWebhook(secret, headers, body)).toBe(true);
    expect(verifyWebhook(secret, new Headers(headers), Buffer.from(body))).toBe(true);
  });

  it("rejects a tampered body, id or timestamp, and another secret", () => {
    expect(verifyWebhook(secret, headers, body.replace("test", "tset"))).toBe(false);
    expect(verifyWebhook(secret, { ...headers, "webhook-id": "msg_3" }, body)).toBe(false);
    expect(verifyWebhook(secret, { ...headers, "webhook-timestamp": String(nowS + 1) }, body)).toBe(false);
    expect(verifyWebhook(generateWebhookSecret(), headers, body)).toBe(false);
  });

  it("rejects a timestamp older than 300 s or too far in the future", () => {
    // The receiver's clock is pinned: a suite on a busy machine can reach this test seconds after nowS.
    const now = nowS * 1000;
    const old = signWebhook(secret, { id: "msg_4", timestamp: nowS - 301, body });
    expect(verifyWebhook(secret, old, body, { now })).toBe(false);
    expect(verifyWebhook(secret, old, body, { now: now - 1000 })).toBe(true);
    const future = signWebhook(secret, { id: "msg_5", timestamp: nowS + 301, body });
    expect(verifyWebhook(secret, future, body, { now })).toBe(false);
    expect(verifyWebhook(secret, future, body, { now: now + 1000 })).toBe(true);
    expect(verifyWebhook(secret, old, body, { now, toleranceS: 600 })).toBe(true);
  });

  it("accepts any one of several space-separated v1 signatures and ignores other versions", () => {
    const rotated = `v1a,ignored v1,${Buffer.alloc(32).toString("base64")} ${headers["webhook-signature"]}`;
    expect(verifyWebhook(secret, { ...headers, "webhook-signature": rotated }, body)).toBe(true);
    expect(verifyWebhook(secret, { ...headers, "webhook-signature": "v1,AAAA v2,whatever" }, body)).toBe(false);
  });

  it("rejects missing or malformed headers", () => {
    expect(verifyWebhook(secret, {}, body)).toBe(false);
    expect(verifyWebhook(secret, { ...headers, "webhook-timestamp": "12e3" }, body)).toBe(false);
    expect(verifyWebhook(secret, { ...headers, "webhook-signature": "" }, body)).toBe(false);
  });
});
