import { authOps } from "@/lib/auth/operations";
import { revokeSession } from "@/lib/auth/sessions";
import { noContent, route } from "@/lib/http/route";

// POST /api/v1/auth/logout – revoke the caller's session and its refresh family
export const POST = route(authOps.logout, async ({ auth, client }) => {
  await revokeSession(auth.user.id, auth.sessionId, client, "logout");
  return noContent();
});
