"use client";

import { useEffect, useState } from "react";
import { apiRequest, asApiError, isAbort, type ApiRequestError } from "@/components/api/api-request";
import type { Page, TradeItem } from "./types";

/** The chart marks at most this many trades per symbol (five full pages). */
const MAX_MARKED_TRADES = 5_000;
const PAGE = 1_000;

export type AllTrades = { key: string; items: TradeItem[]; truncated: boolean };

/** Every trade of one symbol of a run (up to MAX_MARKED_TRADES), following next_cursor. */
export function useSymbolTrades(backtestId: string, symbol: string | null): { data: AllTrades | null; error: ApiRequestError | null; retry: () => void } {
  const [state, setState] = useState<{ key: string; data: AllTrades | null; error: ApiRequestError | null } | null>(null);
  const [attempt, setAttempt] = useState(0);
  const key = `${backtestId}|${symbol ?? ""}|${attempt}`;

  useEffect(() => {
    if (!symbol) return;
    const controller = new AbortController();
    (async () => {
      const items: TradeItem[] = [];
      let cursor: string | null = null;
      do {
        const query = new URLSearchParams({ limit: String(PAGE), symbol });
        if (cursor) query.set("cursor", cursor);
        const page: Page<TradeItem> = await apiRequest<Page<TradeItem>>("GET", `/backtests/${encodeURIComponent(backtestId)}/trades?${query.toString()}`, {
          signal: controller.signal,
        });
        items.push(...page.items);
        cursor = page.next_cursor;
      } while (cursor && items.length < MAX_MARKED_TRADES);
      return { key, items, truncated: Boolean(cursor) };
    })().then(
      (data) => {
        if (!controller.signal.aborted) setState({ key, data, error: null });
      },
      (error: unknown) => {
        if (!isAbort(error, controller.signal)) setState({ key, data: null, error: asApiError(error) });
      },
    );
    return () => controller.abort();
  }, [backtestId, symbol, key]);

  const current = state?.key === key ? state : null;
  return { data: current?.data ?? null, error: current?.error ?? null, retry: () => setAttempt((n) => n + 1) };
}
