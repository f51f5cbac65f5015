/** The user as every page and API answer sees it: never the password hash. */
export type PublicUser = {
  id: string;
  email: string;
  name: string | null;
  role: "user" | "admin";
  isActive: boolean;
  createdAt: number;
  lastLoginAt: number | null;
};

export type SessionView = {
  id: string;
  kind: "browser" | "api";
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  ip: string | null;
  userAgent: string | null;
};

/** Who is calling: the same shape whether they came with a cookie or a bearer token. */
export type AuthContext = { user: PublicUser; sessionId: string; via: "cookie" | "bearer" };

/** Where a request came from, for audit rows and rate-limit keys. */
export type ClientInfo = { ip: string | null; userAgent: string | null };
