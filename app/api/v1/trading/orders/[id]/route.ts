import { json, route } from "@/lib/http/route";
import { tradingOps } from "@/lib/trading/operations";
import { cancelUserOrder, getUserOrder } from "@/lib/trading/service";

// GET /api/v1/trading/orders/{id} – one order
export const GET = route(tradingOps.getOrder, async ({ auth, params }) => json(await getUserOrder(auth.user.id, params.id)));

// DELETE /api/v1/trading/orders/{id} – cancel an open order
export const DELETE = route(tradingOps.cancelOrder, async ({ auth, params }) => json(await cancelUserOrder(auth.user.id, params.id)));
