import { strategyOps } from "@/lib/strategies/operations";
import { strategyStore } from "@/lib/strategies/service";
import { json, route } from "@/lib/http/route";

// POST /api/v1/strategies/import – create a strategy from an export
export const POST = route(strategyOps.import, async ({ auth, body }) => {
  const strategy = await strategyStore().importOne(auth.user.id, body);
  return json(strategy, 201, { Location: `/api/v1/strategies/${strategy.id}` });
});
