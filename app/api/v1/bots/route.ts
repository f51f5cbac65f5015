import { botOps } from "@/lib/bots/operations";
import { listBots } from "@/lib/bots/service";
import { json, route } from "@/lib/http/route";

// GET /api/v1/bots – the caller's strategies as bots
export const GET = route(botOps.list, async ({ auth }) => json(await listBots(auth.user.id)));
