/**
 * Intraday path (trading-semantics.md §4.4): the continuous part of each stream is a Brownian
 * bridge from one daily anchor to the next, built by bisecting integer-second intervals. A node's
 * value depends only on its ancestors, so one second (≈17 nodes) and a whole day (86,399 nodes)
 * give the same number. Jumps are steps at hashed seconds. A symbol is β·factor + its own stream.
 */
import { BUCKET_S, DAY_S, lambdaAt, PURPOSE, SEASONAL, streamAnchors, type DayInfo, type StreamParams } from "./anchors";
import { drawStream, seedKey, type DrawStream, type SeedKey } from "./hash";
import { FACTOR_ANNUAL_VOL, symbolRuntime, type SymbolRuntime } from "./symbols";

export const FACTOR_STREAM = 0;
export const FACTOR_PARAMS: StreamParams = { annualVol: FACTOR_ANNUAL_VOL, jumpRate: 1.5, jumpScale: 0.35 };
const IDIO_JUMP_RATE = 0.5;
const IDIO_JUMP_SCALE = 0.4;
/** Volume reacts to the size of the move (§4.7): a 3σ second trades about 2.5× a quiet one. */
const VOLUME_MOVE_GAIN = 0.5;
const VOLUME_LOGNORMAL_SD = 0.5;

export class LruCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly capacity: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) {
      const oldest = this.map.keys().next().value;
      if (oldest !== undefined) this.map.delete(oldest);
    }
  }
  clear(): void {
    this.map.clear();
  }
}

function bridgeNode(draws: DrawStream, day: number, m: number, wa: number, wb: number, la: number, lb: number, lm: number): number {
  const left = lm - la;
  const total = lb - la;
  const mean = wa + (left / total) * (wb - wa);
  const sd = Math.sqrt((left * (lb - lm)) / total);
  return mean + sd * draws.normal(day, m);
}

function withJumps(x0: number, w: number, jumpSum: number): number {
  return x0 + w + jumpSum;
}

export function idioParams(rt: SymbolRuntime): StreamParams {
  return { annualVol: rt.idioAnnualVol, jumpRate: IDIO_JUMP_RATE, jumpScale: IDIO_JUMP_SCALE };
}

const pathCache = new LruCache<Float64Array>(24); // 0.7 MB each

/** Log deviation of one stream at every second 0..86400 of a day (index 86400 = next day's 00:00). */
export function streamDayPath(key: SeedKey, stream: number, params: StreamParams, day: number): Float64Array {
  const cacheKey = `${key.seed}\u0000${stream}\u0000${day}`;
  const hit = pathCache.get(cacheKey);
  if (hit) return hit;
  const info = streamAnchors(key, stream, params).dayInfo(day);
  const lam = new Float64Array(DAY_S + 1);
  for (let t = 0; t <= DAY_S; t++) lam[t] = lambdaAt(info, t);
  const w = new Float64Array(DAY_S + 1);
  w[DAY_S] = info.wEnd;
  const draws = drawStream(key, stream, PURPOSE.bridge);
  const fill = (a: number, b: number): void => {
    if (b - a < 2) return;
    const m = (a + b) >>> 1;
    w[m] = bridgeNode(draws, day, m, w[a], w[b], lam[a], lam[b], lam[m]);
    fill(a, m);
    fill(m, b);
  };
  fill(0, DAY_S);
  const out = w;
  let j = 0;
  let next = 0;
  const jumps = info.jumps;
  for (let t = 0; t < DAY_S; t++) {
    while (next < jumps.length && jumps[next].second <= t) j += jumps[next++].size;
    out[t] = withJumps(info.x0, w[t], j);
  }
  out[0] = info.x0;
  out[DAY_S] = info.x1;
  pathCache.set(cacheKey, out);
  return out;
}

