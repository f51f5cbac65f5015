import type { Db } from "@/lib/db/open";
import { readCandles, type CandleArrays } from "@/lib/market/candle-store";
import { timeframeMs, type Timeframe } from "@/lib/market/timeframes";
import { scoreSignals, type ScorableSignal, type SignalOutcome } from "./score";
import { readTradeSignals, type RecordedTradeSignal } from "./signal-store";
import { baselineHitRate, confidenceBand, CONFIDENCE_BANDS, summarise, type Interval } from "./stats";

/** At most this many recorded buy/sell signals per symbol are scored (the newest): weeks of 1h candles. */
export const STATS_SIGNAL_LIMIT = 2_000;

export type BaselineView = { count: number; hit_rate: number | null; mean_r: number | null };

export type SignalBandStats = {
  band: string;
  /** Scored signals: tp + sl + expired (pending, overlapping and degraded ones are not counted). */
  count: number;
  wins: number;
  losses: number;
  expired: number;
  /** wins / count, expired included; null for count 0. */
  hit_rate: number | null;
  hit_rate_ci95: Interval | null;
  mean_r: number | null;
  mean_rr: number | null;
  /** 1 / (1 + mean RR_eff). */
  break_even_hit_rate: number | null;
  /** The same stop/target distances entered after every candle of the period, per side as the band's signals. */
  baseline: BaselineView | null;
  /** Fewer than 30 scored signals: the rate is shown but means little. */
  insufficient_data: boolean;
};

export type SignalStatsGroup = {
  symbol: string;
  timeframe: string;
  source: string;
  algorithm: string;
  pending: number;
  overlapping: number;
  degraded: number;
  bands: SignalBandStats[];
};

type GroupSignals = { source: string; algorithm: string; symbol: string; items: RecordedTradeSignal[] };

function groupBySeries(rows: readonly RecordedTradeSignal[]): GroupSignals[] {
  const groups = new Map<string, GroupSignals>();
  for (const r of rows) {
    const k = [r.source, r.algorithm, r.symbol].join("\u0000");
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { source: r.source, algorithm: r.algorithm, symbol: r.symbol, items: [] }));
    g.items.push(r);
  }
  return [...groups.values()];
}

const mean = (xs: readonly number[]) => (xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/**
 * The baseline of a band: for each side its signals took, the band's mean stop distance (a fraction
 * of the entry) and mean reward/risk entered after every candle of the period, mixed in the band's
 * proportion of buys and sells so it answers "what would any entry with these levels have done".
 */
function bandBaseline(signals: readonly RecordedTradeSignal[], candles: CandleArrays, opts: { timeframeMs: number; maxCandles: number }): BaselineView | null {
  let count = 0;
  let weighted = 0;
  let weightedR = 0;
  let weight = 0;
  for (const side of ["buy", "sell"] as const) {
    const mine = signals.filter((s) => s.signal === side);
    if (mine.length === 0) continue;
    const stop = mean(mine.map((s) => Math.abs(s.entry_price - s.stop_loss) / s.entry_price));
    const rr = mean(mine.map((s) => Math.abs(s.take_profit - s.entry_price) / Math.abs(s.entry_price - s.stop_loss)));
    if (!stop || !rr || !Number.isFinite(rr)) continue;
    const b = baselineHitRate(candles, { side, stopFraction: stop, rewardRisk: rr, ...opts });
    if (b.hit_rate === null || b.mean_r === null) continue;
    count += b.count;
    weighted += mine.length * b.hit_rate;
    weightedR += mine.length * b.mean_r;
    weight += mine.length;
  }
  return weight > 0 ? { count, hit_rate: weighted / weight, mean_r: weightedR / weight } : null;
}

/**
 * Hit-rate statistics of the recorded signals (trading-semantics.md §5.3), per symbol, source and
 * algorithm (never pooled) and per confidence band. Each signal is scored on the stored candles of
 * its own source; a candle reaching both levels is decided on stored 1m candles, else as a stop.
 */
export function signalStats(
  db: Db,
  q: { symbols: readonly string[]; timeframe: Timeframe; scoreCandles: number; limit?: number; now?: number },
): SignalStatsGroup[] {
  const tf = timeframeMs(q.timeframe);
  const rows = readTradeSignals(db, { symbols: q.symbols, timeframe: q.timeframe, limit: q.limit ?? STATS_SIGNAL_LIMIT });
  const out: SignalStatsGroup[] = [];
  for (const g of groupBySeries(rows)) {
    // The period runs from the first signal to now: the baseline enters at every candle of it.
    const from = g.items[0].candle_time;
    const to = Math.max(q.now ?? Date.now(), g.items[g.items.length - 1].candle_time + (q.scoreCandles + 1) * tf);
    const candles = readCandles(db, { source: g.source, symbol: g.symbol, timeframe: q.timeframe, from, to });
    const oneMinuteBetween = (start: number, end: number) => {
      const m = readCandles(db, { source: g.source, symbol: g.symbol, timeframe: "1m", from: start, to: end });
      return m.openTime.length > 0 ? m : null;
    };
    const scorable: ScorableSignal[] = g.items.map((s) => ({ ...s }));
    const opts = { timeframeMs: tf, maxCandles: q.scoreCandles };
    const outcomes = scoreSignals(scorable, candles, { ...opts, oneMinuteBetween });
    const byBand = new Map<string, { signals: RecordedTradeSignal[]; outcomes: SignalOutcome[] }>();
    let pending = 0;
    let overlapping = 0;
    let degraded = 0;
    g.items.forEach((s, i) => {
      const o = outcomes[i];
      if (o.outcome === "pending") pending++;
      else if (o.outcome === "overlap") overlapping++;
      else if (o.outcome === "degraded") degraded++;
      const band = confidenceBand(s.confidence);
      let b = byBand.get(band);
      if (!b) byBand.set(band, (b = { signals: [], outcomes: [] }));
      b.outcomes.push(o);
      if (o.outcome === "win" || o.outcome === "loss" || o.outcome === "expired") b.signals.push(s);
    });
    const bands = CONFIDENCE_BANDS.map(({ label }): SignalBandStats => {
      const b = byBand.get(label) ?? { signals: [], outcomes: [] };
      const s = summarise({ source: g.source, algorithm_version: g.algorithm, symbol: g.symbol, timeframe: q.timeframe, band: label }, b.outcomes);
      return {
        band: label,
        count: s.count,
        wins: s.wins,
        losses: s.losses,
        expired: s.expired,
        hit_rate: s.hit_rate,
        hit_rate_ci95: s.hit_rate_ci95,
        mean_r: s.mean_r,
        mean_rr: s.mean_rr,
        break_even_hit_rate: s.break_even_hit_rate,
        baseline: b.signals.length > 0 ? bandBaseline(b.signals, candles, opts) : null,
        insufficient_data: s.status === "insufficient_data",
      };
    });
    out.push({ symbol: g.symbol, timeframe: q.timeframe, source: g.source, algorithm: g.algorithm, pending, overlapping, degraded, bands });
  }
  return out;
}
