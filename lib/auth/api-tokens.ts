import { hkdfSync, randomUUID } from "node:crypto";
import { SignJWT, jwtVerify, errors as joseErrors } from "jose";
import { env } from "@/lib/env";

export const ACCESS_TOKEN_TTL_S = 15 * 60;
export const REFRESH_TOKEN_TTL_S = 7 * 24 * 60 * 60;
const ISSUER = "autocbot";
const AUDIENCE = "autocbot-api";

export type TokenType = "access" | "refresh";
export type TokenClaims = { sub: string; sid: string; jti: string; typ: TokenType; exp: number; iat: number };

let cachedKey: { secret: string; key: Uint8Array } | undefined;

/** A key of its own for API tokens, so a leaked Auth.js cookie key cannot mint bearer tokens and vice versa. */
function signingKey(): Uint8Array {
  const secret = env().AUTH_SECRET;
  if (cachedKey?.secret !== secret) {
    const key = new Uint8Array(hkdfSync("sha256", secret, "", "api-jwt-v1", 32));
    cachedKey = { secret, key };
  }
  return cachedKey.key;
}

export async function signToken(
  typ: TokenType,
  subject: { userId: string; sessionId: string },
  options: { jti?: string; now?: number } = {},
): Promise<{ token: string; jti: string; expiresAt: number }> {
  const jti = options.jti ?? randomUUID();
  const iat = Math.floor((options.now ?? Date.now()) / 1000);
  const exp = iat + (typ === "access" ? ACCESS_TOKEN_TTL_S : REFRESH_TOKEN_TTL_S);
  const token = await new SignJWT({ sid: subject.sessionId, typ })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(subject.userId)
    .setJti(jti)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(signingKey());
  return { token, jti, expiresAt: exp * 1000 };
}

/**
 * Returns the claims of a valid token of the expected type, or null for anything else:
 * expired, tampered, wrong type, wrong algorithm (including "none"), wrong issuer or audience.
 * Revocation is checked by the caller against the sessions table.
 */
export async function verifyToken(token: string, expected: TokenType): Promise<TokenClaims | null> {
  try {
    const { payload } = await jwtVerify(token, signingKey(), {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ["sub", "jti", "exp", "iat"],
    });
    if (payload.typ !== expected || typeof payload.sid !== "string" || typeof payload.sub !== "string") return null;
    return {
      sub: payload.sub,
      sid: payload.sid,
      jti: payload.jti as string,
      typ: expected,
      exp: payload.exp as number,
      iat: payload.iat as number,
    };
  } catch (error) {
    if (error instanceof joseErrors.JOSEError || error instanceof TypeError) return null;
    throw error;
  }
}
