import { describe, expect, it } from "vitest";
import { REDACTED, scrubSecrets } from "./scrub";

describe("scrubSecrets", () => {
  it("removes a given secret in raw, URL-encoded and JSON-escaped form", () => {
    const secret = 'p@ss word/"quoted"+1';
    const text = [
      `raw ${secret}`,
      `query secret=${encodeURIComponent(secret)}`,
      `form ${new URLSearchParams({ s: secret }).toString()}`,
      `json ${JSON.stringify({ msg: secret })}`,
    ].join("\n");
    const out = scrubSecrets(text, [secret]);
    expect(out).not.toContain("p@ss");
    expect(out).not.toContain("p%40ss");
    expect(out.split(REDACTED).length - 1).toBe(4);
  });

  it("replaces a secret that contains another secret whole", () => {
    expect(scrubSecrets("key abcd-efgh-ijkl", ["abcd", "abcd-efgh-ijkl"])).toBe(`key ${REDACTED}`);
  });

  it("ignores missing, empty and too-short secrets instead of shredding the text", () => {
    expect(scrubSecrets("a timeout happened", [undefined, null, "", "a"])).toBe("a timeout happened");
  });

  it("removes token-shaped runs but keeps the parameter name", () => {
    const sig = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    const out = scrubSecrets(`GET /api/v3/account?timestamp=1712345678901&recvWindow=5000&signature=${sig}`);
    expect(out).toBe(`GET /api/v3/account?timestamp=1712345678901&recvWindow=5000&signature=${REDACTED}`);
  });

  it("removes base64 keys with padding, base64url tokens and long digit-free runs", () => {
    expect(scrubSecrets("key dGhpcyBpcyBhIHNlY3JldCBrZXkgMTIz== end")).toBe(`key ${REDACTED} end`);
    expect(scrubSecrets("tok Ab_9-xYzAb_9-xYzAb_9-xYz end")).toBe(`tok ${REDACTED} end`);
    expect(scrubSecrets("k qwertyuiopasdfghjklzxcvbnmQWERTYUIOPASDF")).toBe(`k ${REDACTED}`);
  });

  it("removes JWTs and Telegram bot tokens", () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln";
    expect(scrubSecrets(`Bearer ${jwt}.`)).toBe(`Bearer ${REDACTED}.`);
    const url = "https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage";
    expect(scrubSecrets(url)).toBe(`https://api.telegram.org/${REDACTED}/sendMessage`);
  });

  it("leaves ordinary error text alone", () => {
    const text =
      "binance GET http://127.0.0.1:3999/api/v3/exchangeInfo 500 Internal Server Error " +
      '{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}';
    expect(scrubSecrets(text)).toBe(text);
    const path = "GET http://127.0.0.1:3999/sapi/v1/account/apiRestrictions?recvWindow=5000";
    expect(scrubSecrets(path)).toBe(path);
  });

  it("still removes a base64 secret that contains slashes", () => {
    const kraken = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";
    expect(scrubSecrets(`secret ${kraken}`)).toBe(`secret ${REDACTED}`);
  });
});
