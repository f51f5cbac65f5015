import { forwardFillGaps } from "@/lib/market/service/indicator-snapshot";
import type { CandleArrays } from "@/lib/market/simulated";
import { ENTER_LONG, EXIT_LONG, getStrategy, type StrategyConfig } from "@/lib/strategies";
import { lowerBound } from "@/lib/backtest/prepare-candles";

export type BotAction = "enter_long" | "exit_long";

/** Per symbol, the strategy's decision flags by candle open time (the backtester's signal code). */
export interface SymbolSignals {
  openTime: Float64Array;
  flags: Uint8Array;
}

/** Candles a bot reads per symbol: the strategy's warm-up plus the candles it evaluates. */
export function candlesNeeded(config: StrategyConfig, timeframeMs: number, evaluating: number): number {
  return getStrategy(config.type).warmupBars(config.parameters as never, timeframeMs) + evaluating;
}

/**
 * The strategy's flags over the candles, computed exactly as the backtester computes them: on a
 * gap-free grid (gaps forward-filled), long only on a spot paper account.
 */
export function symbolSignals(config: StrategyConfig, candles: CandleArrays, timeframeMs: number): SymbolSignals {
  const grid = forwardFillGaps(candles, timeframeMs);
  const signals = getStrategy(config.type).signals(grid, config.parameters as never, { allowShort: false, timeframeMs });
  return { openTime: grid.openTime, flags: signals.flags };
}

/** The flags at a candle's close, or 0 when the candle is not among those read. */
export function flagsAt(s: SymbolSignals, openTime: number): number {
  const i = lowerBound(s.openTime, openTime);
  return i < s.openTime.length && s.openTime[i] === openTime ? s.flags[i] : 0;
}

export interface CandleDecision {
  symbol: string;
  action: BotAction | null;
  /** Why an entry signal was not acted on (a cap). */
  refused?: string;
}

/**
 * One candle of a bot, all its symbols in one pass as the backtest does (§1.9, §6.1): exits first,
 * then entries, each in symbol-list order; an entry needs a free slot under max_open_trades.
 * `holding` is updated as if every decided order filled.
 */
export function decideCandle(input: { symbols: readonly string[]; flags: (symbol: string) => number; holding: Set<string>; maxOpenTrades: number; accumulate: boolean }): CandleDecision[] {
  const { symbols, flags, holding } = input;
  const decisions = new Map<string, CandleDecision>(symbols.map((s) => [s, { symbol: s, action: null }]));
  const exited = new Set<string>();
  for (const symbol of symbols) {
    if (holding.has(symbol) && flags(symbol) & EXIT_LONG && !input.accumulate) {
      decisions.set(symbol, { symbol, action: "exit_long" });
      holding.delete(symbol);
      exited.add(symbol);
    }
  }
  for (const symbol of symbols) {
    if (exited.has(symbol) || !(flags(symbol) & ENTER_LONG)) continue;
    // dca adds to its one position on every buy signal; the others never pyramid.
    if (holding.has(symbol) && !input.accumulate) continue;
    if (!holding.has(symbol) && holding.size >= input.maxOpenTrades) {
      decisions.set(symbol, { symbol, action: null, refused: `max_open_trades (${input.maxOpenTrades}) reached` });
      continue;
    }
    decisions.set(symbol, { symbol, action: "enter_long" });
    holding.add(symbol);
  }
  return symbols.map((s) => decisions.get(s) as CandleDecision);
}
