import { json, route } from "@/lib/http/route";
import { marketOps } from "@/lib/market/service/operations";
import { isSignedIn, trendingView } from "@/lib/market/service/views";

// GET /api/v1/market/trending – CoinGecko trending, or tracked symbols by volume
export const GET = route(marketOps.trending, async ({ req }) => json(await trendingView(await isSignedIn(req.headers))));
