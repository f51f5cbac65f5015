import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/class-names";
import { formatCount, formatPct, formatSignedPct, returnTone } from "./format";
import type { LastBacktest } from "./types";

/** The latest backtest's headline in a list cell: return, drawdown and trades, linking to the run. */
export function LastBacktestCell({ backtest }: { backtest: LastBacktest | null }) {
  if (!backtest) {
    return (
      <span className="text-muted-foreground">
        <span aria-hidden="true">—</span>
        <span className="sr-only">No backtest yet</span>
      </span>
    );
  }
  const finished = backtest.status === "completed" || backtest.total_return_pct !== null;
  return (
    <Link
      href={`/backtests/${encodeURIComponent(backtest.id)}`}
      className="group inline-flex items-center gap-2 rounded px-1 -mx-1 hover:bg-muted"
      data-testid="last-backtest"
    >
      {finished ? (
        <>
          <span className={cn("font-medium tabular-nums", returnTone(backtest.total_return_pct))}>
            <span className="sr-only">Return </span>
            {formatSignedPct(backtest.total_return_pct)}
          </span>
          <span className="text-[11px] text-muted-foreground tabular-nums">
            DD {formatPct(backtest.max_drawdown_pct)}
            <span aria-hidden="true"> · </span>
            <span className="sr-only">, </span>
            {formatCount(backtest.trades_count)} trades
          </span>
        </>
      ) : (
        <span className="text-xs capitalize text-muted-foreground">{backtest.status}</span>
      )}
      {backtest.simulated ? <Badge variant="warning">Simulated data</Badge> : null}
    </Link>
  );
}
