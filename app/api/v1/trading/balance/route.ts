import { json, route } from "@/lib/http/route";
import { tradingOps } from "@/lib/trading/operations";
import { userBalance } from "@/lib/trading/service";

// GET /api/v1/trading/balance – balances and equity of the caller's paper account
export const GET = route(tradingOps.balance, async ({ auth }) => json(await userBalance(auth.user.id)));
