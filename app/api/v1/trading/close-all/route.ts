import { route } from "@/lib/http/route";
import { idempotentJson } from "@/lib/trading/idempotent";
import { tradingOps } from "@/lib/trading/operations";
import { closeAllForUser } from "@/lib/trading/service";

// POST /api/v1/trading/close-all – cancel everything and sell every position (Idempotency-Key accepted)
export const POST = route(tradingOps.closeAll, async ({ auth, body, req }) =>
  idempotentJson(auth.user.id, "POST /api/v1/trading/close-all", req.headers, body, () => closeAllForUser(auth.user.id)),
);
