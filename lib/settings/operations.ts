import { z } from "zod";
import { defineOperation } from "@/lib/http/operation";
import { settingsResetSchema, settingsUpdateSchema, testExchangeSchema, testNotificationSchema } from "./schemas";

const maskSchema = z.union([
  z.object({ set: z.literal(false) }),
  z.object({ set: z.literal(true), last4: z.string().optional(), updated_at: z.number().int() }),
  z.object({ set: z.literal(true), unreadable: z.literal(true), updated_at: z.number().int(), message: z.string() }),
]);

export const settingsViewSchema = z.object({
  exchange: z.object({ id: z.string(), api_key: maskSchema, api_secret: maskSchema, passphrase: maskSchema, mode: z.enum(["paper", "live"]), live_trading_enabled: z.boolean() }),
  market_data: z.object({ coingecko_api_key: maskSchema }),
  notifications: z.object({
    telegram_bot_token: maskSchema,
    telegram_chat_id: z.string().nullable(),
    webhook_url: maskSchema,
    webhook_secret: maskSchema,
    events: z.array(z.string()),
  }),
  trading: z.record(z.string(), z.unknown()),
  display: z.object({ time_zone: z.string(), theme: z.enum(["dark", "light", "system"]) }),
  updated_at: z.number().int().nullable(),
});

const testResultSchema = z.object({
  ok: z.boolean(),
  result: z.enum(["ok", "invalid_key", "missing_permission", "unreachable"]),
  can_withdraw: z.boolean().nullable(),
  ip_restricted: z.boolean().nullable(),
  message: z.string(),
});

export const settingsOps = {
  get: defineOperation({
    method: "GET",
    path: "/api/v1/settings",
    summary: "The caller's settings. Secrets appear only as masks: {set, last4?, updated_at}.",
    tag: "settings",
    auth: "user",
    responses: { 200: { description: "Settings", schema: settingsViewSchema } },
  }),
  update: defineOperation({
    method: "PUT",
    path: "/api/v1/settings",
    summary: "Update any subset of groups and fields. Omitted fields are kept; null removes a secret or resets a nullable preference.",
    tag: "settings",
    auth: "user",
    body: settingsUpdateSchema,
    responses: { 200: { description: "Settings after the update", schema: settingsViewSchema } },
  }),
  reset: defineOperation({
    method: "POST",
    path: "/api/v1/settings/reset",
    summary: "Preferences back to defaults; secrets are kept unless include_secrets is true.",
    tag: "settings",
    auth: "user",
    body: settingsResetSchema,
    responses: { 200: { description: "Settings after the reset", schema: settingsViewSchema } },
  }),
  webhookSecret: defineOperation({
    method: "POST",
    path: "/api/v1/settings/webhook-secret",
    summary: "Generate a new webhook signing secret (Standard Webhooks). It is shown in this answer only.",
    tag: "settings",
    auth: "user",
    responses: { 201: { description: "The new secret", schema: z.object({ secret: z.string() }) } },
  }),
  testExchange: defineOperation({
    method: "POST",
    path: "/api/v1/settings/test-exchange",
    summary: "Check exchange keys: the stored ones, or keys in the body (which are not stored).",
    tag: "settings",
    auth: "user",
    body: testExchangeSchema,
    responses: { 200: { description: "The check's outcome", schema: testResultSchema } },
  }),
  testNotification: defineOperation({
    method: "POST",
    path: "/api/v1/settings/test-notification",
    summary: "Send a test message through Telegram or the signed webhook.",
    tag: "settings",
    auth: "user",
    body: testNotificationSchema,
    responses: { 200: { description: "Delivery outcome", schema: z.object({ ok: z.boolean(), message: z.string() }) } },
  }),
};
