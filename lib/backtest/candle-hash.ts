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
  for (const piece of hashPieces(sets)) hash.update(piece);
  return hash.digest("hex");
}

/** Bytes hashed between two turns of the event loop in hashCandlesYielding (≈ 2 ms of SHA-256). */
const YIELD_EVERY_BYTES = 4 * 1024 * 1024;

/**
 * The same digest as hashCandles, fed in slices with `between()` awaited every few megabytes, so a
 * job hashing millions of candles while it reads them leaves the server free to answer requests.
 */
export async function hashCandlesYielding(sets: readonly HashedCandles[], between: () => Promise<void>): Promise<string> {
  const hash = createHash("sha256");
  let sinceTurn = 0;
  for (const piece of hashPieces(sets)) {
    hash.update(piece);
    sinceTurn += piece.length;
    if (sinceTurn >= YIELD_EVERY_BYTES) {
      sinceTurn = 0;
      await between();
    }
  }
  return hash.digest("hex");
}

const SLICE_BYTES = 1024 * 1024;

/** What is hashed, in order; columns come in slices so the yielding variant can pause between them. */
function* hashPieces(sets: readonly HashedCandles[]): Generator<string | Uint8Array> {
  for (const { symbol, timeframe, candles: c, intervalMs } of sets) {
    const n = c.openTime.length;
    yield `${symbol}\u0000${timeframe}\u0000${n}\u0000`;
    const columns = n > 0 && isRegular(c.openTime, intervalMs) ? PRICE_FIELDS.map((f) => c[f]) : [c.openTime, ...PRICE_FIELDS.map((f) => c[f])];
    if (columns.length === PRICE_FIELDS.length) yield `grid\u0000${c.openTime[0]}\u0000${intervalMs}\u0000`;
    for (const column of columns) {
      const all = bytes(column);
      for (let at = 0; at < all.length; at += SLICE_BYTES) yield all.subarray(at, Math.min(all.length, at + SLICE_BYTES));
    }
  }
}
