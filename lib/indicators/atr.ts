import { assertPeriod, assertSameLength, outputFor } from "./validate";

/**
 * True range (TA-Lib TRANGE): max(high - low, |high - prevClose|, |low - prevClose|).
 * Lookback 1: out[0] is NaN because bar 0 has no previous close.
 * NaN: only outputs whose inputs are NaN are NaN (no state is carried).
 */
export function trueRange(high: Float64Array, low: Float64Array, close: Float64Array, out?: Float64Array): Float64Array {
  const n = assertSameLength(high, low, close);
  const o = outputFor(n, out, [high, low, close]);
  if (n === 0) return o;
  o[0] = NaN;
  for (let i = 1; i < n; i++) o[i] = trueRangeAt(high[i], low[i], close[i - 1]);
  return o;
}

/** One bar's true range from its high, low and the previous close (shared with ADX). */
export function trueRangeAt(h: number, l: number, pc: number): number {
  let r = h - l;
  const a = Math.abs(h - pc);
  if (a > r) r = a;
  const b = Math.abs(l - pc);
  if (b > r) r = b;
  // The comparisons above drop a NaN from pc; propagate it instead of hiding a bad candle.
  return pc === pc ? r : NaN;
}

/**
 * Average true range (TA-Lib ATR, Wilder smoothing). Lookback `period`: out[i] is NaN for i < period.
 * Seeded with the mean of TR[1..period] at bar `period`, then atr = atr · (period - 1) / period +
 * tr / period: precomputed factors instead of TA-Lib's division keep the division off the loop's
 * dependency chain (about 2× faster) at a cost of ~1e-15 relative. Libraries that include bar 0's
 * high - low in the seed differ early on. Period 1 is the true range itself.
 * NaN: a NaN input makes that output and every later one NaN.
 */
export function atr(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  out?: Float64Array,
): Float64Array {
  assertPeriod(period);
  const n = assertSameLength(high, low, close);
  const o = outputFor(n, out, [high, low, close]);
  if (n <= period) return o.fill(NaN);
  o.fill(NaN, 0, period);
  let sum = 0;
  for (let i = 1; i <= period; i++) sum += trueRangeAt(high[i], low[i], close[i - 1]);
  let prev = sum / period;
  o[period] = prev;
  const a = (period - 1) / period;
  const b = 1 / period;
  let pc = close[period];
  for (let i = period + 1; i < n; i++) {
    const h = high[i];
    const l = low[i];
    // Math.max is branchless and propagates NaN, unlike compare-and-assign.
    const r = Math.max(h - l, Math.abs(h - pc), Math.abs(l - pc));
    prev = prev * a + r * b;
    o[i] = prev;
    pc = close[i];
  }
  return o;
}
