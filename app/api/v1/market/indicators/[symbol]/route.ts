import { json, route } from "@/lib/http/route";
import { marketOps } from "@/lib/market/service/operations";
import { indicatorsView, isSignedIn } from "@/lib/market/service/views";

// GET /api/v1/market/indicators/{symbol}?timeframe= – indicators on the last closed candle
export const GET = route(marketOps.indicators, async ({ req, params, query }) => json(await indicatorsView(params.symbol, query.timeframe, await isSignedIn(req.headers))));
