import { botOps } from "@/lib/bots/operations";
import { disableAndCloseBot } from "@/lib/bots/service";
import { json, route } from "@/lib/http/route";
import { toggleStrategy } from "@/lib/strategies/service";

// POST /api/v1/bots/{id}/close – disable the strategy and sell its bot's own trades
export const POST = route(botOps.close, async ({ auth, params }) => json(await disableAndCloseBot(auth.user.id, params.id, (userId, id) => toggleStrategy(userId, id, false))));
