"use client";

import { ListOrdered, X } from "lucide-react";
import { useState } from "react";
import { apiRequest, asApiError } from "@/components/api/api-request";
import { formatPrice } from "@/components/dashboard/format-market";
import { UtcTime } from "@/components/format/utc-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import { formatAmount, ORDER_TYPE_LABELS } from "./format";
import { TRADING_MESSAGES } from "./trading-api";
import type { Order } from "./types";

type OrdersTableProps = {
  orders: Order[];
  priceTicks: Record<string, number | undefined>;
  onCanceled: (order: Order) => void;
};

export function OrdersTable({ orders, priceTicks, onCanceled }: OrdersTableProps) {
  const [canceling, setCanceling] = useState<string | null>(null);
  const { toast } = useToast();

  if (orders.length === 0) {
    return <EmptyState icon={ListOrdered} title="No open orders" description="Limit, stop and trailing orders wait here until they fill or you cancel them." />;
  }

  const cancel = async (order: Order) => {
    setCanceling(order.id);
    try {
      const canceled = await apiRequest<Order>("DELETE", `/trading/orders/${encodeURIComponent(order.id)}`, { messages: TRADING_MESSAGES });
      onCanceled(canceled);
    } catch (error) {
      toast({ variant: "error", title: "The order was not canceled", description: asApiError(error).message });
    } finally {
      setCanceling(null);
    }
  };

  return (
    <Table data-testid="open-orders-table">
      <caption className="sr-only">Open orders</caption>
      <TableHeader>
        <TableRow>
          <TableHead>Placed</TableHead>
          <TableHead>Pair</TableHead>
          <TableHead>Side</TableHead>
          <TableHead>Type</TableHead>
          <TableHead className="text-right">Price</TableHead>
          <TableHead className="text-right">Trigger</TableHead>
          <TableHead className="text-right">Amount</TableHead>
          <TableHead className="text-right">Filled</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {orders.map((order) => {
          const tick = priceTicks[order.symbol];
          return (
            <TableRow key={order.id} data-testid="open-order-row" data-order-id={order.id} data-symbol={order.symbol}>
              <TableCell className="text-muted-foreground">
                <UtcTime epochMs={order.created_at} />
              </TableCell>
              <TableCell className="font-medium">{order.symbol}</TableCell>
              <TableCell>
                <Badge variant={order.side === "buy" ? "success" : "danger"}>{order.side === "buy" ? "Buy" : "Sell"}</Badge>
              </TableCell>
              <TableCell>{ORDER_TYPE_LABELS[order.type] ?? order.type}</TableCell>
              <TableCell className="text-right" title={tick !== undefined ? `Last ${formatPrice(tick)}` : undefined}>
                {formatPrice(order.price)}
              </TableCell>
              <TableCell className="text-right">{formatPrice(order.stop_price)}</TableCell>
              <TableCell className="text-right">{formatAmount(order.amount)}</TableCell>
              <TableCell className="text-right">{formatAmount(order.filled)}</TableCell>
              <TableCell className="text-right">
                <Button
                  variant="ghost"
                  size="sm"
                  loading={canceling === order.id}
                  onClick={() => void cancel(order)}
                  aria-label={`Cancel ${order.side} ${ORDER_TYPE_LABELS[order.type] ?? order.type} order for ${formatAmount(order.amount)} ${order.symbol}`}
                  data-testid="cancel-order"
                >
                  <X className="size-3.5" aria-hidden="true" />
                  Cancel
                </Button>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
