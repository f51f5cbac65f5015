import { json, route } from "@/lib/http/route";
import { marketOps } from "@/lib/market/service/operations";
import { gainersLosersView, isSignedIn } from "@/lib/market/service/views";

// GET /api/v1/market/gainers-losers – top movers among tracked symbols
export const GET = route(marketOps.gainersLosers, async ({ req }) => json(await gainersLosersView(await isSignedIn(req.headers))));
