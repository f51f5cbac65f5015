import { getSettings, updateSettings } from "@/lib/settings/settings";
import { settingsOps } from "@/lib/settings/operations";
import { json, route } from "@/lib/http/route";

// GET /api/v1/settings – the caller's settings, secrets masked
export const GET = route(settingsOps.get, async ({ auth }) => json(await getSettings(auth.user.id)));

// PUT /api/v1/settings – update any subset of groups and fields
export const PUT = route(settingsOps.update, async ({ auth, body, client }) => json(await updateSettings(auth.user.id, body, client)));
