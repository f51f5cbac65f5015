/**
 * Daily anchors (trading-semantics.md §4.4–4.5): log level at 00:00 UTC of each day, the volatility
 * regime and the day's jumps. Computed strictly in day order from a fixed origin and cached per
 * process, so every process that asks for day d gets bit-identical numbers whatever it asked first.
 */
import { normal, studentT4, uniform, type SeedKey } from "./hash";

export const ORIGIN_MS = Date.UTC(2018, 0, 1);
export const ORIGIN_S = ORIGIN_MS / 1000;
export const DAY_S = 86400;
export const BUCKET_S = 1800;
export const BUCKETS = DAY_S / BUCKET_S;
/** Anchors are sequential from the origin; a bound keeps a typo'd year from allocating for minutes. */
export const MAX_DAY = Math.floor((Date.UTC(2119, 0, 1) - Date.UTC(2018, 0, 1)) / 86_400_000) - 1;

export const PURPOSE = {
  eps: 1,
  regime: 2,
  jumpCount: 3,
  jumpTime: 4,
  jumpSize: 5,
  bridge: 6,
  volume: 7,
  hourVol: 8,
} as const;

export interface StreamParams {
  readonly annualVol: number;
  /** Expected jumps per day (Poisson). */
  readonly jumpRate: number;
  /** Jump standard deviation as a fraction of the day's σ. */
  readonly jumpScale: number;
}

/** Half-life ≈ 180 days keeps levels plausible forever without visibly pulling on a few weeks. */
const KAPPA = 1 - Math.pow(0.5, 1 / 180);
const REGIME_PHI = 0.97;
const REGIME_SD = 0.3;
const REGIME_VAR = REGIME_SD * REGIME_SD;
const REGIME_INNOV = REGIME_SD * Math.sqrt(1 - REGIME_PHI * REGIME_PHI);
/** Intraday activity bursts last hours: they give |r_1h| its short-lag memory and fatten 1h tails. */
const HOUR_PHI = 0.93;
const HOUR_SD = 0.6;
const HOUR_INNOV = HOUR_SD * Math.sqrt(1 - HOUR_PHI * HOUR_PHI);
/** log E[m²] under the stationary law, so activity averages to 1 and σ_annual stays on target. */
const HOUR_M2_LOG = 2 * HOUR_SD * HOUR_SD;
const EPS_CLAMP = 10;
const JUMP_CLAMP = 8;
const MAX_JUMPS = 8;
/** Weekdays carry more variance than weekends; weights average to 1 over a week. */
const WEEKEND_VAR = 0.6;
const WEEKDAY_VAR = (7 - 2 * WEEKEND_VAR) / 5;

/** Seasonal variance per 30-minute UTC bucket: Asia open, quiet European morning, US open 13:30–16:00. */
export const SEASONAL: Float64Array = (() => {
  const s = new Float64Array(BUCKETS);
  for (let b = 0; b < BUCKETS; b++) {
    const h = b / 2;
    s[b] = h < 2 ? 1.2 : h < 7 ? 0.75 : h < 13.5 ? 1.0 : h < 16 ? 2.0 : h < 20 ? 1.25 : 0.8;
  }
  let sum = 0;
  for (let b = 0; b < BUCKETS; b++) sum += s[b];
  for (let b = 0; b < BUCKETS; b++) s[b] = (s[b] * BUCKETS) / sum;
  return s;
})();

export function isWeekend(day: number): boolean {
  // 2018-01-01 was a Monday.
  const dow = ((day % 7) + 7) % 7;
  return dow >= 5;
}

export interface Jump {
  readonly second: number;
  readonly size: number;
}

export interface DayInfo {
  readonly day: number;
  /** Log deviation at 00:00 of this day and of the next. */
  readonly x0: number;
  readonly x1: number;
  /** Endpoint of the continuous part: x1 − x0 − Σ jumps. */
  readonly wEnd: number;
  /** Cumulative intraday variance Λ at bucket edges; Λ(86400) = the day's continuous variance. */
  readonly lambdaEdges: Float64Array;
  readonly lambdaRate: Float64Array;
  readonly jumps: readonly Jump[];
  readonly regime: number;
}

class StreamAnchors {
  days = 0;
  x = new Float64Array(1024);
  logR = new Float64Array(1024);
  sigma = new Float64Array(1024);
  sigmaC = new Float64Array(1024);
  jumpSum = new Float64Array(1024);
  hourLogM = new Float64Array(1024 * 24);
  private lastHourLogM = 0;

  constructor(
    readonly key: SeedKey,
    readonly stream: number,
    readonly params: StreamParams,
  ) {
    this.x[0] = 0;
    this.logR[0] = -REGIME_VAR;
  }

  private grow(): void {
    const n = this.x.length * 2;
    const g = (a: Float64Array, k = 1) => {
      const b = new Float64Array(n * k);
      b.set(a);
      return b;
    };
    this.x = g(this.x);
    this.logR = g(this.logR);
    this.sigma = g(this.sigma);
    this.sigmaC = g(this.sigmaC);
    this.jumpSum = g(this.jumpSum);
    this.hourLogM = g(this.hourLogM, 24);
  }

