import { json, route } from "@/lib/http/route";
import { tradingOps } from "@/lib/trading/operations";
import { closeUserPosition } from "@/lib/trading/service";

// POST /api/v1/trading/positions/{symbol}/close – sell the holding, report dust
export const POST = route(tradingOps.closePosition, async ({ auth, params }) => json(await closeUserPosition(auth.user.id, params.symbol)));
