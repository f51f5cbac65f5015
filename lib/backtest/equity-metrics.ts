import type { DrawdownEpisode } from "./types";

/*
 * Metrics of the close-marked equity series (trading-semantics.md §2.1–2.2). Undefined values are
 * null with a reason code; the caller collects the reasons.
 */

export const DAY_MS = 86_400_000;
const SQRT_365 = Math.sqrt(365);

export type Maybe = { value: number; reason: null } | { value: null; reason: string };
const defined = (value: number): Maybe => ({ value, reason: null });
const undefinedBecause = (reason: string): Maybe => ({ value: null, reason });

export interface DailySeries {
  /** 00:00 UTC of the day each return belongs to. */
  days: number[];
  returns: number[];
}

/**
 * Daily returns r_d = E(d)/E(d−1) − 1 over the run's full or partial UTC days, where E(d) is the
 * equity at the last close at or before the end of day d (00:00 UTC of the next day) and E of the
 * day before the first is the starting balance. Point i of `equity` is at startAt + i × intervalMs.
 */
export function dailyReturns(startAt: number, intervalMs: number, equity: ArrayLike<number>): DailySeries {
  const days: number[] = [];
  const returns: number[] = [];
  if (equity.length < 2) return { days, returns };
  let previous = equity[0];
  let dayEnd = Math.ceil((startAt + intervalMs) / DAY_MS) * DAY_MS;
  for (let i = 1; i < equity.length; i++) {
    const t = startAt + i * intervalMs;
    if (t > dayEnd) {
      // Point i belongs to a later day: point i − 1 was the last of the day ending at dayEnd.
      days.push(dayEnd - DAY_MS);
      returns.push(equity[i - 1] / previous - 1);
      previous = equity[i - 1];
      dayEnd = Math.ceil(t / DAY_MS) * DAY_MS;
    }
  }
  days.push(dayEnd - DAY_MS);
  returns.push(equity[equity.length - 1] / previous - 1);
  return { days, returns };
}

function mean(xs: readonly number[]): number {
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/** mean(r) / stdev(r, ddof = 1) × √365 on daily returns, risk-free 0 (§2.2). */
export function sharpeRatio(returns: readonly number[]): Maybe {
  if (returns.length < 2) return undefinedBecause("fewer_than_2_daily_returns");
  const m = mean(returns);
  let ss = 0;
  for (const r of returns) ss += (r - m) ** 2;
  const sd = Math.sqrt(ss / (returns.length - 1));
  if (sd === 0) return undefinedBecause("zero_volatility");
  return defined((m / sd) * SQRT_365);
}

/**
 * mean(r) / DD × √365 with DD = √(Σ min(0, r)² / n) over ALL n days, around 0 (not around the mean,
 * not over the negative days only): quantstats' and backtesting.py's downside deviation (§2.2).
 */
export function sortinoRatio(returns: readonly number[]): Maybe {
  if (returns.length < 2) return undefinedBecause("fewer_than_2_daily_returns");
  let ss = 0;
  for (const r of returns) if (r < 0) ss += r * r;
  const dd = Math.sqrt(ss / returns.length);
  if (dd === 0) return undefinedBecause(mean(returns) > 0 ? "no_downside_infinite" : "no_downside");
  return defined((mean(returns) / dd) * SQRT_365);
}

export interface DrawdownAnalysis {
  /** Drawdown from the running peak at every point, in positive percent. */
  series: Float64Array;
  maxPct: number;
  /** The longest time under water: from a running peak to the first later point back at or above it, or to the end. */
  longestMs: number;
  deepest: DrawdownEpisode | null;
}

/**
 * The drawdown series, max drawdown = max_t (1 − E_t / max_{s≤t} E_s) × 100 with the starting balance
 * included (§2.2), and the drawdown episodes, in one pass over the equity.
 */
export function analyseDrawdowns(startAt: number, intervalMs: number, equity: Float64Array): DrawdownAnalysis {
  const n = equity.length;
  const series = new Float64Array(n);
  let peak = equity[0];
  let peakIndex = 0;
  let troughIndex = 0;
  let trough = peak;
  let maxDd = 0;
  let longest = 0;
  let deepestDepth = 0;
  let deepest: DrawdownEpisode | null = null;
  // i = n stands for "the end": an episode still open there never recovered.
  for (let i = 1; i <= n; i++) {
    const atEnd = i === n;
    const e = atEnd ? -Infinity : equity[i];
    if (!atEnd && e < peak) {
      const dd = (1 - e / peak) * 100;
      series[i] = dd;
      if (e < trough) {
        trough = e;
        troughIndex = i;
        if (dd > maxDd) maxDd = dd;
      }
      continue;
    }
    if (troughIndex !== peakIndex) {
      const endIndex = atEnd ? n - 1 : i;
      const duration = (endIndex - peakIndex) * intervalMs;
      if (duration > longest) longest = duration;
      const depth = (1 - trough / peak) * 100;
      if (depth > deepestDepth) {
        deepestDepth = depth;
        deepest = {
          depth_pct: depth,
          peak_at: startAt + peakIndex * intervalMs,
          trough_at: startAt + troughIndex * intervalMs,
          recovered_at: atEnd ? null : startAt + i * intervalMs,
          duration_ms: duration,
        };
      }
    }
    if (atEnd) break;
    peak = e;
    trough = e;
    peakIndex = i;
    troughIndex = i;
  }
  return { series, maxPct: maxDd, longestMs: longest, deepest };
}

/** ((E_n / E_0)^(365 / D) − 1) × 100 over fractional days D; −100 when everything is lost. */
export function cagrPct(startEquity: number, endEquity: number, startAt: number, endAt: number): Maybe {
  const days = (endAt - startAt) / DAY_MS;
  if (!(days > 0)) return undefinedBecause("empty_range");
  if (endEquity <= 0) return defined(-100);
  const value = ((endEquity / startEquity) ** (365 / days) - 1) * 100;
  return Number.isFinite(value) ? defined(value) : undefinedBecause("overflow");
}

/** CAGR / max drawdown over the whole run; undefined without a drawdown. */
export function calmarRatio(cagr: number | null, maxDrawdown: number): Maybe {
  if (cagr === null) return undefinedBecause("cagr_undefined");
  if (maxDrawdown === 0) return undefinedBecause("no_drawdown");
  return defined(cagr / 100 / (maxDrawdown / 100));
}
