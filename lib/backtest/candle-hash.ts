import { createHash } from "node:crypto";
import type { CandleArrays } from "@/lib/market/simulated";

export interface HashedCandles {
  symbol: string;
  timeframe: string;
  candles: CandleArrays;
  /** The candles' timeframe in ms: a gap-free series is hashed by its first open time and count. */
  intervalMs: number;
}

const PRICE_FIELDS = ["open", "high", "low", "close", "volume"] as const;

function isRegular(openTime: Float64Array, step: number): boolean {
  const first = openTime[0];
  for (let i = 1; i < openTime.length; i++) if (openTime[i] !== first + i * step) return false;
  return true;
}

function bytes(a: Float64Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/**
 * SHA-256 over every candle a run used, warm-up and 1m detail included (trading-semantics.md §1.14):
 * per set its symbol, timeframe and count, the open times (as "first + i × step" when gap-free, which
 * says the same in 30 bytes instead of 8 per candle), then each column's IEEE-754 doubles as stored in
 * memory (little-endian on every platform Node supports). Identical inputs give an identical hash.
 */
export function hashCandles(sets: readonly HashedCandles[]): string {
  const hash = createHash("sha256");
  for (const { symbol, timeframe, candles: c, intervalMs } of sets) {
    const n = c.openTime.length;
    hash.update(`${symbol}\u0000${timeframe}\u0000${n}\u0000`);
    if (n > 0 && isRegular(c.openTime, intervalMs)) hash.update(`grid\u0000${c.openTime[0]}\u0000${intervalMs}\u0000`);
    else hash.update(bytes(c.openTime));
    for (const f of PRICE_FIELDS) hash.update(bytes(c[f]));
  }
  return hash.digest("hex");
}
