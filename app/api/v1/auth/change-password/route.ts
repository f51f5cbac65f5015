import { authOps } from "@/lib/auth/operations";
import { changePassword } from "@/lib/auth/change-password";
import { json, route } from "@/lib/http/route";

// PUT /api/v1/auth/change-password – change the password and sign out every other session
export const PUT = route(authOps.changePassword, async ({ auth, body, client }) => {
  const { tokens, revokedSessions } = await changePassword(auth, body, client);
  return json({ revoked_sessions: revokedSessions, tokens });
});