  /** Makes days [0, day] complete, including x[day + 1]. */
  ensure(day: number): void {
    if (!(day >= 0 && day <= MAX_DAY)) throw new RangeError(`Simulated data covers 2018-01-01 to 2118-12-31, not day ${day}`);
    const { key, stream, params } = this;
    const contFrac = Math.sqrt(Math.max(0.05, 1 - params.jumpRate * params.jumpScale * params.jumpScale));
    while (this.days <= day) {
      const d = this.days;
      if (d + 2 >= this.x.length) this.grow();
      // Hourly activity first: a busy day is a more volatile day, so intraday bursts also move σ_d
      // (normalising them away inside the day would only reshuffle variance between hours).
      let m = this.lastHourLogM;
      let activity = 0;
      for (let h = 0; h < 24; h++) {
        m = HOUR_PHI * m + HOUR_INNOV * normal(key, stream, PURPOSE.hourVol, d, h);
        this.hourLogM[d * 24 + h] = m;
        activity += (SEASONAL[2 * h] + SEASONAL[2 * h + 1]) * Math.exp(2 * m - HOUR_M2_LOG);
      }
      this.lastHourLogM = m;
      activity /= BUCKETS;
      const r = Math.exp(this.logR[d]);
      const sd = (params.annualVol / Math.sqrt(365)) * r * Math.sqrt((isWeekend(d) ? WEEKEND_VAR : WEEKDAY_VAR) * activity);
      this.sigma[d] = sd;
      this.sigmaC[d] = sd * contFrac;
      const jumps = dayJumps(key, stream, params, d, sd);
      let j = 0;
      for (const jump of jumps) j += jump.size;
      this.jumpSum[d] = j;
      const eps = clamp(studentT4(key, stream, PURPOSE.eps, d, 0), EPS_CLAMP);
      this.x[d + 1] = this.x[d] - KAPPA * this.x[d] + this.sigmaC[d] * eps + j;
      this.logR[d + 1] = -REGIME_VAR + REGIME_PHI * (this.logR[d] + REGIME_VAR) + REGIME_INNOV * normal(key, stream, PURPOSE.regime, d, 0);
      this.days = d + 1;
    }
  }

  /** Random-access callers ask for the same day many times in a row. */
  private lastInfo: DayInfo | null = null;

  dayInfo(day: number): DayInfo {
    if (this.lastInfo !== null && this.lastInfo.day === day) return this.lastInfo;
    this.ensure(day);
    const sd = this.sigma[day];
    const jumps = dayJumps(this.key, this.stream, this.params, day, sd);
    const rate = new Float64Array(BUCKETS);
    let total = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const m = Math.exp(2 * this.hourLogM[day * 24 + (b >> 1)]);
      rate[b] = SEASONAL[b] * m;
      total += rate[b];
    }
    const varC = this.sigmaC[day] * this.sigmaC[day];
    const edges = new Float64Array(BUCKETS + 1);
    for (let b = 0; b < BUCKETS; b++) {
      rate[b] = (rate[b] / total) * (varC / BUCKET_S);
      edges[b + 1] = edges[b] + rate[b] * BUCKET_S;
    }
    const x0 = this.x[day];
    const x1 = this.x[day + 1];
    this.lastInfo = { day, x0, x1, wEnd: x1 - x0 - this.jumpSum[day], lambdaEdges: edges, lambdaRate: rate, jumps, regime: Math.exp(this.logR[day]) };
    return this.lastInfo;
  }
}

function clamp(v: number, c: number): number {
  return v > c ? c : v < -c ? -c : v;
}

function dayJumps(key: SeedKey, stream: number, params: StreamParams, day: number, sd: number): Jump[] {
  // Poisson by inversion of one uniform: the count never depends on how many draws came before.
  const u = uniform(key, stream, PURPOSE.jumpCount, day, 0);
  let n = 0;
  let p = Math.exp(-params.jumpRate);
  let cdf = p;
  while (u > cdf && n < MAX_JUMPS) {
    n++;
    p *= params.jumpRate / n;
    cdf += p;
  }
  const out: Jump[] = [];
  for (let i = 0; i < n; i++) {
    const second = 1 + Math.floor(uniform(key, stream, PURPOSE.jumpTime, day, i) * (DAY_S - 1));
    const size = clamp(studentT4(key, stream, PURPOSE.jumpSize, day, i), JUMP_CLAMP) * params.jumpScale * sd;
    out.push({ second, size });
  }
  out.sort((a, b) => a.second - b.second || a.size - b.size);
  return out;
}

const streams = new Map<string, StreamAnchors>();

export function streamAnchors(key: SeedKey, stream: number, params: StreamParams): StreamAnchors {
  const id = `${key.seed}\u0000${stream}`;
  let s = streams.get(id);
  if (!s) {
    s = new StreamAnchors(key, stream, params);
    streams.set(id, s);
  }
  return s;
}

export type { StreamAnchors };

/** Cumulative intraday variance at an integer second; the single formula every path uses. */
export function lambdaAt(info: DayInfo, second: number): number {
  if (second >= DAY_S) return info.lambdaEdges[BUCKETS];
  const b = Math.floor(second / BUCKET_S);
  return info.lambdaEdges[b] + (second - b * BUCKET_S) * info.lambdaRate[b];
}
