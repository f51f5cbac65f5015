import { json, route } from "@/lib/http/route";
import { tradingOps } from "@/lib/trading/operations";
import { listUserTrades } from "@/lib/trading/service";

// GET /api/v1/trading/trades – fills, newest first
export const GET = route(tradingOps.trades, async ({ auth, query }) => json(await listUserTrades(auth.user.id, query)));
