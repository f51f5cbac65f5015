import { json, route } from "@/lib/http/route";
import { portfolioOps } from "@/lib/trading/portfolio-operations";
import { portfolioSummary } from "@/lib/trading/portfolio-service";

// GET /api/v1/portfolio/summary – the account's value, P&L and allocation
export const GET = route(portfolioOps.summary, async ({ auth }) => json(await portfolioSummary(auth.user.id)));
