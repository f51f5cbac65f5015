import { backtestOps } from "@/lib/backtests/operations";
import { backtestCurvesCsv, cancelOrDeleteBacktest, getBacktest } from "@/lib/backtests/service";
import { json, noContent, route } from "@/lib/http/route";

// GET /api/v1/backtests/{id} – one run; ?resolution=full answers the whole curve as CSV
export const GET = route(backtestOps.get, async ({ auth, params, query }) => {
  if (query.resolution !== "full") return json(getBacktest(auth.user.id, params.id));
  return new Response(backtestCurvesCsv(auth.user.id, params.id), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="backtest-${params.id}-curve.csv"` },
  });
});

// DELETE /api/v1/backtests/{id} – cancel an active run (200), remove a finished one (204)
export const DELETE = route(backtestOps.remove, async ({ auth, params }) => {
  const canceled = cancelOrDeleteBacktest(auth.user.id, params.id);
  return canceled ? json(canceled) : noContent();
});
