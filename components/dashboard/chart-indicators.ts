import { bollinger, ema, macd, rsi } from "@/lib/indicators";
import type { Candle } from "./market-types";

/** Seconds since the epoch, as the chart library keeps time. */
export type ChartPoint = { time: number; value: number };

export interface ChartIndicators {
  ema20: ChartPoint[];
  ema50: ChartPoint[];
  bollinger: { upper: ChartPoint[]; middle: ChartPoint[]; lower: ChartPoint[] };
  rsi: ChartPoint[];
  macd: { line: ChartPoint[]; signal: ChartPoint[]; hist: ChartPoint[] };
}

export const EMA_FAST = 20;
export const EMA_SLOW = 50;
export const BOLLINGER = { period: 20, mult: 2 } as const;
export const RSI_PERIOD = 14;
export const MACD = { fast: 12, slow: 26, signal: 9 } as const;

/** Warm-up bars come back as NaN; the chart simply starts each line where it is defined. */
function toPoints(times: Float64Array, values: Float64Array): ChartPoint[] {
  const points: ChartPoint[] = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (Number.isFinite(value)) points.push({ time: times[i], value });
  }
  return points;
}

export function computeIndicators(candles: readonly Candle[]): ChartIndicators {
  const n = candles.length;
  const times = new Float64Array(n);
  const closes = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    times[i] = candles[i].open_time / 1000;
    closes[i] = candles[i].close;
  }
  const bands = bollinger(closes, BOLLINGER.period, BOLLINGER.mult);
  const m = macd(closes, MACD.fast, MACD.slow, MACD.signal);
  return {
    ema20: toPoints(times, ema(closes, EMA_FAST)),
    ema50: toPoints(times, ema(closes, EMA_SLOW)),
    bollinger: { upper: toPoints(times, bands.upper), middle: toPoints(times, bands.middle), lower: toPoints(times, bands.lower) },
    rsi: toPoints(times, rsi(closes, RSI_PERIOD)),
    macd: { line: toPoints(times, m.line), signal: toPoints(times, m.signal), hist: toPoints(times, m.hist) },
  };
}
