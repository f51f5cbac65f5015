import { json, route } from "@/lib/http/route";
import { portfolioOps } from "@/lib/trading/portfolio-operations";
import { portfolioHistory } from "@/lib/trading/portfolio-service";

// GET /api/v1/portfolio/history – closed positions, most recently closed first
export const GET = route(portfolioOps.history, async ({ auth, query }) => json(await portfolioHistory(auth.user.id, query)));
