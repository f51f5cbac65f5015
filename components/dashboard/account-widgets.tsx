"use client";

import Link from "next/link";
import { useApiResource } from "@/components/api/use-api-resource";
import { useEventVersion } from "@/components/api/use-event-stream";
import { changeTone, formatPercent, TONE_TEXT } from "@/components/dashboard/format-market";
import type { PortfolioSummary } from "@/components/portfolio/types";
import type { BotView } from "@/components/strategies/bots-panel";
import { formatAmount, formatMoney, formatSignedMoney } from "@/components/trading/format";
import type { Position } from "@/components/trading/types";
import { WidgetCard } from "@/components/trading/widget-card";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/class-names";

/** The paper account at a glance, re-read on every fill. */
export function PortfolioWidget() {
  const version = useEventVersion(["fill.created"]);
  const resource = useApiResource<PortfolioSummary>("/portfolio/summary", { version });
  return (
    <WidgetCard title="Portfolio" resource={resource} loadingLabel="Loading the portfolio" data-testid="dashboard-portfolio">
      {(s) => (
        <dl className="grid grid-cols-2 gap-x-3 gap-y-1 px-3 pb-2 text-xs">
          <dt className="text-muted-foreground">Total value</dt>
          <dd className="text-right tabular-nums" data-testid="dashboard-total-value">
            {formatMoney(s.total_value)} {s.quote_asset}
          </dd>
          <dt className="text-muted-foreground">Available</dt>
          <dd className="text-right tabular-nums">{formatMoney(s.available_balance)}</dd>
          <dt className="text-muted-foreground">Total P&amp;L</dt>
          <dd className={cn("text-right tabular-nums", TONE_TEXT[changeTone(s.total_pnl)])}>{formatSignedMoney(s.total_pnl)}</dd>
          <dt className="text-muted-foreground">Today</dt>
          <dd className={cn("text-right tabular-nums", TONE_TEXT[changeTone(s.today_pnl)])}>{formatPercent(s.today_pnl_pct)}</dd>
        </dl>
      )}
    </WidgetCard>
  );
}

/** Open positions, re-read whenever one changes (a fill by hand, by a resting order or by a bot). */
export function PositionsWidget({ botNames }: { botNames?: Readonly<Record<string, string>> }) {
  const version = useEventVersion(["position.updated", "fill.created"]);
  const resource = useApiResource<{ items: Position[] }>("/trading/positions", { version });
  return (
    <WidgetCard title="Open positions" resource={resource} loadingLabel="Loading positions" data-testid="dashboard-positions">
      {({ items }) => {
        const open = items.filter((p) => p.amount > 0 && !p.dust);
        if (open.length === 0) return <p className="px-3 pb-2 text-xs text-muted-foreground">No open position. Place an order on the Trading page, or enable a strategy.</p>;
        return (
          <ul className="flex flex-col px-3 pb-2 text-xs" data-testid="dashboard-position-list">
            {open.map((p) => (
              <li key={`${p.symbol}:${p.owner ?? "manual"}`} className="flex items-center justify-between gap-2 border-t border-border py-1 first:border-t-0" data-testid="dashboard-position" data-owner={p.owner ?? ""}>
                <span className="min-w-0 truncate">
                  <span className="font-medium">{p.symbol}</span> <span className="tabular-nums text-muted-foreground">{formatAmount(p.amount)}</span>
                  {p.owner ? <span className="ml-1 text-[11px] text-muted-foreground">· {botNames?.[p.owner] ?? "bot"}</span> : null}
                </span>
                <span className={cn("tabular-nums", TONE_TEXT[changeTone(p.unrealized_pnl)])}>{formatSignedMoney(p.unrealized_pnl)}</span>
              </li>
            ))}
          </ul>
        );
      }}
    </WidgetCard>
  );
}

/** The trader's bots: how many run, and what each did last. */
export function BotsWidget() {
  const version = useEventVersion(["bot.state"]);
  const resource = useApiResource<{ items: BotView[] }>("/bots", { version });
  return (
    <WidgetCard title="Bots" resource={resource} loadingLabel="Loading bots" data-testid="dashboard-bots">
      {({ items }) => {
        const enabled = items.filter((b) => b.enabled);
        if (enabled.length === 0) {
          return (
            <p className="px-3 pb-2 text-xs text-muted-foreground">
              No bot runs. <Link href="/strategies" className="text-primary hover:underline">Enable a strategy</Link> to trade it on your paper account.
            </p>
          );
        }
        return (
          <ul className="flex flex-col px-3 pb-2 text-xs">
            {enabled.map((b) => (
              <li key={b.strategy_id} className="flex flex-col border-t border-border py-1 first:border-t-0" data-testid="dashboard-bot">
                <span className="flex items-center justify-between gap-2">
                  <span className="truncate font-medium">{b.name}</span>
                  <Badge variant={b.status === "running" ? "success" : "warning"}>{b.status}</Badge>
                </span>
                <span className="truncate text-[11px] text-muted-foreground">{b.last_error ?? b.last_action ?? `Waiting for the next ${b.timeframe} candle`}</span>
              </li>
            ))}
          </ul>
        );
      }}
    </WidgetCard>
  );
}
