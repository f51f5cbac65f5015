import { z } from "zod";
import { defineOperation } from "@/lib/http/operation";
import { notificationListQuerySchema, notificationViewSchema } from "./schemas";

export const notificationOps = {
  list: defineOperation({
    method: "GET",
    path: "/api/v1/notifications",
    summary:
      "The caller's notification deliveries (Telegram and webhook), newest first, with their status and the last error; ?status= filters (failed and unknown are the ones to look at).",
    tag: "notifications",
    auth: "user",
    query: notificationListQuerySchema,
    responses: {
      200: { description: "Deliveries", schema: z.object({ items: z.array(notificationViewSchema), next_cursor: z.string().nullable() }) },
      422: { description: "validation_failed: a bad status, limit or cursor" },
    },
  }),
};
