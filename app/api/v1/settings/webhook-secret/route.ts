import { rotateWebhookSecret } from "@/lib/settings/settings";
import { settingsOps } from "@/lib/settings/operations";
import { json, route } from "@/lib/http/route";

// POST /api/v1/settings/webhook-secret – a new signing secret, shown once
export const POST = route(settingsOps.webhookSecret, async ({ auth, client }) => json(await rotateWebhookSecret(auth.user.id, client), 201));
