import { json, route } from "@/lib/http/route";
import { signalOps } from "@/lib/signals/operations";
import { getSignalStats } from "@/lib/signals/service";

// GET /api/v1/trading/signals/stats?symbols=&timeframe= – hit rates per symbol and confidence band
export const GET = route(signalOps.stats, async ({ auth, query }) => json(await getSignalStats(auth.user.id, query)));
