import { route } from "@/lib/http/route";
import { tradingOps } from "@/lib/trading/operations";
import { placeSmartOrder } from "@/lib/trading/smart-order";

// POST /api/v1/trading/smart-order – a market buy sized from its stop, with the stop placed (Idempotency-Key accepted)
export const POST = route(tradingOps.smartOrder, async ({ auth, body, req }) => placeSmartOrder(auth.user.id, body, req.headers));
