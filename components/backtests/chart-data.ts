/**
 * Pure conversions from the API's series to what the charts draw. Free of the chart library, so they
 * are tested without a DOM. Chart times are UTC epoch seconds; the API's are milliseconds.
 */
import { exitReasonShort } from "./format";
import type { BacktestTrade, CandleRow, CurvePoint } from "./types";

export type ChartPoint = { time: number; value: number };

export type MarkerSpec = {
  /** Seconds, the open time of the candle the fill belongs to. */
  time: number;
  position: "aboveBar" | "belowBar";
  shape: "arrowUp" | "arrowDown";
  tone: "up" | "down";
  text: string;
  id: string;
};

const toSeconds = (ms: number) => Math.floor(ms / 1000);

/**
 * Curve points as chart points: ascending, one per second (the chart refuses repeated or backward
 * times), non-finite values dropped.
 */
export function curveToPoints(curve: readonly CurvePoint[] | null | undefined, transform: (value: number) => number = (v) => v): ChartPoint[] {
  const out: ChartPoint[] = [];
  for (const [ms, raw] of curve ?? []) {
    const value = transform(raw);
    if (!Number.isFinite(ms) || !Number.isFinite(value)) continue;
    const time = toSeconds(ms);
    const last = out.at(-1);
    if (last && time < last.time) continue;
    if (last && time === last.time) last.value = value;
    else out.push({ time, value });
  }
  return out;
}

/** Drawdown below the zero line: the API sends depth as a positive percentage. */
export function drawdownToPoints(curve: readonly CurvePoint[] | null | undefined): ChartPoint[] {
  return curveToPoints(curve, (v) => (v === 0 ? 0 : -Math.abs(v)));
}

/** Equity as percent return on its first value, so runs with different balances share one scale. */
export function equityToReturnPoints(curve: readonly CurvePoint[] | null | undefined): ChartPoint[] {
  const base = curve?.find(([, v]) => Number.isFinite(v) && v !== 0)?.[1];
  if (base === undefined) return [];
  return curveToPoints(curve, (v) => (v / base - 1) * 100);
}

/**
 * The candle a fill belongs to: the last one opening at or before it. Candles may be merged into
 * buckets, so fills rarely sit exactly on an open time; fills outside the candles get null.
 */
export function candleTimeFor(openTimes: readonly number[], at: number, bucketMs: number): number | null {
  if (openTimes.length === 0 || at < openTimes[0]) return null;
  let lo = 0;
  let hi = openTimes.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (openTimes[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  const open = openTimes[lo];
  // Past the last candle's span: the fill is outside what the chart shows.
  if (lo === openTimes.length - 1 && bucketMs > 0 && at >= open + bucketMs) return null;
  return open;
}

type MarkerTrade = Pick<BacktestTrade, "side" | "entry_at" | "exit_at" | "exit_reason" | "entry_price" | "exit_price"> & { seq?: number };

/**
 * Entry and exit arrows for trades on a candle chart. A long enters with a green arrow up below the
 * bar and exits with an arrow down above it; a short is the mirror image. The exit's text is the
 * exit reason's short code. Sorted by time, as the chart requires.
 */
export function tradesToMarkers(trades: readonly MarkerTrade[], candles: readonly CandleRow[], bucketMs: number): MarkerSpec[] {
  const openTimes = candles.map((c) => c[0]);
  const out: MarkerSpec[] = [];
  trades.forEach((trade, index) => {
    const key = trade.seq ?? index;
    const long = trade.side === "long";
    const entry = candleTimeFor(openTimes, trade.entry_at, bucketMs);
    if (entry !== null) {
      out.push({
        time: toSeconds(entry),
        position: long ? "belowBar" : "aboveBar",
        shape: long ? "arrowUp" : "arrowDown",
        tone: long ? "up" : "down",
        text: long ? "L" : "S",
        id: `entry-${key}`,
      });
    }
    const exit = candleTimeFor(openTimes, trade.exit_at, bucketMs);
    if (exit !== null) {
      out.push({
        time: toSeconds(exit),
        position: long ? "aboveBar" : "belowBar",
        shape: long ? "arrowDown" : "arrowUp",
        tone: long ? "down" : "up",
        text: exitReasonShort(trade.exit_reason),
        id: `exit-${key}`,
      });
    }
  });
  // Stable: an entry and an exit on one candle keep their trade order.
  return out.sort((a, b) => a.time - b.time);
}
