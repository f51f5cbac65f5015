/**
 * Allocation donut geometry. Each slice is a stroke-dasharray segment of one circle, so a single
 * 100 % slice draws as a full ring (an SVG arc path cannot), and the numbers are testable without a DOM.
 */
import type { AllocationSlice } from "./types";

export const DONUT_RADIUS = 40;
export const DONUT_CIRCUMFERENCE = 2 * Math.PI * DONUT_RADIUS;

export type DonutSegment = {
  asset: string;
  value: number;
  /** Share of the total, 0–100, from the values (the API's pct may not sum to 100 after rounding). */
  pct: number;
  /** Stroke length of the slice along the circle. */
  length: number;
  /** stroke-dashoffset that starts the slice where the previous one ended (drawn clockwise from 12 o'clock). */
  offset: number;
  colorIndex: number;
};

/** Slices by value, largest first, with slices under `minPct` merged into one "Other". */
export function donutSegments(slices: readonly AllocationSlice[], minPct = 2): DonutSegment[] {
  const positive = slices.filter((s) => Number.isFinite(s.value) && s.value > 0);
  const total = positive.reduce((sum, s) => sum + s.value, 0);
  if (total <= 0) return [];
  const sorted = [...positive].sort((a, b) => b.value - a.value);
  const kept: { asset: string; value: number }[] = [];
  let other = 0;
  for (const s of sorted) {
    if ((s.value / total) * 100 < minPct && sorted.length > 1) other += s.value;
    else kept.push({ asset: s.asset, value: s.value });
  }
  if (other > 0) kept.push({ asset: "Other", value: other });
  let start = 0;
  return kept.map((s, i) => {
    const length = (s.value / total) * DONUT_CIRCUMFERENCE;
    const segment = { asset: s.asset, value: s.value, pct: (s.value / total) * 100, length, offset: -start, colorIndex: i };
    start += length;
    return segment;
  });
}
