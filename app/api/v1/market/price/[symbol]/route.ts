import { json, route } from "@/lib/http/route";
import { marketOps } from "@/lib/market/service/operations";
import { isSignedIn, priceView } from "@/lib/market/service/views";

// GET /api/v1/market/price/{symbol} – one ticker
export const GET = route(marketOps.price, async ({ req, params }) => json(await priceView(params.symbol, await isSignedIn(req.headers))));
