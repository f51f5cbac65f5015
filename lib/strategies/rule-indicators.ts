import { z } from "zod";
import { adx, atr, bollinger, donchian, ema, macd, rsi, sma, stddev, stochastic, volumeMa, vwap, zscore } from "@/lib/indicators";
import type { CandleArrays } from "@/lib/market/simulated";
import { numberBetween, period } from "./param-fields";
import { LOOKBACK } from "./warmup";

/**
 * The indicators a rules strategy can compare, each with its parameter schema, its outputs and its
 * warm-up; all computed by lib/indicators. Adding one here makes it available to the rule builder.
 */
interface RuleIndicator<P extends z.ZodObject, O extends string> {
  params: P;
  outputs: readonly [O, ...O[]];
  compute(candles: CandleArrays, params: z.output<P>, timeframeMs: number): Record<O, Float64Array>;
  lookback(params: z.output<P>, timeframeMs: number): number;
  /** The period that carries a recursive seed (EMA, RSI, ATR, ADX, MACD); 0 for windowed indicators. */
  recursivePeriod(params: z.output<P>): number;
}

function indicator<P extends z.ZodObject, O extends string>(spec: RuleIndicator<P, O>): RuleIndicator<P, O> {
  return spec;
}

const single = (label: string, fallback: number, max = 1000) => z.object({ period: period(label, 1, max).default(fallback) }).strict();

const DAY_MS = 86_400_000;

export const RULE_INDICATORS = {
  sma: indicator({
    params: single("The SMA period", 20),
    outputs: ["value"],
    compute: (c, p) => ({ value: sma(c.close, p.period) }),
    lookback: (p) => LOOKBACK.sma(p.period),
    recursivePeriod: () => 0,
  }),
  ema: indicator({
    params: single("The EMA period", 20),
    outputs: ["value"],
    compute: (c, p) => ({ value: ema(c.close, p.period) }),
    lookback: (p) => LOOKBACK.ema(p.period),
    recursivePeriod: (p) => p.period,
  }),
  rsi: indicator({
    params: single("The RSI period", 14, 500),
    outputs: ["value"],
    compute: (c, p) => ({ value: rsi(c.close, p.period) }),
    lookback: (p) => LOOKBACK.rsi(p.period),
    recursivePeriod: (p) => p.period,
  }),
  macd: indicator({
    params: z
      .object({
        fast: period("The MACD fast period", 1, 500).default(12),
        slow: period("The MACD slow period", 2, 1000).default(26),
        signal: period("The MACD signal period", 1, 500).default(9),
      })
      .strict(),
    outputs: ["line", "signal", "hist"],
    compute: (c, p) => {
      const m = macd(c.close, p.fast, p.slow, p.signal);
      return { line: m.line, signal: m.signal, hist: m.hist };
    },
    lookback: (p) => LOOKBACK.macd(p.fast, p.slow, p.signal),
    recursivePeriod: (p) => Math.max(p.fast, p.slow, p.signal),
  }),
  bollinger: indicator({
    params: z
      .object({ period: period("The Bollinger period", 1, 1000).default(20), mult: numberBetween("The Bollinger width", 0, 10).default(2) })
      .strict(),
    outputs: ["middle", "upper", "lower"],
    compute: (c, p) => bollinger(c.close, p.period, p.mult),
    lookback: (p) => LOOKBACK.bollinger(p.period),
    recursivePeriod: () => 0,
  }),
  atr: indicator({
    params: single("The ATR period", 14, 500),
    outputs: ["value"],
    compute: (c, p) => ({ value: atr(c.high, c.low, c.close, p.period) }),
    lookback: (p) => LOOKBACK.atr(p.period),
    recursivePeriod: (p) => p.period,
  }),
  stochastic: indicator({
    params: z
      .object({
        fast_k: period("The stochastic %K period", 1, 500).default(14),
        slow_k: period("The %K smoothing", 1, 100).default(3),
        slow_d: period("The %D period", 1, 100).default(3),
      })
      .strict(),
    outputs: ["k", "d"],
    compute: (c, p) => stochastic(c.high, c.low, c.close, { fastK: p.fast_k, slowK: p.slow_k, slowD: p.slow_d }),
    lookback: (p) => LOOKBACK.stochastic(p.fast_k, p.slow_k, p.slow_d),
    recursivePeriod: () => 0,
  }),
  adx: indicator({
    params: single("The ADX period", 14, 500),
    outputs: ["adx", "plus_di", "minus_di"],
    compute: (c, p) => {
      const a = adx(c.high, c.low, c.close, p.period);
      return { adx: a.adx, plus_di: a.plusDI, minus_di: a.minusDI };
    },
    lookback: (p) => LOOKBACK.adx(p.period),
    recursivePeriod: (p) => p.period,
  }),
  stddev: indicator({
    params: single("The standard deviation period", 20),
    outputs: ["value"],
    compute: (c, p) => ({ value: stddev(c.close, p.period) }),
    lookback: (p) => LOOKBACK.stddev(p.period),
    recursivePeriod: () => 0,
  }),
  zscore: indicator({
    params: single("The z-score period", 20),
    outputs: ["value"],
    compute: (c, p) => ({ value: zscore(c.close, p.period) }),
    lookback: (p) => LOOKBACK.zscore(p.period),
    recursivePeriod: () => 0,
  }),
  donchian: indicator({
    // The channel always excludes the current candle: "close > upper" could never be true otherwise.
    params: single("The channel period", 20),
    outputs: ["upper", "lower", "middle"],
    compute: (c, p) => donchian(c.high, c.low, p.period, { excludeCurrent: true }),
    lookback: (p) => LOOKBACK.donchianExcludingCurrent(p.period),
    recursivePeriod: () => 0,
  }),
  volume_ma: indicator({
    params: single("The volume average period", 20),
    outputs: ["value"],
    compute: (c, p) => ({ value: volumeMa(c.volume, p.period) }),
    lookback: (p) => LOOKBACK.sma(p.period),
    recursivePeriod: () => 0,
  }),
  vwap: indicator({
    // Daily sessions only: a VWAP cumulated over all history would depend on where the data starts.
    params: z.object({}).strict(),
    outputs: ["value"],
    compute: (c) => ({ value: vwap(c.high, c.low, c.close, c.volume, { openTimes: c.openTime }) }),
    lookback: (_p, timeframeMs) => Math.max(0, Math.ceil(DAY_MS / timeframeMs) - 1),
    recursivePeriod: () => 0,
  }),
} as const;

export type RuleIndicatorName = keyof typeof RULE_INDICATORS;
export const RULE_INDICATOR_NAMES = Object.keys(RULE_INDICATORS) as RuleIndicatorName[];

/** Looks an indicator up with its parameters and output as plain values (already validated). */
export function ruleIndicator(name: RuleIndicatorName): RuleIndicator<z.ZodObject, string> {
  return RULE_INDICATORS[name] as unknown as RuleIndicator<z.ZodObject, string>;
}
