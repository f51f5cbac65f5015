import { json, route } from "@/lib/http/route";
import { portfolioOps } from "@/lib/trading/portfolio-operations";
import { portfolioPnlChart } from "@/lib/trading/portfolio-service";

// GET /api/v1/portfolio/pnl-chart – equity and drawdown over a range
export const GET = route(portfolioOps.pnlChart, async ({ auth, query }) => json(await portfolioPnlChart(auth.user.id, query)));
