import { authOps } from "@/lib/auth/operations";
import { revokeSession } from "@/lib/auth/sessions";
import { noContent, route } from "@/lib/http/route";

// DELETE /api/v1/auth/sessions/{id} – sign out one of the caller's sessions
export const DELETE = route(authOps.revokeSession, async ({ auth, params, client }) => {
  await revokeSession(auth.user.id, params.id, client);
  return noContent();
});
