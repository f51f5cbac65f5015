"use client";

import { Layers } from "lucide-react";
import { useState } from "react";
import { apiRequest, asApiError } from "@/components/api/api-request";
import { changeTone, formatPercent, formatPrice, TONE_TEXT } from "@/components/dashboard/format-market";
import { ConfirmDialog } from "@/components/strategies/confirm-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/class-names";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import { baseOf, formatAmount, formatMoney, formatSignedMoney, hasDust, symbolPath } from "./format";
import { TRADING_MESSAGES } from "./trading-api";
import type { ClosePositionResult, Order, Position } from "./types";

type PositionsTableProps = {
  /** Already revalued at the latest ticks. */
  positions: Position[];
  onClosed: (order: Order | null, symbol: string, dustLeft: boolean) => void;
};

export function PositionsTable({ positions, onClosed }: PositionsTableProps) {
  const [closing, setClosing] = useState<Position | null>(null);
  const [busy, setBusy] = useState(false);
  const { toast } = useToast();

  if (positions.length === 0) {
    return <EmptyState icon={Layers} title="No open positions" description="Buy a pair and its position, with live profit and loss, shows here." />;
  }

  const close = async () => {
    if (!closing) return;
    setBusy(true);
    try {
      const answer = await apiRequest<ClosePositionResult>("POST", `/trading/positions/${symbolPath(closing.symbol)}/close`, { messages: TRADING_MESSAGES });
      onClosed(answer.order, closing.symbol, hasDust(answer.dust));
      setClosing(null);
    } catch (error) {
      toast({ variant: "error", title: `${closing.symbol} was not closed`, description: asApiError(error).message });
      setClosing(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Table data-testid="positions-table">
        <caption className="sr-only">Open positions, revalued at live prices</caption>
        <TableHeader>
          <TableRow>
            <TableHead>Pair</TableHead>
            <TableHead className="text-right">Amount</TableHead>
            <TableHead className="text-right">Entry</TableHead>
            <TableHead className="text-right">Price</TableHead>
            <TableHead className="text-right">Value</TableHead>
            <TableHead className="text-right">Unrealized P&amp;L</TableHead>
            <TableHead className="text-right">Stop / Target</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {positions.map((p) => {
            const tone = TONE_TEXT[changeTone(p.unrealized_pnl)];
            return (
              <TableRow key={`${p.symbol}:${p.owner ?? ""}`} data-testid="position-row" data-symbol={p.symbol}>
                <TableCell className="font-medium">
                  <span className="flex items-center gap-1.5">
                    {p.symbol}
                    {p.owner ? (
                      <Badge variant="primary" title={`Opened by ${p.owner}`}>
                        Bot
                      </Badge>
                    ) : null}
                    {p.dust ? (
                      <Badge variant="warning" title="Below the market's minimum order size: it cannot be sold on its own.">
                        Dust
                      </Badge>
                    ) : null}
                    {p.stale ? (
                      <Badge variant="warning" title="The last price is old; the value may be out of date.">
                        Stale
                      </Badge>
                    ) : null}
                  </span>
                </TableCell>
                <TableCell className="text-right">{formatAmount(p.amount)}</TableCell>
                <TableCell className="text-right">{formatPrice(p.average_entry)}</TableCell>
                <TableCell className="text-right" data-testid="position-price">
                  {formatPrice(p.current_price)}
                </TableCell>
                <TableCell className="text-right">{formatMoney(p.value)}</TableCell>
                <TableCell className={cn("text-right", tone)} data-testid="position-pnl">
                  {formatSignedMoney(p.unrealized_pnl)} <span className="text-[11px]">({formatPercent(p.unrealized_pnl_pct)})</span>
                </TableCell>
                <TableCell className="text-right text-muted-foreground">
                  {formatPrice(p.stop_loss_price)} / {formatPrice(p.take_profit_price)}
                </TableCell>
                <TableCell className="text-right">
                  <Button variant="danger" size="sm" onClick={() => setClosing(p)} aria-label={`Close the ${p.symbol} position`} data-testid="close-position">
                    Close
                  </Button>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <ConfirmDialog
        open={closing !== null}
        title={closing ? `Close ${closing.symbol}?` : "Close position?"}
        confirmLabel="Sell at market"
        busy={busy}
        onConfirm={() => void close()}
        onCancel={() => setClosing(null)}
      >
        {closing ? (
          <>
            Sells {formatAmount(closing.amount)} {baseOf(closing.symbol)} at the market price, about {formatMoney(closing.value)}.
          </>
        ) : null}
      </ConfirmDialog>
    </>
  );
}
