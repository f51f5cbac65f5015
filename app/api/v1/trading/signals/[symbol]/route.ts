import { json, route } from "@/lib/http/route";
import { signalOps } from "@/lib/signals/operations";
import { getSignal } from "@/lib/signals/service";

// GET /api/v1/trading/signals/{symbol}?timeframe= – one symbol's explained signal
export const GET = route(signalOps.one, async ({ auth, params, query }) => json(await getSignal(auth.user.id, params.symbol, query)));