/** Same value as streamDayPath(...)[second], in ~17 bridge nodes instead of 86,399. */
export function streamValueAt(key: SeedKey, stream: number, params: StreamParams, day: number, second: number): number {
  const info: DayInfo = streamAnchors(key, stream, params).dayInfo(day);
  if (second <= 0) return info.x0;
  if (second >= DAY_S) return info.x1;
  let a = 0;
  let b = DAY_S;
  let wa = 0;
  let wb = info.wEnd;
  const draws = drawStream(key, stream, PURPOSE.bridge);
  let la = lambdaAt(info, a);
  let lb = lambdaAt(info, b);
  for (;;) {
    const m = (a + b) >>> 1;
    const lm = lambdaAt(info, m);
    const wm = bridgeNode(draws, day, m, wa, wb, la, lb, lm);
    if (m === second) {
      let j = 0;
      for (const jump of info.jumps) if (jump.second <= second) j += jump.size;
      return withJumps(info.x0, wm, j);
    }
    if (second < m) {
      b = m;
      wb = wm;
      lb = lm;
    } else {
      a = m;
      wa = wm;
      la = lm;
    }
  }
}

export function roundToScale(v: number, scale: number): number {
  return Math.round(v * scale) / scale;
}

export function logPrice(rt: SymbolRuntime, factor: number, idio: number): number {
  return Math.log(rt.spec.startPrice) + rt.spec.beta * factor + idio;
}

export function tickPrice(rt: SymbolRuntime, factor: number, idio: number): number {
  return roundToScale(Math.exp(logPrice(rt, factor, idio)), rt.priceScale);
}

export interface SymbolDay {
  /** Published (tick-rounded) price at seconds 0..86400 of the day. */
  readonly price: Float64Array;
  /** Base volume traded during (t−1, t]; index 0 is unused because that second belongs to the previous day. */
  readonly volume: Float64Array;
}

/** 1.4 MB each; 24 holds today and yesterday for all ten default symbols, which a ticker sweep needs. */
const symbolDayCache = new LruCache<SymbolDay>(24);

export function symbolDay(seed: string | number, symbol: string, day: number): SymbolDay {
  const key = seedKey(seed);
  const rt = symbolRuntime(symbol);
  const cacheKey = `${key.seed}\u0000${rt.spec.symbol}\u0000${day}`;
  const hit = symbolDayCache.get(cacheKey);
  if (hit) return hit;
  const f = streamDayPath(key, FACTOR_STREAM, FACTOR_PARAMS, day);
  const idio = streamDayPath(key, rt.streamId, idioParams(rt), day);
  const regime = streamAnchors(key, FACTOR_STREAM, FACTOR_PARAMS).dayInfo(day).regime;
  const price = new Float64Array(DAY_S + 1);
  const volume = new Float64Array(DAY_S + 1);
  const logStart = Math.log(rt.spec.startPrice);
  const beta = rt.spec.beta;
  const sigmaSecond = rt.spec.annualVol / Math.sqrt(365 * DAY_S);
  const scale = rt.priceScale;
  const volumeDraws = drawStream(key, rt.streamId, PURPOSE.volume);
  // Per-bucket constants hoisted out of the 86,400-tick loop.
  const volBase = new Float64Array(SEASONAL.length);
  const moveGain = new Float64Array(SEASONAL.length);
  for (let b = 0; b < SEASONAL.length; b++) {
    volBase[b] = rt.spec.baseVolumePerSecond * SEASONAL[b] * regime;
    moveGain[b] = VOLUME_MOVE_GAIN / (sigmaSecond * Math.sqrt(SEASONAL[b]) * regime);
  }
  let prev = logStart + beta * f[0] + idio[0];
  price[0] = roundToScale(Math.exp(prev), scale);
  for (let t = 1; t <= DAY_S; t++) {
    const lp = logStart + beta * f[t] + idio[t];
    price[t] = roundToScale(Math.exp(lp), scale);
    const b = ((t - 1) / BUCKET_S) | 0;
    const move = lp > prev ? lp - prev : prev - lp;
    volume[t] = volBase[b] * (1 + moveGain[b] * move) * Math.exp(VOLUME_LOGNORMAL_SD * volumeDraws.normal(day, t));
    prev = lp;
  }
  const out = { price, volume };
  symbolDayCache.set(cacheKey, out);
  return out;
}

/** Published price at one second without generating the day; equals symbolDay(...).price[second]. */
export function symbolTickAt(seed: string | number, symbol: string, day: number, second: number): number {
  const key = seedKey(seed);
  const rt = symbolRuntime(symbol);
  const f = streamValueAt(key, FACTOR_STREAM, FACTOR_PARAMS, day, second);
  const i = streamValueAt(key, rt.streamId, idioParams(rt), day, second);
  return tickPrice(rt, f, i);
}
