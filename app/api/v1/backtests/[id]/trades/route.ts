import { backtestOps } from "@/lib/backtests/operations";
import { backtestTradesCsv, backtestTradesPage } from "@/lib/backtests/service";
import { json, route } from "@/lib/http/route";

// GET /api/v1/backtests/{id}/trades – paged trades; ?format=csv answers all of them
export const GET = route(backtestOps.trades, async ({ auth, params, query }) => {
  if (query.format !== "csv") return json(backtestTradesPage(auth.user.id, params.id, query));
  return new Response(backtestTradesCsv(auth.user.id, params.id, query.symbol), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="backtest-${params.id}-trades.csv"` },
  });
});
