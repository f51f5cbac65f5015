import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { CandleArrays } from "@/lib/market/simulated";
import { hashCandles, hashCandlesYielding } from "./candle-hash";

const M = 60_000;

function series(n: number, step: (i: number) => number): CandleArrays {
  const col = (f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));
  return { openTime: col(step), open: col((i) => 100 + i / 7), high: col((i) => 101 + i / 7), low: col((i) => 99 + i / 7), close: col((i) => 100.5 + i / 7), volume: col((i) => 1 + (i % 5)) };
}

/** The documented format, written out independently of the implementation. */
function byHand(symbol: string, timeframe: string, c: CandleArrays, regular: boolean): string {
  const h = createHash("sha256");
  const raw = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  h.update(`${symbol}\u0000${timeframe}\u0000${c.openTime.length}\u0000`);
  if (regular) h.update(`grid\u0000${c.openTime[0]}\u0000${M}\u0000`);
  else h.update(raw(c.openTime));
  for (const column of [c.open, c.high, c.low, c.close, c.volume]) h.update(raw(column));
  return h.digest("hex");
}

describe("hashCandles", () => {
  it("follows the documented format for gap-free and gapped series, and the yielding variant gives the same digest", async () => {
    const t0 = Date.UTC(2024, 0, 1);
    const regular = series(600_000, (i) => t0 + i * M);
    const gapped = series(1_000, (i) => t0 + (i < 500 ? i : i + 3) * M);
    const sets = [
      { symbol: "BTC/USDT", timeframe: "1m", candles: regular, intervalMs: M },
      { symbol: "ETH/USDT", timeframe: "1m", candles: gapped, intervalMs: M },
    ];
    expect(hashCandles([sets[0]])).toBe(byHand("BTC/USDT", "1m", regular, true));
    expect(hashCandles([sets[1]])).toBe(byHand("ETH/USDT", "1m", gapped, false));
    let turns = 0;
    const yielding = await hashCandlesYielding(sets, async () => void turns++);
    expect(yielding).toBe(hashCandles(sets));
    // 600,000 candles × 5 columns × 8 bytes = 24 MB: a turn every 4 MiB or so.
    expect(turns).toBeGreaterThanOrEqual(5);
  });
});
