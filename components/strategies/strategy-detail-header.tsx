"use client";

import { Play, TriangleAlert } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EnabledSwitch } from "./enabled-switch";
import { backtestHref } from "./recent-backtests";
import { StrategyActions } from "./strategy-actions";
import type { StrategyView } from "./types";

/** The detail page's title and what can be done with the strategy: enable, backtest, edit, copy, export, delete. */
export function StrategyDetailHeader({ strategy: initial, typeLabel }: { strategy: StrategyView; typeLabel: string }) {
  const router = useRouter();
  const [strategy, setStrategy] = useState(initial);
  return (
    <div className="mb-4 flex flex-col gap-3">
      <div className="min-w-0">
        <p className="text-xs">
          <Link href="/strategies" className="text-muted-foreground hover:text-foreground hover:underline">
            Strategies
          </Link>
        </p>
        <h1 className="mt-0.5 break-words text-lg font-semibold tracking-tight text-foreground">{strategy.name}</h1>
        <p className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-body text-muted-foreground">
          <span>{typeLabel}</span>
          <span aria-hidden="true">·</span>
          <span className="font-mono text-xs">{strategy.symbols.join(", ")}</span>
          <span aria-hidden="true">·</span>
          <span>{strategy.timeframe}</span>
          <Badge>v{strategy.version}</Badge>
        </p>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <span className="mr-1 inline-flex items-center">
          <EnabledSwitch strategy={strategy} onChange={setStrategy} showState />
        </span>
        <Button asChild size="sm">
          <Link href={backtestHref(strategy.id)}>
            <Play className="size-3.5" aria-hidden="true" />
            Backtest
          </Link>
        </Button>
        <StrategyActions
          strategy={strategy}
          onDuplicated={(copy) => router.push(`/strategies/${encodeURIComponent(copy.id)}`)}
          onDeleted={() => router.push("/strategies")}
        />
      </div>
      {strategy.risk.allow_short ? (
        <p className="flex items-start gap-2 rounded-md border border-warning/30 bg-warning/10 px-3 py-2 text-xs text-warning" data-testid="shorts-note">
          <TriangleAlert className="mt-px size-3.5 shrink-0" aria-hidden="true" />
          This strategy allows shorts: backtests can short, but bots cannot trade shorts yet, so it cannot be enabled.
        </p>
      ) : null}
    </div>
  );
}
