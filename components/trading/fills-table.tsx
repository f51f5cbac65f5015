import { ArrowRightLeft } from "lucide-react";
import { formatPrice } from "@/components/dashboard/format-market";
import { UtcTime } from "@/components/format/utc-time";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatAmount } from "./format";
import type { Trade } from "./types";

export function FillsTable({ fills }: { fills: Trade[] }) {
  if (fills.length === 0) {
    return <EmptyState icon={ArrowRightLeft} title="No fills yet" description="Every execution of your orders is listed here." />;
  }
  return (
    <Table data-testid="fills-table">
      <caption className="sr-only">Recent fills</caption>
      <TableHeader>
        <TableRow>
          <TableHead>Time</TableHead>
          <TableHead>Pair</TableHead>
          <TableHead>Side</TableHead>
          <TableHead className="text-right">Price</TableHead>
          <TableHead className="text-right">Amount</TableHead>
          <TableHead className="text-right">Fee</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {fills.map((fill) => (
          <TableRow key={fill.id} data-testid="fill-row" data-order-id={fill.order_id} data-symbol={fill.symbol} data-side={fill.side}>
            <TableCell className="text-muted-foreground">
              <UtcTime epochMs={fill.created_at} />
            </TableCell>
            <TableCell className="font-medium">{fill.symbol}</TableCell>
            <TableCell>
              <Badge variant={fill.side === "buy" ? "success" : "danger"}>{fill.side === "buy" ? "Buy" : "Sell"}</Badge>
            </TableCell>
            <TableCell className="text-right">{formatPrice(fill.price)}</TableCell>
            <TableCell className="text-right">{formatAmount(fill.amount)}</TableCell>
            <TableCell className="text-right">
              {formatAmount(fill.fee)} {fill.fee_currency}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
