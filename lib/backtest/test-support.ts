/**
 * Candle fixtures for the engine's and the strategies' tests: hand-written bars and seeded random
 * walks. Not used by the engine itself.
 */
import type { CandleArrays } from "@/lib/market/simulated";
import type { RulesParametersInput } from "@/lib/strategies";

export const HOUR = 3_600_000;
export const DAY = 86_400_000;
/** 2024-01-01 00:00 UTC. */
export const T0 = Date.UTC(2024, 0, 1);

/** [open, high, low, close] or [open, high, low, close, volume]. */
export type Bar = readonly [number, number, number, number, number?];

/** Bars on a grid from `start`; a bare close c stands for a flat bar O=H=L=C=c. */
export function candlesFrom(bars: readonly (Bar | number)[], start = T0, step = HOUR): CandleArrays {
  const n = bars.length;
  const c = {
    openTime: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  bars.forEach((bar, i) => {
    const [o, h, l, cl, v] = typeof bar === "number" ? [bar, bar, bar, bar, 1] : bar;
    c.openTime[i] = start + i * step;
    c.open[i] = o;
    c.high[i] = h;
    c.low[i] = l;
    c.close[i] = cl;
    c.volume[i] = v ?? 1;
  });
  return c;
}

/** mulberry32: small, fast and identical everywhere. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A geometric random walk with `sigma` per candle, opens at the previous close, positive volume. */
export function randomWalk(n: number, { seed = 1, start = T0, step = HOUR, sigma = 0.01, price = 100 } = {}): CandleArrays {
  const rnd = seededRandom(seed);
  const c = {
    openTime: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  let p = price;
  for (let i = 0; i < n; i++) {
    const o = p;
    p *= Math.exp(sigma * (rnd() + rnd() + rnd() - 1.5) * 2);
    c.openTime[i] = start + i * step;
    c.open[i] = o;
    c.high[i] = Math.max(o, p) * (1 + sigma * 0.5 * rnd());
    c.low[i] = Math.min(o, p) * (1 - sigma * 0.5 * rnd());
    c.close[i] = p;
    c.volume[i] = 100 * (0.5 + rnd());
  }
  return c;
}

const COLUMNS = ["openTime", "open", "high", "low", "close", "volume"] as const;

/** The same columns, each passed through `f`. */
export function mapCandles(c: CandleArrays, f: (column: Float64Array) => Float64Array): CandleArrays {
  return Object.fromEntries(COLUMNS.map((k) => [k, f(c[k])])) as unknown as CandleArrays;
}

/** Candles [from, to) as views. */
export function sliceCandles(c: CandleArrays, from: number, to = c.openTime.length): CandleArrays {
  return mapCandles(c, (col) => col.subarray(from, to));
}

/** Only the candles at `indices` (to make gaps). */
export function pickCandles(c: CandleArrays, indices: readonly number[]): CandleArrays {
  return mapCandles(c, (col) => Float64Array.from(indices, (i) => col[i]));
}

export function copyCandles(c: CandleArrays): CandleArrays {
  return {
    openTime: c.openTime.slice(),
    open: c.open.slice(),
    high: c.high.slice(),
    low: c.low.slice(),
    close: c.close.slice(),
    volume: c.volume.slice(),
  };
}

/** A rules strategy that enters when the close crosses above `enterAbove` and exits when it crosses below `exitBelow`. */
export function thresholdRules(enterAbove: number, exitBelow?: number): RulesParametersInput {
  const close = { kind: "price", field: "close" } as const;
  return {
    entry: { combine: "all", conditions: [{ left: close, op: "crosses_above", right: { kind: "constant", value: enterAbove } }] },
    exit:
      exitBelow === undefined
        ? { combine: "any", conditions: [] }
        : { combine: "any", conditions: [{ left: close, op: "crosses_below", right: { kind: "constant", value: exitBelow } }] },
  };
}
