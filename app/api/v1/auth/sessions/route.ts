import { authOps } from "@/lib/auth/operations";
import { listSessions } from "@/lib/auth/sessions";
import { json, route } from "@/lib/http/route";

// GET /api/v1/auth/sessions – the caller's active sessions
export const GET = route(authOps.listSessions, async ({ auth }) => {
  const items = (await listSessions(auth.user.id)).map((s) => ({
    id: s.id,
    kind: s.kind,
    created_at: s.createdAt,
    last_seen_at: s.lastSeenAt,
    expires_at: s.expiresAt,
    ip: s.ip,
    user_agent: s.userAgent,
    current: s.id === auth.sessionId,
  }));
  return json({ items, next_cursor: null });
});
