import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { resolveClientAddress, rewriteForwardingHeaders } from "./client-address";

const request = (remote: string, xff?: string, extra: Record<string, string> = {}) =>
  ({ socket: { remoteAddress: remote }, headers: { ...(xff ? { "x-forwarded-for": xff } : {}), ...extra } }) as unknown as IncomingMessage;

describe("client address", () => {
  it("is the socket's address when no proxy is trusted, whatever the client sends", () => {
    expect(resolveClientAddress(request("::ffff:10.1.2.3", "203.0.113.9"), false, 1)).toBe("10.1.2.3");
  });

  it("takes the entry left of the trusted hops, never the leftmost", () => {
    // client-written, then the client as seen by our proxy; the socket is the proxy itself.
    expect(resolveClientAddress(request("10.0.0.2", "1.1.1.1, 198.51.100.7"), true, 1)).toBe("198.51.100.7");
    expect(resolveClientAddress(request("10.0.0.2", "1.1.1.1, 198.51.100.7, 10.0.0.1"), true, 2)).toBe("198.51.100.7");
    expect(resolveClientAddress(request("10.0.0.2"), true, 1)).toBe("10.0.0.2");
  });

  it("overwrites the forwarding headers", () => {
    const req = request("127.0.0.1", "6.6.6.6", { "x-real-ip": "6.6.6.6", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" });
    rewriteForwardingHeaders(req, false, 1);
    expect(req.headers["x-forwarded-for"]).toBe("127.0.0.1");
    expect(req.headers["x-real-ip"]).toBeUndefined();
    expect(req.headers["x-forwarded-host"]).toBeUndefined();
    expect(req.headers["x-forwarded-proto"]).toBeUndefined();
  });
});
