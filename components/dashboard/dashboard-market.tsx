"use client";

import { useMemo, useState } from "react";
import { useApiResource } from "@/components/api/use-api-resource";
import { LivePrices } from "./live-prices";
import { MARKET_MESSAGES } from "./market-messages";
import type { SymbolsResponse } from "./market-types";
import { OverviewCards } from "./overview-cards";
import { PriceChart } from "./price-chart";
import { TopMovers } from "./top-movers";

const PREFERRED_SYMBOL = "BTC/USDT";

/**
 * The market half of the dashboard. Every widget loads and fails on its own, so one upstream being
 * down costs one card, never the page. The chart's symbol lives here because the prices table and
 * the movers can change it.
 */
export function DashboardMarket() {
  const symbols = useApiResource<SymbolsResponse>("/market/symbols", { messages: MARKET_MESSAGES });
  const [chosen, setChosen] = useState<string | null>(null);

  const items = symbols.data?.items;
  const listed = useMemo(() => items?.map((item) => item.symbol) ?? [], [items]);
  const priceTicks = useMemo(() => new Map(items?.map((item) => [item.symbol, item.price_tick])), [items]);
  const chartSymbols = useMemo(() => new Set(listed), [listed]);

  // The chart starts on the usual pair without waiting for the pairs list (or when it fails), and
  // moves to the first listed pair only if the source turns out not to list it.
  const fallback = listed.length === 0 || listed.includes(PREFERRED_SYMBOL) ? PREFERRED_SYMBOL : listed[0];
  const symbol = chosen ?? fallback;
  const symbolOptions = symbol && !listed.includes(symbol) ? [symbol, ...listed] : listed;

  return (
    <div className="flex flex-col gap-3">
      <OverviewCards />
      <div className="grid gap-3 xl:grid-cols-[minmax(0,1fr)_24rem]">
        <PriceChart
          symbol={symbol}
          symbolOptions={symbolOptions}
          symbolsError={symbols.data || symbols.loading ? undefined : symbols.error}
          onRetrySymbols={symbols.retry}
          onSymbolChange={setChosen}
          priceTick={symbol ? priceTicks.get(symbol) : undefined}
        />
        <div className="flex min-w-0 flex-col gap-3">
          <LivePrices selectedSymbol={symbol} onSelectSymbol={setChosen} priceTicks={priceTicks} />
          <TopMovers chartSymbols={chartSymbols} onSelectSymbol={setChosen} priceTicks={priceTicks} />
        </div>
      </div>
    </div>
  );
}
