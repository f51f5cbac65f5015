import { json, route } from "@/lib/http/route";
import { tradingOps } from "@/lib/trading/operations";
import { closeAllForUser } from "@/lib/trading/service";

// POST /api/v1/trading/close-all – cancel everything and sell every position
export const POST = route(tradingOps.closeAll, async ({ auth }) => json(await closeAllForUser(auth.user.id)));
