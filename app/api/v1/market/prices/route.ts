import { json, route } from "@/lib/http/route";
import { marketOps } from "@/lib/market/service/operations";
import { isSignedIn, pricesView } from "@/lib/market/service/views";

// GET /api/v1/market/prices?symbols= – tickers of the listed (or tracked) symbols
export const GET = route(marketOps.prices, async ({ req, query }) => json(await pricesView(query.symbols, await isSignedIn(req.headers))));
