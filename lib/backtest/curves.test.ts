import { describe, expect, it } from "vitest";
import { downsampleSeries, MAX_CHART_POINTS } from "./curves";
import { runBacktest } from "./run-backtest";
import { HOUR, randomWalk, T0 } from "./test-support";

describe("curves", () => {
  it("keeps short series as they are, as [[time, value], …]", () => {
    expect(downsampleSeries({ start_at: 1000, interval_ms: 10, values: Float64Array.of(1, 2, 3) })).toEqual([
      [1000, 1],
      [1010, 2],
      [1020, 3],
    ]);
  });

  it("reduces long series to at most 2,000 points, keeping the extremes, the ends and time order", () => {
    const values = new Float64Array(100_000).map((_, i) => Math.sin(i / 500) * 100 + (i === 54_321 ? -1000 : 0) + (i === 7_777 ? 1000 : 0));
    const points = downsampleSeries({ start_at: 0, interval_ms: 1, values });
    expect(points.length).toBeLessThanOrEqual(MAX_CHART_POINTS);
    expect(points.length).toBeGreaterThan(1900);
    expect(points[0]).toEqual([0, values[0]]);
    expect(points[points.length - 1]).toEqual([99_999, values[99_999]]);
    expect(points).toContainEqual([54_321, values[54_321]]);
    expect(points).toContainEqual([7_777, values[7_777]]);
    for (let i = 1; i < points.length; i++) expect(points[i][0]).toBeGreaterThan(points[i - 1][0]);
  });

  it("gives the full equity and drawdown series on the candle grid, and reports progress", () => {
    const candles = randomWalk(3_000, { seed: 6 });
    const progress: number[] = [];
    const r = runBacktest({
      symbols: [{ symbol: "BTC/USDT", candles }],
      timeframe: "1h",
      strategy: { type: "ma_cross", parameters: { fast_period: 5, slow_period: 20 } },
      starting_balance: 1_000,
      fee_rate: 0.001,
      slippage_bps: 0,
      start: candles.openTime[100],
      onProgress: (pct) => progress.push(pct),
    });
    expect(r.equity).toMatchObject({ start_at: candles.openTime[100], interval_ms: HOUR });
    expect(r.equity.values.length).toBe(2_901);
    expect(r.equity.values[0]).toBe(1_000);
    expect(r.drawdown.values.length).toBe(2_901);
    expect(Math.max(...r.drawdown.values)).toBeCloseTo(r.metrics.max_drawdown_pct, 12);
    expect(r.drawdown.values.every((d) => d >= 0)).toBe(true);
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress[progress.length - 1]).toBe(100);
    expect(r.settings.end).toBe(T0 + 3_000 * HOUR);
  });
});
