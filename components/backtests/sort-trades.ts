import type { TradeItem } from "./types";

export type TradeSortKey = "seq" | "symbol" | "side" | "entry_at" | "entry_price" | "exit_at" | "exit_price" | "exit_reason" | "pnl" | "pnl_pct" | "holding_ms";
export type SortDirection = "ascending" | "descending";
export type TradeSort = { key: TradeSortKey; direction: SortDirection };

export const DEFAULT_TRADE_SORT: TradeSort = { key: "seq", direction: "ascending" };

/** Clicking the sorted column flips it; another column starts ascending (text) or descending (figures). */
export function nextSort(current: TradeSort, key: TradeSortKey): TradeSort {
  if (current.key === key) return { key, direction: current.direction === "ascending" ? "descending" : "ascending" };
  const textual = key === "symbol" || key === "side" || key === "exit_reason" || key === "seq" || key === "entry_at" || key === "exit_at";
  return { key, direction: textual ? "ascending" : "descending" };
}

function compareValues(a: string | number, b: string | number): number {
  if (typeof a === "number" && typeof b === "number") {
    // NaN (never sent, but cheap to guard) sorts last either way round.
    if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
    if (Number.isNaN(b)) return -1;
    return a - b;
  }
  return String(a).localeCompare(String(b), "en-US");
}

/** A sorted copy; ties keep the engine's order (seq), so the order is the same on every render. */
export function sortTrades(trades: readonly TradeItem[], sort: TradeSort): TradeItem[] {
  const sign = sort.direction === "ascending" ? 1 : -1;
  return [...trades].sort((a, b) => {
    const primary = compareValues(a[sort.key], b[sort.key]);
    return primary !== 0 ? sign * primary : a.seq - b.seq;
  });
}
