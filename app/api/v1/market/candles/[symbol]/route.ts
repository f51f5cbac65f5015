import { json, route } from "@/lib/http/route";
import { marketOps } from "@/lib/market/service/operations";
import { candlesView, isSignedIn } from "@/lib/market/service/views";

// GET /api/v1/market/candles/{symbol}?timeframe=&limit=&since= – closed candles
export const GET = route(marketOps.candles, async ({ req, params, query }) => json(await candlesView(params.symbol, query, await isSignedIn(req.headers))));
