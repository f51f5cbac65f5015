import { strategyOps } from "@/lib/strategies/operations";
import { strategyStore } from "@/lib/strategies/service";
import { json, route } from "@/lib/http/route";

// GET /api/v1/strategies/{id}/export – the strategy as portable JSON
export const GET = route(strategyOps.export, async ({ auth, params }) => json(await strategyStore().exportOne(auth.user.id, params.id)));
