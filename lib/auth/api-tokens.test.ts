import { hkdfSync } from "node:crypto";
import { SignJWT, base64url } from "jose";
import { describe, expect, it } from "vitest";
import { ACCESS_TOKEN_TTL_S, REFRESH_TOKEN_TTL_S, signToken, verifyToken } from "./api-tokens";

const subject = { userId: "user-1", sessionId: "session-1" };
const key = new Uint8Array(hkdfSync("sha256", process.env.AUTH_SECRET!, "", "api-jwt-v1", 32));
const now = () => Math.floor(Date.now() / 1000);

function craft(payload: Record<string, unknown>, options: { alg?: string; secret?: Uint8Array } = {}) {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: options.alg ?? "HS256" })
    .sign(options.secret ?? key);
}
const valid = () => ({ sub: "user-1", sid: "session-1", jti: "j1", typ: "access", iss: "autocbot", aud: "autocbot-api", iat: now(), exp: now() + 60 });

describe("API tokens", () => {
  it("signs access and refresh tokens with the documented claims and lifetimes", async () => {
    const access = await signToken("access", subject);
    const claims = await verifyToken(access.token, "access");
    expect(claims).toMatchObject({ sub: "user-1", sid: "session-1", typ: "access", jti: access.jti });
    expect(claims!.exp - claims!.iat).toBe(ACCESS_TOKEN_TTL_S);
    const refresh = await signToken("refresh", subject);
    const refreshClaims = await verifyToken(refresh.token, "refresh");
    expect(refreshClaims!.exp - refreshClaims!.iat).toBe(REFRESH_TOKEN_TTL_S);
    const [header, payload] = access.token.split(".").slice(0, 2).map((part) => JSON.parse(new TextDecoder().decode(base64url.decode(part))));
    expect(header.alg).toBe("HS256");
    expect(payload).toMatchObject({ iss: "autocbot", aud: "autocbot-api", typ: "access" });
  });

  it("accepts a hand-made token with the same key (the key is HKDF of AUTH_SECRET, info api-jwt-v1)", async () => {
    expect(await verifyToken(await craft(valid()), "access")).not.toBeNull();
  });

  it("rejects a token of the wrong type", async () => {
    const refresh = await signToken("refresh", subject);
    expect(await verifyToken(refresh.token, "access")).toBeNull();
    const access = await signToken("access", subject);
    expect(await verifyToken(access.token, "refresh")).toBeNull();
  });

  it("rejects an expired token", async () => {
    const old = await signToken("access", subject, { now: Date.now() - (ACCESS_TOKEN_TTL_S + 120) * 1000 });
    expect(await verifyToken(old.token, "access")).toBeNull();
  });

  it("rejects a tampered payload or signature", async () => {
    const { token } = await signToken("access", subject);
    const [h, p, s] = token.split(".");
    const forged = base64url.encode(JSON.stringify({ ...JSON.parse(new TextDecoder().decode(base64url.decode(p))), sub: "admin" }));
    expect(await verifyToken(`${h}.${forged}.${s}`, "access")).toBeNull();
    const flipped = s.slice(0, -2) + (s.at(-2) === "A" ? "B" : "A") + s.at(-1);
    expect(await verifyToken(`${h}.${p}.${flipped}`, "access")).toBeNull();
  });

  it('rejects alg "none" and other algorithms', async () => {
    const header = base64url.encode(JSON.stringify({ alg: "none", typ: "JWT" }));
    const body = base64url.encode(JSON.stringify(valid()));
    expect(await verifyToken(`${header}.${body}.`, "access")).toBeNull();
    expect(await verifyToken(await craft(valid(), { alg: "HS512" }), "access")).toBeNull();
  });

  it("rejects another key, issuer or audience", async () => {
    expect(await verifyToken(await craft(valid(), { secret: new Uint8Array(32).fill(1) }), "access")).toBeNull();
    expect(await verifyToken(await craft({ ...valid(), iss: "someone-else" }), "access")).toBeNull();
    expect(await verifyToken(await craft({ ...valid(), aud: "other-api" }), "access")).toBeNull();
  });

  it("rejects tokens missing sub, sid or jti, and garbage", async () => {
    const { sub: _s, ...noSub } = valid();
    const { sid: _i, ...noSid } = valid();
    const { jti: _j, ...noJti } = valid();
    for (const payload of [noSub, noSid, noJti]) expect(await verifyToken(await craft(payload), "access")).toBeNull();
    for (const garbage of ["", "abc", "a.b.c", "x".repeat(5000)]) expect(await verifyToken(garbage, "access")).toBeNull();
  });
});
