import { json, route } from "@/lib/http/route";
import { marketOps } from "@/lib/market/service/operations";
import { isSignedIn, overviewView } from "@/lib/market/service/views";

// GET /api/v1/market/overview – market cap, BTC dominance, 24 h volume
export const GET = route(marketOps.overview, async ({ req }) => json(await overviewView(await isSignedIn(req.headers))));
