import { resetSettings } from "@/lib/settings/settings";
import { settingsOps } from "@/lib/settings/operations";
import { json, route } from "@/lib/http/route";

// POST /api/v1/settings/reset – preferences back to defaults (secrets kept unless asked)
export const POST = route(settingsOps.reset, async ({ auth, body, client }) =>
  json(await resetSettings(auth.user.id, body.include_secrets ?? false, client)),
);
