import "server-only";
import NextAuth, { CredentialsSignin, type NextAuthResult } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { env } from "@/lib/env";
import { getDb } from "@/lib/db";
import { InvalidCredentials, RateLimited, Unavailable } from "@/lib/errors";
import { logger } from "@/lib/log";
import { clientInfo } from "@/lib/http/client-info";
import { authenticatePassword } from "./credentials";
import { loginSchema } from "./schemas";
import { createSession, validateSession } from "./sessions";

class RateLimitedSignIn extends CredentialsSignin {
  code = "rate_limited";
}
class UnavailableSignIn extends CredentialsSignin {
  code = "unavailable";
}

declare module "next-auth" {
  interface User {
    sid?: string;
  }
  interface Session {
    sid?: string;
  }
}

/**
 * Browser sessions: Auth.js with credentials and JWT cookies, where the JWT only carries a
 * server-side session id. The jwt callback re-checks that row on every auth() call (proxy,
 * pages, route handlers and server actions alike), so revocation, idle and absolute expiry and
 * deactivation take effect at once.
 */
const nextAuth: NextAuthResult = NextAuth(() => ({
  secret: env().AUTH_SECRET,
  trustHost: env().AUTH_TRUST_HOST,
  session: { strategy: "jwt", maxAge: env().SESSION_MAX_AGE_HOURS * 3600 },
  pages: { signIn: "/login", error: "/login" },
  logger: {
    error(error: Error) {
      const type = (error as { type?: string }).type;
      if (type !== "CredentialsSignin") logger().error({ err: { type, message: error.message } }, "auth error");
    },
    warn() {},
    debug() {},
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(credentials, request) {
        const parsed = loginSchema.safeParse({ email: credentials?.email, password: credentials?.password });
        if (!parsed.success) return null;
        const client = clientInfo(request.headers);
        try {
          const user = await authenticatePassword(parsed.data, client);
          const session = getDb().transaction((tx) => createSession(tx, user.id, "browser", client), { behavior: "immediate" });
          return { id: user.id, email: user.email, name: user.name, sid: session.id };
        } catch (error) {
          if (error instanceof InvalidCredentials) return null;
          if (error instanceof RateLimited) throw new RateLimitedSignIn();
          if (error instanceof Unavailable) throw new UnavailableSignIn();
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user?.sid && user.id) {
        token.sub = user.id;
        token.sid = user.sid;
        return token;
      }
      if (typeof token.sid !== "string" || typeof token.sub !== "string") return null;
      return (await validateSession(token.sid, token.sub)) ? token : null;
    },
    async session({ session, token }) {
      session.sid = typeof token.sid === "string" ? token.sid : undefined;
      if (session.user && token.sub) session.user.id = token.sub;
      return session;
    },
  },
}));

export const { handlers, auth, signIn, signOut } = nextAuth;
