import { json, route } from "@/lib/http/route";
import { marketOps } from "@/lib/market/service/operations";
import { isSignedIn, symbolsView } from "@/lib/market/service/views";

// GET /api/v1/market/symbols – markets with tick size, step size and minimums
export const GET = route(marketOps.symbols, async ({ req }) => json(await symbolsView(await isSignedIn(req.headers))));
