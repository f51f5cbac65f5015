import { z } from "zod";
import { defineOperation } from "@/lib/http/operation";
import { streamQuerySchema } from "./schemas";

export const streamOps = {
  stream: defineOperation({
    method: "GET",
    path: "/api/v1/stream",
    summary:
      "Live events of the caller as Server-Sent Events: `retry: 3000`, `: ping` every 15 s, `id:` = event id, Last-Event-ID replays up to 24 h. Ends when the session is revoked.",
    tag: "stream",
    auth: "user",
    query: streamQuerySchema,
    responses: { 200: { description: "An event stream", contentType: "text/event-stream", schema: z.string() } },
  }),
};
