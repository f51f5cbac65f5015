import "server-only";
import { getCurrentUser } from "./current-user";
import { authenticateBearer } from "./token-pairs";
import type { AuthContext } from "./types";

/**
 * Bearer token or browser cookie, resolved to the same caller. A request that presents a bearer
 * token is judged by it alone: a bad token is not rescued by a cookie.
 */
export async function authenticateRequest(headers: Headers): Promise<AuthContext | null> {
  const authorization = headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    return match ? authenticateBearer(match[1]) : null;
  }
  return getCurrentUser();
}
