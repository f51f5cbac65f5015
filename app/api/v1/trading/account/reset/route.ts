import { json, route } from "@/lib/http/route";
import { tradingOps } from "@/lib/trading/operations";
import { resetUserAccount } from "@/lib/trading/service";

// POST /api/v1/trading/account/reset – a new account epoch with the starting balance of settings
export const POST = route(tradingOps.reset, async ({ auth }) => json(await resetUserAccount(auth.user.id)));
