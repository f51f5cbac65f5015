/**
 * Candles (trading-semantics.md §4.3): 1m candles aggregate the 1-second ticks (O = previous close,
 * H/L over O and the 60 ticks, C = last tick); every coarser timeframe aggregates 1m candles on
 * UTC boundaries. Volumes travel as integer counts of the amount step so that summing them for a
 * coarser candle is exact and independent of grouping (hours → day gives the same as minutes → day).
 */
import { DAY_S, ORIGIN_MS } from "./anchors";
import { LruCache, symbolDay, symbolTickAt } from "./path";
import { symbolRuntime } from "./symbols";

import { timeframeMs, type Timeframe as SimulatedTimeframe } from "../timeframes";

/** The simulated market serves every timeframe of the shared list. */
export { TIMEFRAMES as SIMULATED_TIMEFRAMES, isTimeframe as isSimulatedTimeframe } from "../timeframes";
export { timeframeMs, type SimulatedTimeframe };

export interface CandleArrays {
  readonly openTime: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

export interface Candle {
  openTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export interface SimulatedCandlesQuery {
  seed: string | number;
  symbol: string;
  timeframe: SimulatedTimeframe;
  /** Inclusive, ms; rounded up to the timeframe grid. */
  from: number;
  /** Exclusive, ms: candles with openTime < to. */
  to: number;
  /** Server time, ms: when given, only candles with openTime + timeframe ≤ now (never the forming one). */
  now?: number;
}

/** One aggregate row layout: o, h, l, c, volume count. */
const W = 5;
/** Protects callers from a typo turning into gigabytes: 5M rows ≈ 9.5 years of 1m candles. */
export const MAX_CANDLES = 5_000_000;

const minuteCache = new LruCache<Float64Array>(64);
const hourCache = new LruCache<Float64Array>(20_000);

function dayKey(seed: string | number, symbol: string, day: number): string {
  return `${String(seed)}\u0000${symbol}\u0000${day}`;
}

function aggregate(src: Float64Array, start: number, count: number, dst: Float64Array, at: number): void {
  let h = src[start * W + 1];
  let l = src[start * W + 2];
  let v = src[start * W + 4];
  for (let i = 1; i < count; i++) {
    const o = (start + i) * W;
    if (src[o + 1] > h) h = src[o + 1];
    if (src[o + 2] < l) l = src[o + 2];
    v += src[o + 4];
  }
  dst[at] = src[start * W];
  dst[at + 1] = h;
  dst[at + 2] = l;
  dst[at + 3] = src[(start + count - 1) * W + 3];
  dst[at + 4] = v;
}

/** 1440 rows of (o, h, l, c, volume count) for one UTC day. */
export function dayMinutes(seed: string | number, symbol: string, day: number): Float64Array {
  const rt = symbolRuntime(symbol);
  const key = dayKey(seed, rt.spec.symbol, day);
  const hit = minuteCache.get(key);
  if (hit) return hit;
  const { price, volume } = symbolDay(seed, rt.spec.symbol, day);
  const out = new Float64Array(1440 * W);
  const amountScale = rt.amountScale;
  for (let k = 0; k < 1440; k++) {
    const base = k * 60;
    const o = price[base];
    let h = o;
    let l = o;
    let v = 0;
    for (let t = base + 1; t <= base + 60; t++) {
      const p = price[t];
      if (p > h) h = p;
      if (p < l) l = p;
      v += volume[t];
    }
    const r = k * W;
    out[r] = o;
    out[r + 1] = h;
    out[r + 2] = l;
    out[r + 3] = price[base + 60];
    out[r + 4] = Math.round(v * amountScale);
  }
  minuteCache.set(key, out);
  const hours = new Float64Array(24 * W);
  for (let h = 0; h < 24; h++) aggregate(out, h * 60, 60, hours, h * W);
  hourCache.set(key, hours);
  return out;
}

/** 24 rows of (o, h, l, c, volume count); cached long after the minutes are evicted. */
export function dayHours(seed: string | number, symbol: string, day: number): Float64Array {
  const rt = symbolRuntime(symbol);
  const key = dayKey(seed, rt.spec.symbol, day);
  const hit = hourCache.get(key);
  if (hit) return hit;
  const minutes = dayMinutes(seed, rt.spec.symbol, day);
  // The minutes may have been a cache hit whose hours were evicted on their own.
  let hours = hourCache.get(key);
  if (!hours) {
    hours = new Float64Array(24 * W);
    for (let h = 0; h < 24; h++) aggregate(minutes, h * 60, 60, hours, h * W);
    hourCache.set(key, hours);
  }
  return hours;
}

export function simulatedCandles(q: SimulatedCandlesQuery): CandleArrays {
  const rt = symbolRuntime(q.symbol);
  const tfMs = timeframeMs(q.timeframe);
  if (!Number.isFinite(q.from) || !Number.isFinite(q.to)) throw new RangeError("from and to must be finite ms timestamps");
  let start = Math.max(q.from, ORIGIN_MS);
  start = Math.ceil(start / tfMs) * tfMs;
  let end = q.to;
  if (q.now !== undefined) end = Math.min(end, Math.floor(q.now / tfMs) * tfMs);
  const n = end > start ? Math.ceil((end - start) / tfMs) : 0;
  if (n > MAX_CANDLES) throw new RangeError(`Range too large: ${n} candles (max ${MAX_CANDLES})`);
  const openTime = new Float64Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const volume = new Float64Array(n);
  const tfMin = tfMs / 60_000;
  const useHours = tfMin >= 60;
  const unitsPerCandle = useHours ? tfMin / 60 : tfMin;
  const unitsPerDay = useHours ? 24 : 1440;
  const row = new Float64Array(W);
  const dayMs = DAY_S * 1000;
  let i = 0;
  while (i < n) {
    const t = start + i * tfMs;
    const day = Math.floor((t - ORIGIN_MS) / dayMs);
    const src = useHours ? dayHours(q.seed, rt.spec.symbol, day) : dayMinutes(q.seed, rt.spec.symbol, day);
    const dayStart = ORIGIN_MS + day * dayMs;
    // All supported timeframes divide a day, so a candle never straddles two days.
    for (let unit = Math.round((t - dayStart) / (tfMs / unitsPerCandle)); unit < unitsPerDay && i < n; unit += unitsPerCandle, i++) {
      aggregate(src, unit, unitsPerCandle, row, 0);
      openTime[i] = start + i * tfMs;
      open[i] = row[0];
      high[i] = row[1];
      low[i] = row[2];
      close[i] = row[3];
      volume[i] = row[4] / rt.amountScale;
    }
  }
  return { openTime, open, high, low, close, volume };
}

export function candlesToObjects(c: CandleArrays): Candle[] {
  const out: Candle[] = new Array(c.openTime.length);
  for (let i = 0; i < c.openTime.length; i++) {
    out[i] = { openTime: c.openTime[i], open: c.open[i], high: c.high[i], low: c.low[i], close: c.close[i], volume: c.volume[i] };
  }
  return out;
}

/** ccxt's OHLCV row order, for code written against fetchOHLCV. */
export function candlesToOhlcv(c: CandleArrays): [number, number, number, number, number, number][] {
  const out: [number, number, number, number, number, number][] = new Array(c.openTime.length);
  for (let i = 0; i < c.openTime.length; i++) out[i] = [c.openTime[i], c.open[i], c.high[i], c.low[i], c.close[i], c.volume[i]];
  return out;
}

export interface FormingCandleQuery {
  seed: string | number;
  symbol: string;
  timeframe?: SimulatedTimeframe;
  /** Server time, ms. */
  at: number;
}

/**
 * The still-forming candle at `at`: closed 1m candles of the period plus the ticks of the current
 * minute up to floor(at, 1 s) — nothing later. Its close is the ticker's `last`.
 */
export function simulatedFormingCandle(q: FormingCandleQuery): Candle {
  const rt = symbolRuntime(q.symbol);
  const tf = q.timeframe ?? "1m";
  const tfMs = timeframeMs(tf);
  const s = Math.floor(q.at / 1000);
  if (s * 1000 < ORIGIN_MS) throw new RangeError("Simulated data starts at 2018-01-01T00:00:00Z");
  const periodStart = Math.floor((s * 1000) / tfMs) * tfMs;
  const minuteStart = Math.floor(s / 60) * 60;
  const closed = simulatedCandles({ seed: q.seed, symbol: rt.spec.symbol, timeframe: "1m", from: periodStart, to: minuteStart * 1000 });
  const rel = s - ORIGIN_MS / 1000;
  const day = Math.floor(rel / DAY_S);
  const sec = rel - day * DAY_S;
  const minuteSec = sec - (s - minuteStart);
  const { price, volume } = symbolDay(q.seed, rt.spec.symbol, day);
  let o = price[minuteSec];
  let h = o;
  let l = o;
  let v = 0;
  for (let t = minuteSec + 1; t <= sec; t++) {
    if (price[t] > h) h = price[t];
    if (price[t] < l) l = price[t];
    v += volume[t];
  }
  let vCount = Math.round(v * rt.amountScale);
  for (let i = 0; i < closed.openTime.length; i++) {
    if (i === 0) o = closed.open[0];
    if (closed.high[i] > h) h = closed.high[i];
    if (closed.low[i] < l) l = closed.low[i];
    vCount += Math.round(closed.volume[i] * rt.amountScale);
  }
  return { openTime: periodStart, open: o, high: h, low: l, close: price[sec], volume: vCount / rt.amountScale };
}

export interface CloseSeries {
  readonly openTime: Float64Array;
  readonly close: Float64Array;
}

/**
 * Closes only, by random access to the tick at each candle's end (≈34 bridge nodes per close
 * instead of 173k draws per symbol-day). Equal to simulatedCandles(...).close for the same query;
 * meant for long-horizon analytics (returns, correlations, calibration) that need no high/low.
 */
export function simulatedCloses(q: SimulatedCandlesQuery): CloseSeries {
  const rt = symbolRuntime(q.symbol);
  const tfMs = timeframeMs(q.timeframe);
  if (!Number.isFinite(q.from) || !Number.isFinite(q.to)) throw new RangeError("from and to must be finite ms timestamps");
  const start = Math.ceil(Math.max(q.from, ORIGIN_MS) / tfMs) * tfMs;
  let end = q.to;
  if (q.now !== undefined) end = Math.min(end, Math.floor(q.now / tfMs) * tfMs);
  const n = end > start ? Math.ceil((end - start) / tfMs) : 0;
  if (n > MAX_CANDLES) throw new RangeError(`Range too large: ${n} candles (max ${MAX_CANDLES})`);
  const openTime = new Float64Array(n);
  const close = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    openTime[i] = start + i * tfMs;
    const rel = (openTime[i] + tfMs - ORIGIN_MS) / 1000;
    const day = Math.floor(rel / DAY_S);
    close[i] = symbolTickAt(q.seed, rt.spec.symbol, day, rel - day * DAY_S);
  }
  return { openTime, close };
}
