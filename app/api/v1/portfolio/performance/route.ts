import { json, route } from "@/lib/http/route";
import { portfolioOps } from "@/lib/trading/portfolio-operations";
import { portfolioPerformanceFor } from "@/lib/trading/portfolio-service";

// GET /api/v1/portfolio/performance – risk and trade metrics
export const GET = route(portfolioOps.performance, async ({ auth }) => json(await portfolioPerformanceFor(auth.user.id)));
