import type { CandleArrays } from "@/lib/market/candle-store";
import { forwardFillGaps } from "@/lib/market/service/indicator-snapshot";
import { generateSignal, utcDate, type FearGreedInput, type GeneratedSignal } from "./generate";

/**
 * Every signal is computed from exactly this many closed candles ending at its candle: EMA50 (the
 * longest input) plus five times its length for the seed to fade (§1.3). A fixed window makes the
 * signal of a candle the same whenever and wherever it is computed, however much history is stored.
 */
export const SIGNAL_WINDOW = 300;

/** Closed candles of one (symbol, timeframe) from the deployment's source, as the store holds them. */
export type ClosedCandles = {
  candles: CandleArrays;
  stale: boolean;
  as_of: number;
};

/** Where the inputs of a signal come from; the runtime supplies the real ones, tests their own. */
export type SignalMarket = {
  /** `exchange:<id>` or `simulated:v<N>:<seed>`: part of every recorded signal's key. */
  source: string;
  /** The newest `count` closed candles (fewer when the store has fewer), oldest first; null when unlisted. */
  closedCandles(symbol: string, timeframe: string, count: number): Promise<ClosedCandles | null>;
  /** The symbol's price tick; null when the source does not list it. */
  priceTick(symbol: string): Promise<number | null>;
  /** The Fear & Greed reading stored for a UTC day (YYYY-MM-DD); null when none is. */
  fearGreedOn(day: string): Promise<FearGreedInput | null>;
};

/** Candles on the full grid (gaps as flat bars, §1.4) with a flag for the ones the source really had. */
export function gridCandles(candles: CandleArrays, timeframeMs: number): { candles: CandleArrays; real: (i: number) => boolean } {
  const filled = forwardFillGaps(candles, timeframeMs);
  const real = new Set(candles.openTime);
  return { candles: filled, real: (i) => real.has(filled.openTime[i]) };
}

function sliceCandles(c: CandleArrays, from: number, to: number): CandleArrays {
  return {
    openTime: c.openTime.subarray(from, to),
    open: c.open.subarray(from, to),
    high: c.high.subarray(from, to),
    low: c.low.subarray(from, to),
    close: c.close.subarray(from, to),
    volume: c.volume.subarray(from, to),
  };
}

/**
 * The signal of candle `index` from the SIGNAL_WINDOW candles ending there, with the Fear & Greed
 * reading of that candle's UTC date; null when fewer candles precede it.
 */
export async function signalForCandle(
  candles: CandleArrays,
  index: number,
  input: { timeframe: string; priceTick: number; fearGreedOn: (day: string) => Promise<FearGreedInput | null> },
): Promise<GeneratedSignal | null> {
  if (index + 1 < SIGNAL_WINDOW || index >= candles.openTime.length) return null;
  const window = sliceCandles(candles, index + 1 - SIGNAL_WINDOW, index + 1);
  const fearGreed = await input.fearGreedOn(utcDate(candles.openTime[index]));
  return generateSignal({ candles: window, timeframe: input.timeframe, fearGreed, priceTick: input.priceTick });
}
