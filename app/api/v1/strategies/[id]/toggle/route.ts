import { strategyOps } from "@/lib/strategies/operations";
import { toggleStrategy } from "@/lib/strategies/service";
import { json, route } from "@/lib/http/route";

// POST /api/v1/strategies/{id}/toggle – set enabled to the value sent
export const POST = route(strategyOps.toggle, async ({ auth, params, body }) => json(await toggleStrategy(auth.user.id, params.id, body.enabled)));
