import type { CandleArrays } from "@/lib/market/candle-store";
import { scoreSignal, type ScoreOptions, type SignalOutcome } from "./score";

/** Below this many scored signals a group shows "insufficient data" instead of a rate. */
export const MIN_SIGNALS_FOR_STATS = 30;
/** z for a two-sided 95 % interval. */
const Z95 = 1.959963984540054;

/** Lower edges of the confidence bands; a signal needs |s| ≥ θ (0.25 by default) to exist at all. */
export const CONFIDENCE_BANDS = [
  { label: "0.25-0.40", min: 0, max: 0.4 },
  { label: "0.40-0.55", min: 0.4, max: 0.55 },
  { label: "0.55-1.00", min: 0.55, max: Infinity },
] as const;

export function confidenceBand(confidence: number): string {
  for (const b of CONFIDENCE_BANDS) if (confidence >= b.min && confidence < b.max) return b.label;
  return CONFIDENCE_BANDS[CONFIDENCE_BANDS.length - 1].label;
}

export interface Interval {
  low: number;
  high: number;
}

/** Wilson score interval for k successes in n trials (95 % by default); null for n = 0. */
export function wilsonInterval(k: number, n: number, z = Z95): Interval | null {
  if (!(n > 0)) return null;
  if (k < 0 || k > n) throw new RangeError(`successes must be in [0, ${n}], got ${k}`);
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // Clamp the last-bit error at the edges (0/n and n/n), where the exact bound is 0 or 1.
  return { low: k === 0 ? 0 : Math.max(0, centre - half), high: k === n ? 1 : Math.min(1, centre + half) };
}

/** A scored signal with what grouping needs. */
export interface ScoredSignal {
  source: string;
  algorithm_version: string;
  symbol: string;
  timeframe: string;
  confidence: number;
  outcome: SignalOutcome;
}

export interface GroupKey {
  source: string;
  algorithm_version: string;
  symbol: string;
  timeframe: string;
  band: string;
}

export interface GroupStats {
  key: GroupKey;
  /** win + loss + expired; overlaps, pending and degraded signals are left out. */
  count: number;
  wins: number;
  losses: number;
  expired: number;
  status: "ok" | "insufficient_data";
  /** wins / count, expired included in the denominator; null for count 0. */
  hit_rate: number | null;
  hit_rate_ci95: Interval | null;
  mean_r: number | null;
  /** Mean of the signals' effective reward/risk. */
  mean_rr: number | null;
  /** 1 / (1 + mean RR): the hit rate at which the group breaks even. */
  break_even_hit_rate: number | null;
}

function keyString(k: GroupKey): string {
  return [k.source, k.algorithm_version, k.symbol, k.timeframe, k.band].join("\u0000");
}

/**
 * Hit-rate statistics per (source, algorithm version, symbol, timeframe, confidence band). The
 * source and version are part of every key, so simulated and exchange data, or two algorithms, are
 * never pooled (trading-semantics.md §5.3).
 */
export function groupStats(signals: readonly ScoredSignal[]): GroupStats[] {
  const groups = new Map<string, { key: GroupKey; items: SignalOutcome[] }>();
  for (const s of signals) {
    const key: GroupKey = {
      source: s.source,
      algorithm_version: s.algorithm_version,
      symbol: s.symbol,
      timeframe: s.timeframe,
      band: confidenceBand(s.confidence),
    };
    const ks = keyString(key);
    let g = groups.get(ks);
    if (!g) groups.set(ks, (g = { key, items: [] }));
    g.items.push(s.outcome);
  }
  const out: GroupStats[] = [];
  for (const ks of [...groups.keys()].sort()) {
    const g = groups.get(ks)!;
    out.push(summarise(g.key, g.items));
  }
  return out;
}

export function summarise(key: GroupKey, outcomes: readonly SignalOutcome[]): GroupStats {
  let wins = 0;
  let losses = 0;
  let expired = 0;
  let sumR = 0;
  let sumRr = 0;
  let nRr = 0;
  for (const o of outcomes) {
    if (o.outcome !== "win" && o.outcome !== "loss" && o.outcome !== "expired") continue;
    if (o.outcome === "win") wins++;
    else if (o.outcome === "loss") losses++;
    else expired++;
    sumR += o.r_multiple ?? 0;
    if (o.rr_effective !== null) {
      sumRr += o.rr_effective;
      nRr++;
    }
  }
  const count = wins + losses + expired;
  const meanRr = nRr > 0 ? sumRr / nRr : null;
  return {
    key,
    count,
    wins,
    losses,
    expired,
    status: count < MIN_SIGNALS_FOR_STATS ? "insufficient_data" : "ok",
    hit_rate: count > 0 ? wins / count : null,
    hit_rate_ci95: wilsonInterval(wins, count),
    mean_r: count > 0 ? sumR / count : null,
    mean_rr: meanRr,
    break_even_hit_rate: meanRr !== null ? 1 / (1 + meanRr) : null,
  };
}

export interface BaselineOptions extends ScoreOptions {
  side: "buy" | "sell";
  /** Stop distance as a fraction of the entry reference (the candle's close), e.g. 0.02. */
  stopFraction: number;
  /** Target distance as a multiple of the stop distance. */
  rewardRisk: number;
}

export interface BaselineStats {
  count: number;
  wins: number;
  hit_rate: number | null;
  mean_r: number | null;
}

/**
 * The same stop/target distances "entered" after every candle of the period and scored exactly like
 * the signals (overlaps included: a baseline has no episodes). A band that does not beat this is
 * measuring the market's drift, not the signal.
 */
export function baselineHitRate(candles: CandleArrays, options: BaselineOptions): BaselineStats {
  const side = options.side === "buy" ? 1 : -1;
  let wins = 0;
  let count = 0;
  let sumR = 0;
  for (let i = 0; i < candles.close.length; i++) {
    const ref = candles.close[i];
    const dist = ref * options.stopFraction;
    const o = scoreSignal(
      {
        id: String(i),
        symbol: "",
        timeframe: "",
        signal: options.side,
        candle_time: candles.openTime[i],
        stop_loss: ref - side * dist,
        take_profit: ref + side * options.rewardRisk * dist,
      },
      candles,
      options,
    );
    if (o.outcome !== "win" && o.outcome !== "loss" && o.outcome !== "expired") continue;
    count++;
    if (o.outcome === "win") wins++;
    sumR += o.r_multiple ?? 0;
  }
  return { count, wins, hit_rate: count > 0 ? wins / count : null, mean_r: count > 0 ? sumR / count : null };
}
