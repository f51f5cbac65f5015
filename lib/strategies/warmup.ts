/**
 * Warm-up W (trading-semantics.md §1.3): the longest indicator lookback plus 5 × the longest
 * recursive period (EMA, RSI, ATR, ADX, MACD). Recursive indicators remember their seed: with EMA 200,
 * 1,000 extra bars shrink the seed's weight to (1 − 2/201)^1000 ≈ 5e-5, so a run started with exactly
 * W bars of history computes the same decisions whatever older history the store happens to hold.
 */
export interface WarmupParts {
  /** Bars each indicator needs before its first value (the NaN prefix of lib/indicators). */
  lookbacks: readonly number[];
  /** Periods of the recursive indicators; empty when all are windowed (SMA, Bollinger, Donchian). */
  recursivePeriods?: readonly number[];
}

export function warmupBars({ lookbacks, recursivePeriods = [] }: WarmupParts): number {
  const lookback = lookbacks.reduce((a, b) => Math.max(a, b), 0);
  const recursive = recursivePeriods.reduce((a, b) => Math.max(a, b), 0);
  return lookback + 5 * recursive;
}

/** TA-Lib lookbacks of the lib/indicators kernels, in bars. */
export const LOOKBACK = {
  sma: (p: number) => p - 1,
  ema: (p: number) => p - 1,
  rsi: (p: number) => p,
  atr: (p: number) => p,
  adx: (p: number) => 2 * p - 1,
  macd: (fast: number, slow: number, signal: number) => Math.max(fast, slow) - 1 + signal - 1,
  bollinger: (p: number) => p - 1,
  stddev: (p: number) => p - 1,
  zscore: (p: number) => p - 1,
  /** The channel of the previous `p` candles, excluding the current one. */
  donchianExcludingCurrent: (p: number) => p,
  stochastic: (fastK: number, slowK: number, slowD: number) => fastK - 1 + slowK - 1 + slowD - 1,
} as const;
