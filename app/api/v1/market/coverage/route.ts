import { json, route } from "@/lib/http/route";
import { marketOps } from "@/lib/market/service/operations";
import { coverageView } from "@/lib/market/service/views";

// GET /api/v1/market/coverage – what the candle store holds, with gaps
export const GET = route(marketOps.coverage, async ({ auth }) => json(coverageView(auth.user.id)));
