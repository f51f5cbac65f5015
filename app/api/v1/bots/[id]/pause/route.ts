import { botOps } from "@/lib/bots/operations";
import { pauseBot } from "@/lib/bots/service";
import { json, route } from "@/lib/http/route";

// POST /api/v1/bots/{id}/pause
export const POST = route(botOps.pause, async ({ auth, params }) => json(await pauseBot(auth.user.id, params.id)));
