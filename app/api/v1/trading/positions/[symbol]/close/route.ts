import { route } from "@/lib/http/route";
import { idempotentJson } from "@/lib/trading/idempotent";
import { tradingOps } from "@/lib/trading/operations";
import { closeUserPosition } from "@/lib/trading/service";

// POST /api/v1/trading/positions/{symbol}/close – sell the holding, report dust (Idempotency-Key accepted)
export const POST = route(tradingOps.closePosition, async ({ auth, params, req }) =>
  idempotentJson(auth.user.id, `POST /api/v1/trading/positions/${params.symbol}/close`, req.headers, {}, () => closeUserPosition(auth.user.id, params.symbol)),
);
