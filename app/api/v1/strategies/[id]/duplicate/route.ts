import { strategyOps } from "@/lib/strategies/operations";
import { strategyStore } from "@/lib/strategies/service";
import { json, route } from "@/lib/http/route";

// POST /api/v1/strategies/{id}/duplicate – copy a strategy under a new name
export const POST = route(strategyOps.duplicate, async ({ auth, params }) => {
  const copy = await strategyStore().duplicate(auth.user.id, params.id);
  return json(copy, 201, { Location: `/api/v1/strategies/${copy.id}` });
});
