import { describe, expect, it } from "vitest";
import { pnlChart } from "./pnl-chart";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const created = Date.parse("2025-01-01T00:00:00Z");

/** Hourly snapshots: equity 1000 + hour index, except where `dip` says otherwise. */
function hourly(hours: number, dip: Record<number, number> = {}) {
  return Array.from({ length: hours }, (_, i) => ({ ts: created + (i + 1) * HOUR, equity: dip[i + 1] ?? 1000 + (i + 1) }));
}

describe("pnlChart", () => {
  it("starts the 1d range at now − 24 h with the equity then, and adds fill points", () => {
    const snapshots = hourly(72);
    const now = created + 72 * HOUR;
    const chart = pnlChart({
      snapshots,
      fillPoints: [{ ts: now - 90 * 60_000, equity: 1069.5 }],
      startingBalance: 1000,
      createdAt: created,
      now,
      range: "1d",
    });
    expect(chart.from).toBe(now - DAY);
    expect(chart.points).toHaveLength(26); // the edge, 24 hours, one fill
    expect(chart.points[0]).toEqual({ ts: now - DAY, equity: 1048, pnl: 0, drawdown_pct: 0 });
    expect(chart.points.at(-1)).toEqual({ ts: now, equity: 1072, pnl: 24, drawdown_pct: 0 });
    const fill = chart.points.find((p) => p.ts === now - 90 * 60_000)!;
    expect(fill.equity).toBe(1069.5);
    expect(fill.drawdown_pct).toBeCloseTo((1 - 1069.5 / 1070) * 100, 12);
  });

  it("starts 'all' and ranges longer than the account at its creation and starting balance", () => {
    const snapshots = hourly(5);
    for (const range of ["all", "7d", "1y"] as const) {
      const chart = pnlChart({ snapshots, startingBalance: 1000, createdAt: created, now: created + 5 * HOUR, range });
      expect(chart.from).toBe(created);
      expect(chart.points.map((p) => p.equity)).toEqual([1000, 1001, 1002, 1003, 1004, 1005]);
      expect(chart.points.map((p) => p.pnl)).toEqual([0, 1, 2, 3, 4, 5]);
    }
  });

  it("ignores points after now", () => {
    const chart = pnlChart({ snapshots: hourly(10), startingBalance: 1000, createdAt: created, now: created + 3 * HOUR, range: "all" });
    expect(chart.points.map((p) => p.ts)).toEqual([created, created + HOUR, created + 2 * HOUR, created + 3 * HOUR]);
  });

  it("keeps a year of hours and fills within 2,000 points, with the deepest trough and its drawdown", () => {
    const hours = 366 * 24;
    const snapshots = hourly(hours, { 5000: 500 }); // a one-hour crash from the peak of 5,999
    const fillPoints = Array.from({ length: 3000 }, (_, i) => ({ ts: created + i * 3 * HOUR + 1_000, equity: 1000 + i * 3 }));
    const now = created + hours * HOUR;
    const chart = pnlChart({ snapshots, fillPoints, startingBalance: 1000, createdAt: created, now, range: "1y" });
    expect(chart.points.length).toBeLessThanOrEqual(2000);
    expect(chart.points[0].ts).toBe(now - 365 * DAY);
    expect(chart.points.at(-1)!.ts).toBe(now);
    const trough = chart.points.find((p) => p.ts === created + 5000 * HOUR)!;
    expect(trough.equity).toBe(500);
    expect(trough.drawdown_pct).toBeCloseTo((1 - 500 / 5999) * 100, 9);
    expect(Math.max(...chart.points.map((p) => p.drawdown_pct))).toBe(trough.drawdown_pct);
    const times = chart.points.map((p) => p.ts);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });
});
