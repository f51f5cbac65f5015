import { z } from "zod";

export const OUTBOX_STATUSES = ["pending", "sending", "sent", "failed", "unknown"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const notificationListQuerySchema = z
  .object({
    status: z.enum(OUTBOX_STATUSES, { error: `must be one of ${OUTBOX_STATUSES.join(", ")}` }).optional(),
    limit: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(500, "must be at most 500").optional(),
    cursor: z.string().min(1).max(200).optional(),
  })
  .strict();

export type NotificationListQuery = z.infer<typeof notificationListQuerySchema>;

/** One outbox row as the API and the settings page show it: what, where, how it went. Never its payload. */
export const notificationViewSchema = z.object({
  id: z.string().describe("Also the webhook-id header of webhook deliveries"),
  channel: z.enum(["telegram", "webhook"]),
  event: z.enum(["fills", "stops", "bot_errors", "daily_summary"]),
  status: z.enum(OUTBOX_STATUSES).describe("unknown: Telegram may or may not have received it; it is never sent again"),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  created_at: z.number().int(),
  sent_at: z.number().int().nullable(),
});

export type NotificationView = z.infer<typeof notificationViewSchema>;
