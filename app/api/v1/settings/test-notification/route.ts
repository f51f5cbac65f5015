import { testUserNotification } from "@/lib/settings/checks";
import { settingsOps } from "@/lib/settings/operations";
import { json, route } from "@/lib/http/route";

// POST /api/v1/settings/test-notification – send a test message through a channel
export const POST = route(settingsOps.testNotification, async ({ auth, body, client }) =>
  json(await testUserNotification(auth.user.id, body.channel, client)),
);
