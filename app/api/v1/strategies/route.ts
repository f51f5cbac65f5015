import { strategyOps } from "@/lib/strategies/operations";
import { listStrategies, strategyStore } from "@/lib/strategies/service";
import { json, route } from "@/lib/http/route";

// GET /api/v1/strategies – the caller's live strategies, newest first
export const GET = route(strategyOps.list, async ({ auth, query }) => json(await listStrategies(auth.user.id, query)));

// POST /api/v1/strategies – create a strategy
export const POST = route(strategyOps.create, async ({ auth, body }) => {
  const strategy = await strategyStore().create(auth.user.id, body);
  return json(strategy, 201, { Location: `/api/v1/strategies/${strategy.id}` });
});
