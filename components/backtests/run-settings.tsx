import { ChevronRight } from "lucide-react";
import type { ReactNode } from "react";
import { UtcTime } from "@/components/format/utc-time";
import { describeParams } from "./compare";
import { describeBacktestSource, formatMoney, formatPct, formatRange } from "./format";
import type { BacktestRun } from "./types";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[9rem_1fr] gap-2 py-1 sm:grid-cols-[11rem_1fr]">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words text-foreground">{children}</dd>
    </div>
  );
}

/** Everything that reproduces the run, folded away until asked for. */
export function RunSettings({ run }: { run: BacktestRun }) {
  const r = run.request;
  const s = run.strategy_snapshot;
  const settings = run.settings;
  return (
    <details className="group rounded-lg border border-border bg-card" data-testid="run-settings">
      <summary className="flex cursor-pointer list-none items-center gap-1.5 px-3 py-2 text-xs font-semibold uppercase tracking-wide text-muted-foreground hover:text-foreground [&::-webkit-details-marker]:hidden">
        <ChevronRight className="size-3.5 transition-transform group-open:rotate-90" aria-hidden="true" />
        Run settings
      </summary>
      <dl className="divide-y divide-border border-t border-border px-3 py-1 text-xs">
        <Row label="Strategy">
          {s.name} · {s.type} · version {s.version}
        </Row>
        {s.description ? <Row label="Description">{s.description}</Row> : null}
        <Row label="Parameters">
          <span className="font-mono">{describeParams(s.parameters)}</span>
        </Row>
        <Row label="Risk">
          <span className="font-mono">{describeParams(s.risk)}</span>
        </Row>
        {settings ? (
          <Row label="Effective risk">
            Position size {formatPct(settings.effective_risk.position_size_pct, 1)}, up to {settings.effective_risk.max_open_trades} open trades
            {r.apply_account_caps ? " (after your account caps)" : ""}
          </Row>
        ) : null}
        <Row label="Range (UTC)">{formatRange(r.start, r.end)}</Row>
        <Row label="Timeframe">{r.timeframe}</Row>
        <Row label="Pairs">{r.symbols.join(", ")}</Row>
        <Row label="Source">
          {describeBacktestSource(run.source ?? r.source)}
          {run.source ? <span className="ml-1 font-mono text-muted-foreground">({run.source})</span> : null}
        </Row>
        <Row label="Starting balance">{formatMoney(r.starting_balance)}</Row>
        <Row label="Fee rate">
          {r.fee_rate} ({formatPct(r.fee_rate * 100, 3)} per fill)
        </Row>
        <Row label="Slippage">{r.slippage_bps} bps per fill</Row>
        <Row label="1-minute detail">{r.detail === "1m" ? "On" : "Off"}</Row>
        <Row label="Account caps">{r.apply_account_caps ? "Applied" : "Not applied"}</Row>
        {settings ? <Row label="Warm-up">{settings.warmup_candles} candles before the start</Row> : null}
        <Row label="Engine">{run.engine_version ?? "—"}</Row>
        <Row label="Candles SHA-256">
          <span className="font-mono text-[11px]">{run.candles_sha256 ?? "—"}</span>
        </Row>
        <Row label="Created">
          <UtcTime epochMs={run.created_at} />
        </Row>
        {run.finished_at !== null ? (
          <Row label="Finished">
            <UtcTime epochMs={run.finished_at} />
          </Row>
        ) : null}
        <Row label="Run id">
          <span className="font-mono text-[11px]">{run.id}</span>
        </Row>
      </dl>
    </details>
  );
}
