import { testUserExchange } from "@/lib/settings/checks";
import { settingsOps } from "@/lib/settings/operations";
import { json, route } from "@/lib/http/route";

// POST /api/v1/settings/test-exchange – check stored keys, or keys in the body (not stored)
export const POST = route(settingsOps.testExchange, async ({ auth, body, client }) => json(await testUserExchange(auth.user.id, body, client)));
