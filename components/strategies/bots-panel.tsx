"use client";

import { Bot, Pause, Play, ScrollText, XCircle } from "lucide-react";
import { Fragment, useCallback, useEffect, useState } from "react";
import { apiRequest, asApiError } from "@/components/api/api-request";
import { useEventStream } from "@/components/api/use-event-stream";
import { UtcTime } from "@/components/format/utc-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/class-names";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import { BotLog } from "./bot-log";
import { ConfirmDialog } from "./confirm-dialog";

export type BotView = {
  strategy_id: string;
  name: string;
  timeframe: string;
  symbols: string[];
  enabled: boolean;
  status: "running" | "paused" | "disabled";
  paused_reason: string | null;
  enabled_at: number | null;
  last_candle_time: number | null;
  last_action: string | null;
  last_error: string | null;
  last_evaluated_at: number | null;
  next_evaluation_at: number | null;
  open_positions: number;
  pnl_since_enabled: number | null;
};

const PAUSE_REASONS: Record<string, string> = {
  user: "paused by you",
  close_all: "paused by close-all",
  account_reset: "paused by the account reset",
  market_unavailable: "the market source is not answering: resumes by itself",
  unsupported: "this strategy type does not run as a bot yet",
};

/**
 * The bots of the trader's enabled strategies: running or paused (and why), what each did last and
 * when it looks next, with pause, resume and "disable and close". Live through bot.state events.
 */
