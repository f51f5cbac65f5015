import { json, route } from "@/lib/http/route";
import { tradingOps } from "@/lib/trading/operations";
import { listUserOrders, placeUserOrder } from "@/lib/trading/service";

// POST /api/v1/trading/orders – place a paper order (Idempotency-Key accepted)
export const POST = route(tradingOps.placeOrder, async ({ auth, body, req }) => placeUserOrder(auth.user.id, body, req.headers));

// GET /api/v1/trading/orders – the account's orders, newest first
export const GET = route(tradingOps.listOrders, async ({ auth, query }) => json(await listUserOrders(auth.user.id, query)));
