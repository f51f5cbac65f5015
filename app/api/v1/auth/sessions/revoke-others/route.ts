import { authOps } from "@/lib/auth/operations";
import { revokeOtherSessions } from "@/lib/auth/sessions";
import { json, route } from "@/lib/http/route";

// POST /api/v1/auth/sessions/revoke-others – sign out every other session
export const POST = route(authOps.revokeOtherSessions, async ({ auth, client }) =>
  json({ revoked: await revokeOtherSessions(auth.user.id, auth.sessionId, client) }),
);
