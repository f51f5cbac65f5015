import type { TimeSeries } from "./types";

export const MAX_CHART_POINTS = 2000;

/**
 * A curve for charts as [[time, value], …] with at most `maxPoints` points. Each bucket keeps its
 * minimum and its maximum (in time order), so the deepest drawdown and the highest peak survive the
 * reduction; the first and last points are always kept.
 */
export function downsampleSeries(series: TimeSeries, maxPoints = MAX_CHART_POINTS): [number, number][] {
  const { values, start_at: start, interval_ms: step } = series;
  const n = values.length;
  const at = (i: number): [number, number] => [start + i * step, values[i]];
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => at(i));
  const out: [number, number][] = [at(0)];
  const buckets = Math.floor((maxPoints - 2) / 2);
  const inner = n - 2;
  for (let b = 0; b < buckets; b++) {
    const from = 1 + Math.floor((b * inner) / buckets);
    const to = 1 + Math.floor(((b + 1) * inner) / buckets);
    if (from >= to) continue;
    let lo = from;
    let hi = from;
    for (let i = from + 1; i < to; i++) {
      if (values[i] < values[lo]) lo = i;
      if (values[i] > values[hi]) hi = i;
    }
    if (lo === hi) out.push(at(lo));
    else if (lo < hi) out.push(at(lo), at(hi));
    else out.push(at(hi), at(lo));
  }
  out.push(at(n - 1));
  return out;
}
