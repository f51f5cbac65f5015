import { strategyOps } from "@/lib/strategies/operations";
import { strategyStore } from "@/lib/strategies/service";
import { json, noContent, route } from "@/lib/http/route";

// GET /api/v1/strategies/{id} – one of the caller's strategies
export const GET = route(strategyOps.get, async ({ auth, params }) => json(await strategyStore().get(auth.user.id, params.id)));

// PUT /api/v1/strategies/{id} – replace a strategy's editable fields
export const PUT = route(strategyOps.update, async ({ auth, params, body }) => json(await strategyStore().update(auth.user.id, params.id, body)));

// DELETE /api/v1/strategies/{id} – soft-delete a strategy
export const DELETE = route(strategyOps.remove, async ({ auth, params }) => {
  await strategyStore().remove(auth.user.id, params.id);
  return noContent();
});
