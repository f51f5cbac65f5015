import { json, route } from "@/lib/http/route";
import { tradingOps } from "@/lib/trading/operations";
import { userPositions } from "@/lib/trading/service";

// GET /api/v1/trading/positions – open positions with unrealized P&L
export const GET = route(tradingOps.positions, async ({ auth }) => json(await userPositions(auth.user.id)));
