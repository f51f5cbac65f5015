import { utcDateValue, utcDayStart } from "@/components/market-data/date-input";
import type { BacktestCreateBody, BacktestRun } from "./types";

const DAY = 86_400_000;
export const DEFAULT_RANGE_DAYS = 90;

/** "BTC/USDT, eth-usdt" → ["BTC/USDT", "ETH/USDT"], without repeats. */
export function parseSymbols(text: string): string[] {
  const list = text
    .split(/[\s,;]+/)
    .map((s) => s.trim().toUpperCase().replace("-", "/"))
    .filter(Boolean);
  return [...new Set(list)];
}

/** The form's default dates: the last 90 days, ending today at 00:00 UTC (so only closed days). */
export function defaultRange(now = Date.now()): { start: string; end: string } {
  const today = utcDayStart(utcDateValue(now))!;
  return { start: utcDateValue(today - DEFAULT_RANGE_DAYS * DAY), end: utcDateValue(today) };
}

/** The body that starts a run again with exactly the settings it was resolved with. */
export function rerunBody(run: Pick<BacktestRun, "strategy_id" | "request">): BacktestCreateBody {
  const r = run.request;
  return {
    strategy_id: run.strategy_id,
    start: r.start,
    end: r.end,
    timeframe: r.timeframe,
    symbols: [...r.symbols],
    source: r.source,
    starting_balance: r.starting_balance,
    fee_rate: r.fee_rate,
    slippage_bps: r.slippage_bps,
    detail: r.detail,
    apply_account_caps: r.apply_account_caps,
  };
}
