import { TriangleAlert } from "lucide-react";
import type { ReactNode } from "react";
import { UtcTime } from "@/components/format/utc-time";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/class-names";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import {
  exitReasonLabel,
  formatAmount,
  formatCount,
  formatDuration,
  formatFraction,
  formatMoney,
  formatPrice,
  formatSignedMoney,
  formatSignedPct,
  formatUtcDate,
  rejectionLabel,
} from "./format";
import type { BacktestDataQuality, BacktestTables, BacktestWarning } from "./types";

type GroupRow = BacktestTables["per_exit_reason"][number];

const tone = (value: number | null | undefined) => (typeof value === "number" && value > 0 ? "text-success" : typeof value === "number" && value < 0 ? "text-danger" : undefined);

export function Section({ title, children, className, testId, actions }: { title: string; children: ReactNode; className?: string; testId?: string; actions?: ReactNode }) {
  return (
    <Card className={cn("min-w-0", className)} data-testid={testId}>
      <CardHeader className="px-3 py-1.5">
        <CardTitle>{title}</CardTitle>
        {actions}
      </CardHeader>
      {children}
    </Card>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return <p className="px-3 py-3 text-xs text-muted-foreground">{children}</p>;
}

function GroupHeads({ first }: { first: string }) {
  return (
    <TableHeader>
      <TableRow className="hover:bg-transparent">
        <TableHead>{first}</TableHead>
        <TableHead className="text-right">Trades</TableHead>
        <TableHead className="text-right" title="Wins / draws / losses">
          W/D/L
        </TableHead>
        <TableHead className="text-right">Win rate</TableHead>
        <TableHead className="text-right">Net P&amp;L</TableHead>
        <TableHead className="text-right">Avg P&amp;L</TableHead>
        <TableHead className="text-right">Fees</TableHead>
      </TableRow>
    </TableHeader>
  );
}

function GroupCells({ row, currency }: { row: Omit<GroupRow, "exit_reason">; currency: string | null }) {
  return (
    <>
      <TableCell className="text-right">{formatCount(row.trades)}</TableCell>
      <TableCell className="text-right text-muted-foreground">
        {row.wins}/{row.draws}/{row.losses}
      </TableCell>
      <TableCell className="text-right">{formatFraction(row.win_rate)}</TableCell>
      <TableCell className={cn("text-right", tone(row.net_pnl))}>{formatSignedMoney(row.net_pnl, currency)}</TableCell>
      <TableCell className={cn("text-right", tone(row.avg_pnl_pct))}>{formatSignedPct(row.avg_pnl_pct)}</TableCell>
      <TableCell className="text-right text-muted-foreground">{formatMoney(row.fees, currency)}</TableCell>
    </>
  );
}

export function PerSymbolTable({ rows, currency }: { rows: BacktestTables["per_symbol"]; currency: string | null }) {
  return (
    <Section title="Per symbol" testId="table-per-symbol">
      {rows.length === 0 ? (
        <Empty>No symbols.</Empty>
      ) : (
        <Table>
          <caption className="sr-only">Results per symbol</caption>
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead>Symbol</TableHead>
              <TableHead className="text-right">Trades</TableHead>
              <TableHead className="text-right">Win rate</TableHead>
              <TableHead className="text-right">Net P&amp;L</TableHead>
              <TableHead className="text-right">Avg P&amp;L</TableHead>
              <TableHead className="text-right">Fees</TableHead>
              <TableHead className="text-right">Rejected</TableHead>
              <TableHead className="text-right">Buy &amp; hold</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={row.symbol}>
                <TableCell className="font-medium">{row.symbol}</TableCell>
                <TableCell className="text-right" title={`${row.wins} wins, ${row.draws} draws, ${row.losses} losses`}>
                  {formatCount(row.trades)}
                </TableCell>
                <TableCell className="text-right">{formatFraction(row.win_rate)}</TableCell>
                <TableCell className={cn("text-right", tone(row.net_pnl))}>{formatSignedMoney(row.net_pnl, currency)}</TableCell>
                <TableCell className={cn("text-right", tone(row.avg_pnl_pct))}>{formatSignedPct(row.avg_pnl_pct)}</TableCell>
                <TableCell className="text-right text-muted-foreground">{formatMoney(row.fees, currency)}</TableCell>
                <TableCell className="text-right">{formatCount(row.rejected_entries)}</TableCell>
                <TableCell className={cn("text-right", tone(row.buy_and_hold_return_pct))}>{formatSignedPct(row.buy_and_hold_return_pct)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Section>
  );
}

export function ExitReasonTable({ rows, currency }: { rows: BacktestTables["per_exit_reason"]; currency: string | null }) {
  const used = rows.filter((row) => row.trades > 0);
  return (
    <Section title="Per exit reason" testId="table-exit-reasons">
      {used.length === 0 ? (
        <Empty>No closed trades.</Empty>
      ) : (
        <Table>
          <caption className="sr-only">Results per exit reason</caption>
          <GroupHeads first="Exit reason" />
          <TableBody>
            {used.map((row) => (
              <TableRow key={row.exit_reason}>
                <TableCell className="font-medium">{exitReasonLabel(row.exit_reason)}</TableCell>
                <GroupCells row={row} currency={currency} />
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Section>
  );
}

export function LongShortTable({ rows, currency }: { rows: BacktestTables["long_short"]; currency: string | null }) {
  return (
    <Section title="Long / short" testId="table-long-short">
      {rows.length === 0 ? (
        <Empty>No closed trades.</Empty>
      ) : (
        <Table>
          <caption className="sr-only">Results of long and short trades</caption>
          <GroupHeads first="Side" />
          <TableBody>
            {rows.map((row) => (
              <TableRow key={row.side}>
                <TableCell className="font-medium capitalize">{row.side}</TableCell>
                <GroupCells row={row} currency={currency} />
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Section>
  );
}

export function RejectedEntriesTable({ rejected }: { rejected: BacktestTables["rejected_entries"] }) {
  const reasons = Object.entries(rejected.by_reason).filter(([, n]) => n > 0);
  return (
    <Section title="Rejected entries" testId="table-rejected">
      {rejected.total === 0 ? (
        <Empty>Every entry signal was filled.</Empty>
      ) : (
        <Table>
          <caption className="sr-only">Entry signals that were not filled, by reason</caption>
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead>Reason</TableHead>
              <TableHead className="text-right">Signals</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {reasons.map(([reason, n]) => (
              <TableRow key={reason}>
                <TableCell>{rejectionLabel(reason)}</TableCell>
                <TableCell className="text-right">{formatCount(n)}</TableCell>
              </TableRow>
            ))}
            <TableRow className="font-medium">
              <TableCell>Total</TableCell>
              <TableCell className="text-right">{formatCount(rejected.total)}</TableCell>
            </TableRow>
          </TableBody>
        </Table>
      )}
    </Section>
  );
}

export function LeftOpenTable({ trades, currency }: { trades: BacktestTables["left_open"]; currency: string | null }) {
  return (
    <Section title="Left open at the end" testId="table-left-open">
      {trades.length === 0 ? (
        <Empty>No position was open at the end of the run.</Empty>
      ) : (
        <Table>
          <caption className="sr-only">Positions still open at the end of the run, marked at the last close</caption>
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead>Symbol</TableHead>
              <TableHead>Side</TableHead>
              <TableHead>Entry (UTC)</TableHead>
              <TableHead className="text-right">Entry price</TableHead>
              <TableHead className="text-right">Amount</TableHead>
              <TableHead className="text-right">P&amp;L</TableHead>
              <TableHead className="text-right">P&amp;L %</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {trades.map((t, i) => (
              <TableRow key={`${t.symbol}-${t.entry_at}-${i}`}>
                <TableCell className="font-medium">{t.symbol}</TableCell>
                <TableCell className="capitalize">{t.side}</TableCell>
                <TableCell className="text-muted-foreground">
                  <UtcTime epochMs={t.entry_at} />
                </TableCell>
                <TableCell className="text-right">{formatPrice(t.entry_price)}</TableCell>
                <TableCell className="text-right">{formatAmount(t.amount)}</TableCell>
                <TableCell className={cn("text-right", tone(t.pnl))}>{formatSignedMoney(t.pnl, currency)}</TableCell>
                <TableCell className={cn("text-right", tone(t.pnl_pct))}>{formatSignedPct(t.pnl_pct)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Section>
  );
}

export function BestWorstDays({ best, worst }: { best: BacktestTables["best_day"]; worst: BacktestTables["worst_day"] }) {
  const item = (label: string, day: BacktestTables["best_day"]) => (
    <div className="min-w-0 flex-1 px-3 py-2">
      <dt className="text-[11px] uppercase tracking-wide text-muted-foreground">{label}</dt>
      <dd className="mt-0.5 flex flex-wrap items-baseline gap-x-2">
        <span className={cn("text-sm font-semibold tabular-nums", tone(day?.return_pct))}>{formatSignedPct(day?.return_pct)}</span>
        <span className="text-xs text-muted-foreground">{day ? formatUtcDate(day.day) : "No full day in the run"}</span>
      </dd>
    </div>
  );
  return (
    <Section title="Best and worst day" testId="table-days">
      <dl className="flex divide-x divide-border">
        {item("Best day", best)}
        {item("Worst day", worst)}
      </dl>
    </Section>
  );
}

export function DataQualityTable({ quality }: { quality: BacktestDataQuality }) {
  return (
    <Section title="Data quality" testId="table-data-quality">
      <Table>
        <caption className="sr-only">Candles per symbol, gaps and the first candle the strategy could act on</caption>
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>Symbol</TableHead>
            <TableHead className="text-right">Candles</TableHead>
            <TableHead>First (UTC)</TableHead>
            <TableHead>Last (UTC)</TableHead>
            <TableHead>First decision (UTC)</TableHead>
            <TableHead className="text-right">Gaps</TableHead>
            <TableHead className="text-right">Missing</TableHead>
            <TableHead className="text-right">Longest gap</TableHead>
            {quality.symbols.some((q) => q.detail_minutes > 0) ? <TableHead className="text-right">1m candles</TableHead> : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {quality.symbols.map((q) => (
            <TableRow key={q.symbol}>
              <TableCell className="font-medium">{q.symbol}</TableCell>
              <TableCell className="text-right">{formatCount(q.candles)}</TableCell>
              <TableCell className="text-muted-foreground">{q.first_candle_at === null ? "—" : <UtcTime epochMs={q.first_candle_at} />}</TableCell>
              <TableCell className="text-muted-foreground">{q.last_candle_at === null ? "—" : <UtcTime epochMs={q.last_candle_at} />}</TableCell>
              <TableCell className={q.first_decision_at === null ? "text-warning" : undefined}>
                {q.first_decision_at === null ? "Never (warm-up not reached)" : <UtcTime epochMs={q.first_decision_at} />}
              </TableCell>
              <TableCell className={cn("text-right", q.gap_count > 0 && "text-warning")}>{formatCount(q.gap_count)}</TableCell>
              <TableCell className="text-right">{formatCount(q.missing_candles)}</TableCell>
              <TableCell className="text-right">{q.longest_gap_ms > 0 ? formatDuration(q.longest_gap_ms) : "—"}</TableCell>
              {quality.symbols.some((x) => x.detail_minutes > 0) ? <TableCell className="text-right">{formatCount(q.detail_minutes)}</TableCell> : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {quality.detail_fallback_candles > 0 ? (
        <p className="border-t border-border px-3 py-1.5 text-[11px] text-warning">
          {formatCount(quality.detail_fallback_candles)} candles had no 1-minute candles; their stops and targets were checked on the candle itself.
        </p>
      ) : null}
    </Section>
  );
}

export function WarningsList({ warnings }: { warnings: readonly BacktestWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <section aria-label="Warnings" className="rounded-lg border border-warning/30 bg-warning/5 px-3 py-2" data-testid="backtest-warnings">
      <h2 className="flex items-center gap-1.5 text-xs font-semibold uppercase tracking-wide text-warning">
        <TriangleAlert className="size-3.5" aria-hidden="true" />
        {warnings.length === 1 ? "1 warning" : `${warnings.length} warnings`}
      </h2>
      <ul className="mt-1 space-y-0.5 text-xs text-foreground">
        {warnings.map((w, i) => (
          <li key={`${w.code}-${i}`} data-code={w.code}>
            {w.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
