import { backtestOps } from "@/lib/backtests/operations";
import { backtestCandles } from "@/lib/backtests/service";
import { json, route } from "@/lib/http/route";

// GET /api/v1/backtests/{id}/candles?symbol= – the candles a run read, for its chart
export const GET = route(backtestOps.candles, async ({ auth, params, query }) => json(backtestCandles(auth.user.id, params.id, query.symbol)));
