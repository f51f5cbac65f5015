"use client";

import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { useApiResource } from "@/components/api/use-api-resource";
import { useEventStream } from "@/components/api/use-event-stream";
import { changeTone, formatPercent, formatPrice, TONE_TEXT } from "@/components/dashboard/format-market";
import { MARKET_MESSAGES } from "@/components/dashboard/market-messages";
import type { PriceItem, PriceTick, SymbolsResponse } from "@/components/dashboard/market-types";
import { PriceChart } from "@/components/dashboard/price-chart";
import { StreamStatusDot } from "@/components/dashboard/stream-status";
import { usePriceStream } from "@/components/dashboard/use-price-stream";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/class-names";
import { SegmentedControl } from "@/components/ui/segmented-control";
import { Skeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import { CloseAllButton } from "./close-all";
import { FillsTable } from "./fills-table";
import { baseOf, formatAmount, quoteOf, symbolPath } from "./format";
import { withLivePrice } from "./live-pnl";
import { OrderForm } from "./order-form";
import type { Quote } from "./order-form-state";
import { OrdersTable } from "./orders-table";
import { PositionsTable } from "./positions-table";
import { SmartOrderForm } from "./smart-order-form";
import { TRADING_MESSAGES } from "./trading-api";
import type { BalanceView, Order, Page, Position, Trade, TradingSettingsView } from "./types";
import { WidgetCard } from "./widget-card";

const PREFERRED_SYMBOL = "BTC/USDT";
/** Events come in bursts (an order update and its fill); one re-read covers the burst. */
const RELOAD_COALESCE_MS = 250;

type Entry = "order" | "smart";

/**
 * The paper trading desk. Reads are re-done when the server reports an order or fill (and at every
 * stream reconnect, since events sent while it was down are lost); position values follow the
 * price ticks in between.
 */
export function TradingWorkspace() {
  const { toast } = useToast();
  const symbols = useApiResource<SymbolsResponse>("/market/symbols", { messages: MARKET_MESSAGES });
  const settings = useApiResource<TradingSettingsView & { trading: { risk_per_trade_pct?: number } }>("/settings");
  const [chosen, setChosen] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [entry, setEntry] = useState<Entry>("order");
  const [ticks, setTicks] = useState<Record<string, PriceTick>>({});
  const pairId = useId();

  const items = symbols.data?.items;
  const listed = useMemo(() => items?.map((item) => item.symbol) ?? [], [items]);
  const fallback = listed.length === 0 || listed.includes(PREFERRED_SYMBOL) ? PREFERRED_SYMBOL : listed[0];
  const symbol = chosen ?? fallback;
  const symbolOptions = !listed.includes(symbol) ? [symbol, ...listed] : listed;
  const market = items?.find((item) => item.symbol === symbol);

  const balance = useApiResource<BalanceView>("/trading/balance", { version, messages: TRADING_MESSAGES });
  const positions = useApiResource<{ items: Position[] }>("/trading/positions", { version, messages: TRADING_MESSAGES });
  const openOrders = useApiResource<Page<Order>>("/trading/orders?status=open", { version, messages: TRADING_MESSAGES });
  const fills = useApiResource<Page<Trade>>("/trading/trades?limit=25", { version, messages: TRADING_MESSAGES });
  const price = useApiResource<PriceItem>(`/market/price/${symbolPath(symbol)}`, { messages: MARKET_MESSAGES });

  // The selected pair, every held pair and every pair with an open order: their ticks revalue the
  // page. The stream is keyed by the joined list, so a re-read with the same pairs keeps it open.
  const streamSymbols = [
    ...new Set([symbol, ...(positions.data?.items.map((p) => p.symbol) ?? []), ...(openOrders.data?.items.map((o) => o.symbol) ?? [])]),
  ].sort();
  const onTick = useCallback((tick: PriceTick) => setTicks((current) => ({ ...current, [tick.symbol]: tick })), []);
  const priceStream = usePriceStream(streamSymbols, onTick);

  const reloadTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const reload = useCallback(() => {
    clearTimeout(reloadTimer.current);
    reloadTimer.current = setTimeout(() => setVersion((n) => n + 1), RELOAD_COALESCE_MS);
  }, []);
  useEffect(() => () => clearTimeout(reloadTimer.current), []);

  // The last status announced per order, so the answer to a submit and its event toast once.
  const announced = useRef(new Map<string, string>());
  const announce = useCallback(
    (order: Order) => {
      const known = announced.current.get(order.id);
      // Events may arrive after the submit's own answer: a finished order never goes back to open.
      if (known === order.status || known === "filled" || known === "canceled" || known === "rejected" || known === "expired") return;
      const first = known === undefined;
      announced.current.set(order.id, order.status);
      const what = `${order.side === "buy" ? "Buy" : "Sell"} ${formatAmount(order.amount)} ${baseOf(order.symbol)}`;
      if (order.status === "filled") {
        const at = order.average_price ?? order.price;
        toast({ variant: "success", title: "Order filled", description: `${what} at ${formatPrice(at)} ${quoteOf(order.symbol)}.` });
      } else if (order.status === "canceled") {
        toast({ variant: "info", title: "Order canceled", description: `${what}.` });
      } else if (order.status === "expired") {
        toast({ variant: "info", title: "Order expired", description: `${what}.` });
      } else if (order.status === "rejected") {
        toast({ variant: "error", title: "Order rejected", description: order.reject_reason ?? `${what} was rejected.` });
      } else if (first) {
        toast({ variant: "success", title: "Order placed", description: `${what} (${order.type.replace(/_/g, " ")}).` });
      }
    },
    [toast],
  );

  const onOrderEvent = useCallback(
    (order: Order) => {
      // Orders this page never saw placed (a bot's, say) are announced only when they fill.
      if (announced.current.has(order.id) || order.status === "filled") announce(order);
      reload();
    },
    [announce, reload],
  );
  useEventStream<Order>({ topic: "order.updated", onEvent: onOrderEvent, onOpen: reload });
  useEventStream<Trade>({ topic: "fill.created", onEvent: reload, onOpen: reload });

  const placed = useCallback(
    (order: Order) => {
      announce(order);
      reload();
    },
    [announce, reload],
  );

  const tick = ticks[symbol];
  const quote: Quote | null = tick
    ? { price: tick.price, bid: tick.bid, ask: tick.ask }
    : price.data
      ? { price: price.data.price, bid: price.data.bid, ask: price.data.ask }
      : null;
  const change = tick?.change_24h_pct ?? price.data?.change_24h_pct;
  const base = baseOf(symbol);
  const quoteAsset = quoteOf(symbol);
  const freeOf = (asset: string) => balance.data?.balances.find((b) => b.asset === asset)?.free ?? 0;
  const free = balance.data ? { base: freeOf(base), quote: freeOf(quoteAsset) } : null;
  const feeRate = settings.data?.trading.fee_rate ?? null;
  const livePositions = useMemo(() => positions.data?.items.map((p) => withLivePrice(p, ticks[p.symbol]?.price)), [positions.data, ticks]);
  const lastPrices = useMemo(() => Object.fromEntries(Object.entries(ticks).map(([s, t]) => [s, t.price])), [ticks]);

  return (
    <div className="flex flex-col gap-3">
      <div className="grid gap-3 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <PriceChart
          symbol={symbol}
          symbolOptions={symbolOptions}
          symbolsError={symbols.data || symbols.loading ? undefined : symbols.error}
          onRetrySymbols={symbols.retry}
          onSymbolChange={setChosen}
          priceTick={market?.price_tick}
        />
        <Card className="min-w-0" data-testid="order-entry">
          <CardHeader className="flex-wrap px-3 py-1.5">
            <div className="flex items-center gap-2">
              <label htmlFor={pairId} className="text-xs font-semibold uppercase tracking-wide text-muted-foreground">
                Pair
              </label>
              <select
                id={pairId}
                value={symbol}
                onChange={(event) => setChosen(event.target.value)}
                data-testid="trade-symbol"
                className="h-7 rounded-md border border-border-strong bg-background px-2 text-body font-medium text-foreground focus-visible:border-primary focus-visible:outline-primary/60 focus-visible:outline-offset-0"
              >
                {symbolOptions.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </div>
            <StreamStatusDot status={priceStream.status} onReconnect={priceStream.reconnect} />
          </CardHeader>
          <div className="flex items-baseline justify-between gap-2 border-b border-border px-3 py-2" aria-live="off">
            {quote ? (
              <>
                <span className="text-lg font-semibold tabular-nums" data-testid="trade-last-price" aria-label={`Last price of ${symbol}`}>
                  {formatPrice(quote.price, market?.price_tick)}
                </span>
                <span className="flex flex-col items-end text-[11px] tabular-nums">
                  <span className={cn(TONE_TEXT[changeTone(change)])}>{formatPercent(change)} 24h</span>
                  <span className="text-muted-foreground">
                    Bid {formatPrice(quote.bid, market?.price_tick)} · Ask {formatPrice(quote.ask, market?.price_tick)}
                  </span>
                </span>
              </>
            ) : price.error ? (
              <span className="text-xs text-warning">No price: {price.error.message}</span>
            ) : (
              <Skeleton className="h-6 w-32" />
            )}
          </div>
          <CardContent className="flex flex-col gap-3 p-3">
            <SegmentedControl<Entry>
              label="Order entry"
              options={[
                { value: "order", label: "Order" },
                { value: "smart", label: "Smart order", title: "Sized by risk" },
              ]}
              value={entry}
              onChange={setEntry}
              className="self-start"
            />
            {entry === "order" ? (
              <OrderForm
                key={symbol}
                symbol={symbol}
                market={market}
                quote={quote}
                feeRate={feeRate}
                free={free}
                freeError={balance.data ? undefined : balance.error?.message}
                onRetryFree={balance.retry}
                onPlaced={placed}
              />
            ) : (
              <SmartOrderForm
                key={symbol}
                symbol={symbol}
                priceTick={market?.price_tick}
                defaultRiskPct={settings.data?.trading.risk_per_trade_pct ?? null}
                onPlaced={placed}
              />
            )}
          </CardContent>
        </Card>
      </div>

      <WidgetCard
        title="Positions"
        resource={positions}
        loadingLabel="Loading positions…"
        data-testid="positions"
        actions={<CloseAllButton onDone={reload} />}
      >
        {() => (
          <PositionsTable
            positions={livePositions ?? []}
            onClosed={(order, closed, dustLeft) => {
              if (order) announce(order);
              else toast({ variant: "info", title: `${closed} not sold`, description: dustLeft ? "What is left is dust, below the market's minimum order." : undefined });
              if (order && dustLeft) toast({ variant: "info", title: `Dust left on ${closed}`, description: "The rest is below the market's minimum order and stays in the account." });
              reload();
            }}
          />
        )}
      </WidgetCard>

      <div className="grid gap-3 xl:grid-cols-2">
        <WidgetCard title="Open orders" resource={openOrders} loadingLabel="Loading open orders…" data-testid="open-orders">
          {(data) => (
            <>
              <OrdersTable orders={data.items} priceTicks={lastPrices} onCanceled={placed} />
              {data.next_cursor ? <p className="border-t border-border px-3 py-1.5 text-[11px] text-muted-foreground">Showing the newest {data.items.length} open orders.</p> : null}
            </>
          )}
        </WidgetCard>
        <WidgetCard title="Recent fills" resource={fills} loadingLabel="Loading fills…" data-testid="recent-fills">
          {(data) => <FillsTable fills={data.items} />}
        </WidgetCard>
      </div>
    </div>
  );
}
