import { validateSession } from "@/lib/auth/sessions";
import { streamOps } from "@/lib/events/operations";
import { createEventStream } from "@/lib/events/sse";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/v1/stream – the caller's live events (one stream per tab)
export const GET = route(streamOps.stream, async ({ req, auth, query }) =>
  createEventStream({
    userId: auth.user.id,
    sessionId: auth.sessionId,
    lastEventId: req.headers.get("last-event-id"),
    topics: query.topics ?? null,
    symbols: query.symbols ?? null,
    signal: req.signal,
    isSessionValid: async () => (await validateSession(auth.sessionId, auth.user.id)) !== null,
  }),
);
