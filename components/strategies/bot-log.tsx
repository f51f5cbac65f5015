"use client";

import { useApiResource } from "@/components/api/use-api-resource";
import { UtcTime } from "@/components/format/utc-time";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { RetryError } from "@/components/ui/retry-error";
import { Skeleton } from "@/components/ui/skeleton";

type Evaluation = {
  symbol: string;
  open_time: number;
  outcome: "ordered" | "no_signal" | "rejected" | "skipped_stale" | "error";
  action: string | null;
  reason: string | null;
  order_id: string | null;
  idempotency_key: string | null;
};

const OUTCOME_BADGE: Record<Evaluation["outcome"], BadgeVariant> = {
  ordered: "success",
  no_signal: "neutral",
  rejected: "warning",
  skipped_stale: "neutral",
  error: "danger",
};

/** What a bot did for its latest candles and symbols: the evaluation log, newest first. */
export function BotLog({ strategyId, version }: { strategyId: string; version: number }) {
  const log = useApiResource<{ items: Evaluation[] }>(`/bots/${encodeURIComponent(strategyId)}/evaluations`, { version });
  if (!log.data && log.error && !log.loading) return <RetryError title="The bot's log could not be loaded" description={log.error.message} onRetry={log.retry} />;
  if (!log.data) return <Skeleton className="h-16" aria-label="Loading the bot's log" />;
  const items = log.data.items.filter((e) => e.outcome !== "no_signal").slice(0, 20);
  if (items.length === 0) return <p className="text-[11px] text-muted-foreground">No action yet: every candle so far gave no signal.</p>;
  return (
    <ul className="flex flex-col gap-0.5 text-[11px]" data-testid="bot-log">
      {items.map((e) => (
        <li key={`${e.symbol}:${e.open_time}`} className="flex flex-wrap items-center gap-2">
          <span className="tabular-nums text-muted-foreground">
            <UtcTime epochMs={e.open_time} />
          </span>
          <span className="font-medium">{e.symbol}</span>
          <Badge variant={OUTCOME_BADGE[e.outcome]}>{e.outcome.replace("_", " ")}</Badge>
          {e.action ? <span>{e.action.replace("_", " ")}</span> : null}
          {e.reason ? <span className="text-muted-foreground">{e.reason}</span> : null}
          {e.idempotency_key ? <code className="text-muted-foreground">{e.idempotency_key}</code> : null}
        </li>
      ))}
    </ul>
  );
}
