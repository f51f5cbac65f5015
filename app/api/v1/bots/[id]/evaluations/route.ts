import { botOps } from "@/lib/bots/operations";
import { listBotEvaluations } from "@/lib/bots/service";
import { json, route } from "@/lib/http/route";

// GET /api/v1/bots/{id}/evaluations – the bot's log, newest first
export const GET = route(botOps.evaluations, async ({ auth, params }) => json(listBotEvaluations(auth.user.id, params.id)));
