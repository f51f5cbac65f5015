/** Monthly returns laid out as a calendar: one row per year, twelve month columns. */
import type { MonthlyReturn } from "./types";

export const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

export type HeatCell = { month: number; value: number | null; tone: "up" | "down" | "flat" | "none"; level: 0 | 1 | 2 | 3 | 4 };
export type HeatRow = { year: number; cells: HeatCell[]; total: number | null };

/** Colour strength 1–4 by the size of a return against the largest one shown; 0 for no data. */
export function heatLevel(value: number | null, maxAbs: number): 0 | 1 | 2 | 3 | 4 {
  if (value === null || !Number.isFinite(value) || value === 0 || maxAbs <= 0) return 0;
  const share = Math.min(1, Math.abs(value) / maxAbs);
  return share > 0.75 ? 4 : share > 0.5 ? 3 : share > 0.25 ? 2 : 1;
}

/**
 * Rows from oldest to newest year, each with all twelve months (null where there is no return) and
 * the year's compounded total of the months it has.
 */
export function heatmapRows(returns: readonly MonthlyReturn[]): HeatRow[] {
  const byYear = new Map<number, (number | null)[]>();
  for (const r of returns) {
    const match = /^(\d{4})-(\d{2})$/.exec(r.month);
    if (!match || !Number.isFinite(r.return_pct)) continue;
    const year = Number(match[1]);
    const month = Number(match[2]) - 1;
    if (month < 0 || month > 11) continue;
    const row = byYear.get(year) ?? Array<number | null>(12).fill(null);
    row[month] = r.return_pct;
    byYear.set(year, row);
  }
  const maxAbs = Math.max(0, ...[...byYear.values()].flat().map((v) => (v === null ? 0 : Math.abs(v))));
  return [...byYear.entries()]
    .sort(([a], [b]) => a - b)
    .map(([year, values]) => {
      const present = values.filter((v): v is number => v !== null);
      const total = present.length === 0 ? null : (present.reduce((acc, v) => acc * (1 + v / 100), 1) - 1) * 100;
      return {
        year,
        total,
        cells: values.map((value, month) => ({
          month,
          value,
          tone: value === null ? "none" : value > 0 ? "up" : value < 0 ? "down" : "flat",
          level: heatLevel(value, maxAbs),
        })),
      };
    });
}
