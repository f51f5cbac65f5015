import { isSimulatedTimeframe, timeframeMs, type CandleArrays } from "../simulated";

export type { CandleArrays };

/** Half-open [start, end) interval in UTC epoch ms. */
export interface TimeRange {
  start: number;
  end: number;
}

export interface CandleKey {
  source: string;
  symbol: string;
  timeframe: string;
}

/** Every fixed-length timeframe the app knows; the list lives with the simulated market. */
export function candleTimeframeMs(timeframe: string): number {
  if (!isSimulatedTimeframe(timeframe)) throw new RangeError(`Unsupported timeframe: ${timeframe}`);
  return timeframeMs(timeframe);
}

export function assertKey(key: CandleKey): void {
  if (typeof key.source !== "string" || key.source.length === 0) throw new RangeError("source is required");
  if (typeof key.symbol !== "string" || key.symbol.length === 0) throw new RangeError("symbol is required");
}

export function assertFiniteRange(from: number, to: number): void {
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new RangeError("from and to must be finite ms timestamps");
}

export function emptyCandles(): CandleArrays {
  return {
    openTime: new Float64Array(0),
    open: new Float64Array(0),
    high: new Float64Array(0),
    low: new Float64Array(0),
    close: new Float64Array(0),
    volume: new Float64Array(0),
  };
}
