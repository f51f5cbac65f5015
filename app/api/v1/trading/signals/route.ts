import { json, route } from "@/lib/http/route";
import { signalOps } from "@/lib/signals/operations";
import { listSignals } from "@/lib/signals/service";

// GET /api/v1/trading/signals?symbols=&timeframe= – explained signals on the newest closed candle
export const GET = route(signalOps.list, async ({ auth, query }) => json(await listSignals(auth.user.id, query)));
