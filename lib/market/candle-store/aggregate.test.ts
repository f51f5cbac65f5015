import { describe, expect, it } from "vitest";
import { aggregateFrom1m } from "./aggregate";
import { fromRows, makeCandles } from "./test-support";

const M = 60_000;
const T0 = Date.UTC(2025, 0, 1);

describe("aggregateFrom1m", () => {
  it("matches a hand-made 5m expectation and drops incomplete buckets", () => {
    // Bucket T0: complete. Bucket T0+5m: minute 7 missing. Bucket T0+10m: complete.
    // Bucket T0+15m: only its first minute (the data ends).
    const rows = [
      [0, 10, 12, 9, 11, 1],
      [1, 11, 15, 10, 14, 2],
      [2, 14, 14, 8, 9, 3],
      [3, 9, 10, 7, 8, 4],
      [4, 8, 13, 8, 12, 5],
      [5, 12, 12, 12, 12, 1],
      [6, 12, 12, 12, 12, 1],
      [8, 12, 12, 12, 12, 1],
      [9, 12, 12, 12, 12, 1],
      [10, 20, 21, 19, 20, 0.5],
      [11, 20, 25, 20, 24, 0.25],
      [12, 24, 24, 18, 19, 0.125],
      [13, 19, 22, 19, 21, 1],
      [14, 21, 21, 20, 20.5, 2],
      [15, 30, 30, 30, 30, 1],
    ].map(([m, ...v]) => [T0 + m * M, ...v]);
    expect(aggregateFrom1m(fromRows(rows), "5m")).toEqual(
      fromRows([
        [T0, 10, 15, 7, 12, 15],
        [T0 + 10 * M, 20, 25, 18, 20.5, 3.875],
      ]),
    );
  });

  it("drops a bucket whose data starts mid-bucket and aligns to UTC boundaries", () => {
    const c = makeCandles(T0 - 30 * M, M, 150); // 23:30 .. 01:59
    const hourly = aggregateFrom1m(c, "1h");
    expect(Array.from(hourly.openTime)).toEqual([T0, T0 + 3_600_000]);
    const day = aggregateFrom1m(makeCandles(T0, M, 1_440), "1d");
    expect(Array.from(day.openTime)).toEqual([T0]);
    expect(aggregateFrom1m(makeCandles(T0, M, 1_439), "1d").openTime.length).toBe(0);
  });

  it("agrees with a naive reference over a long series with holes", () => {
    const c = makeCandles(T0, M, 10_000, (i) => i % 977 === 500);
    const got = aggregateFrom1m(c, "15m");
    const byBucket = new Map<number, number[]>();
    c.openTime.forEach((t, i) => {
      const b = Math.floor(t / (15 * M)) * 15 * M;
      byBucket.set(b, [...(byBucket.get(b) ?? []), i]);
    });
    const rows = [...byBucket]
      .filter(([, idx]) => idx.length === 15)
      .map(([b, idx]) => [
        b,
        c.open[idx[0]],
        Math.max(...idx.map((i) => c.high[i])),
        Math.min(...idx.map((i) => c.low[i])),
        c.close[idx[14]],
        idx.reduce((s, i) => s + c.volume[i], 0),
      ]);
    expect(got).toEqual(fromRows(rows));
    expect(rows.length).toBeLessThan(byBucket.size);
  });

  it("refuses unsorted or off-grid input", () => {
    const c = makeCandles(T0, M, 3);
    c.openTime[2] = T0;
    expect(() => aggregateFrom1m(c, "5m")).toThrow(/ascending/);
    expect(() => aggregateFrom1m(makeCandles(T0 + 1, M, 3), "5m")).toThrow(/minute grid/);
  });
});