export function BotsPanel() {
  const [bots, setBots] = useState<BotView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [closing, setClosing] = useState<BotView | null>(null);
  const [openLog, setOpenLog] = useState<string | null>(null);
  // Bumped with every re-read of the bots, so an open log follows them.
  const [version, setVersion] = useState(0);
  const { toast } = useToast();

  const load = useCallback(
    () =>
      apiRequest<{ items: BotView[] }>("GET", "/bots").then(
        (data) => {
          setBots(data.items.filter((b) => b.enabled || b.open_positions > 0));
          setError(null);
          setVersion((n) => n + 1);
        },
        (e: unknown) => setError(asApiError(e).message),
      ),
    [],
  );

  useEffect(() => {
    // The first read; afterwards bot.state events and reconnects re-read.
    void load();
  }, [load]);
  useEventStream({ topic: "bot.state", onEvent: () => void load(), onOpen: () => void load() });

  async function act(bot: BotView, action: "pause" | "resume" | "close") {
    setBusy(`${bot.strategy_id}:${action}`);
    try {
      await apiRequest("POST", `/bots/${encodeURIComponent(bot.strategy_id)}/${action}`);
      toast({ variant: "success", title: action === "close" ? `${bot.name} disabled and closed` : `${bot.name} ${action === "pause" ? "paused" : "resumed"}` });
      await load();
    } catch (e) {
      toast({ variant: "error", title: `Could not ${action} ${bot.name}`, description: asApiError(e).message });
    } finally {
      setBusy(null);
      setClosing(null);
    }
  }

  return (
    <Card data-testid="bots-panel" className="mb-4">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <Bot className="size-4" aria-hidden="true" /> Bots
        </CardTitle>
      </CardHeader>
      <CardContent>
        {error && bots === null ? (
          <ErrorState title="Bots could not be loaded" description={error} action={<Button size="sm" variant="secondary" onClick={() => void load()}>Try again</Button>} />
        ) : bots === null ? (
          <div className="flex flex-col gap-2" aria-busy="true" aria-label="Loading bots">
            <Skeleton className="h-8" />
            <Skeleton className="h-8" />
          </div>
        ) : bots.length === 0 ? (
          <EmptyState icon={Bot} title="No bot is running" description="Enable a strategy below: it then trades on your paper account at every closed candle of its timeframe." />
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-xs" data-testid="bots-table">
              <thead className="text-left text-muted-foreground">
                <tr>
                  <th scope="col" className="py-1 pr-3 font-medium">Strategy</th>
                  <th scope="col" className="py-1 pr-3 font-medium">State</th>
                  <th scope="col" className="py-1 pr-3 font-medium">Last candle</th>
                  <th scope="col" className="py-1 pr-3 font-medium">Last action</th>
                  <th scope="col" className="py-1 pr-3 font-medium">Next look</th>
                  <th scope="col" className="py-1 pr-3 text-right font-medium">Open</th>
                  <th scope="col" className="py-1 pr-3 text-right font-medium">P&amp;L since enabled</th>
                  <th scope="col" className="py-1 font-medium"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {bots.map((bot) => (
                  <Fragment key={bot.strategy_id}>
                  <tr className="border-t border-border align-top" data-testid="bot-row" data-strategy-id={bot.strategy_id}>
                    <td className="py-1.5 pr-3">
                      <div className="font-medium text-foreground">{bot.name}</div>
                      <div className="text-[11px] text-muted-foreground">
                        {bot.symbols.join(", ")} · {bot.timeframe}
                      </div>
                    </td>
                    <td className="py-1.5 pr-3">
                      <Badge variant={bot.status === "running" ? "success" : bot.status === "paused" ? "warning" : "neutral"} data-testid="bot-status">
                        {bot.status}
                      </Badge>
                      {bot.status === "paused" && bot.paused_reason ? <div className="mt-0.5 text-[11px] text-muted-foreground">{PAUSE_REASONS[bot.paused_reason] ?? bot.paused_reason}</div> : null}
                      {bot.last_error ? (
                        <div className="mt-0.5 max-w-64 text-[11px] text-destructive" role="status" data-testid="bot-error">
                          {bot.last_error}
                        </div>
                      ) : null}
                    </td>
                    <td className="py-1.5 pr-3 tabular-nums" data-testid="bot-last-candle">{bot.last_candle_time !== null ? <UtcTime epochMs={bot.last_candle_time} /> : "—"}</td>
                    <td className="py-1.5 pr-3" data-testid="bot-last-action">{bot.last_action ?? "—"}</td>
                    <td className="py-1.5 pr-3 tabular-nums">{bot.next_evaluation_at !== null ? <UtcTime epochMs={bot.next_evaluation_at} /> : "—"}</td>
                    <td className="py-1.5 pr-3 text-right tabular-nums">{bot.open_positions}</td>
                    <td className={cn("py-1.5 pr-3 text-right tabular-nums", (bot.pnl_since_enabled ?? 0) > 0 ? "text-success" : (bot.pnl_since_enabled ?? 0) < 0 ? "text-destructive" : "")}>
                      {bot.pnl_since_enabled === null ? "—" : bot.pnl_since_enabled.toFixed(2)}
                    </td>
                    <td className="py-1.5">
                      <div className="flex justify-end gap-1">
                        {bot.status === "running" ? (
                          <Button size="sm" variant="ghost" disabled={busy !== null} onClick={() => void act(bot, "pause")} aria-label={`Pause ${bot.name}`}>
                            <Pause className="size-3.5" aria-hidden="true" /> Pause
                          </Button>
                        ) : bot.status === "paused" ? (
                          <Button size="sm" variant="ghost" disabled={busy !== null} onClick={() => void act(bot, "resume")} aria-label={`Resume ${bot.name}`}>
                            <Play className="size-3.5" aria-hidden="true" /> Resume
                          </Button>
                        ) : null}
                        <Button size="sm" variant="ghost" disabled={busy !== null} onClick={() => setClosing(bot)} aria-label={`Disable and close ${bot.name}`}>
                          <XCircle className="size-3.5" aria-hidden="true" /> Disable and close
                        </Button>
                        <Button
                          size="sm"
                          variant="ghost"
                          aria-expanded={openLog === bot.strategy_id}
                          aria-controls={`bot-log-${bot.strategy_id}`}
                          onClick={() => setOpenLog((current) => (current === bot.strategy_id ? null : bot.strategy_id))}
                        >
                          <ScrollText className="size-3.5" aria-hidden="true" /> Log
                        </Button>
                      </div>
                    </td>
                  </tr>
                  {openLog === bot.strategy_id ? (
                    <tr id={`bot-log-${bot.strategy_id}`}>
                      <td colSpan={8} className="pb-2 pl-2">
                        <BotLog strategyId={bot.strategy_id} version={version} />
                      </td>
                    </tr>
                  ) : null}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </CardContent>
      <ConfirmDialog
        open={closing !== null}
        title={`Disable ${closing?.name ?? "this strategy"} and close its positions?`}
        confirmLabel="Disable and close"
        busy={busy !== null}
        onConfirm={() => closing && void act(closing, "close")}
        onCancel={() => setClosing(null)}
      >
        Its open orders are canceled and its own trades sold at market. Disabling alone keeps the protective orders.
      </ConfirmDialog>
    </Card>
  );
}
