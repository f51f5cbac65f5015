import { route } from "@/lib/http/route";
import { portfolioOps } from "@/lib/trading/portfolio-operations";
import { portfolioExportCsv } from "@/lib/trading/portfolio-service";

// GET /api/v1/portfolio/export.csv – the disposals as a CSV attachment
export const GET = route(portfolioOps.exportCsv, async ({ auth }) => portfolioExportCsv(auth.user.id));
