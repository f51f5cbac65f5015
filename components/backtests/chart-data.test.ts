import { describe, expect, it } from "vitest";
import { candleTimeFor, curveToPoints, drawdownToPoints, equityToReturnPoints, tradesToMarkers } from "./chart-data";
import type { CandleRow } from "./types";

const H = 3_600_000;
const T0 = Date.UTC(2025, 0, 1);
const candle = (i: number, bucket = H): CandleRow => [T0 + i * bucket, 100, 101, 99, 100, 1];

describe("curveToPoints", () => {
  it("converts to seconds and drops repeated, backward and non-finite points", () => {
    const points = curveToPoints([
      [T0, 100],
      [T0 + 500, 101],
      [T0 + H, Number.NaN],
      [T0 - H, 99],
      [T0 + 2 * H, 102],
    ]);
    expect(points).toEqual([
      { time: T0 / 1000, value: 101 },
      { time: (T0 + 2 * H) / 1000, value: 102 },
    ]);
  });

  it("answers an empty list for a missing curve", () => {
    expect(curveToPoints(null)).toEqual([]);
  });
});

describe("drawdownToPoints", () => {
  it("draws depth below zero", () => {
    expect(drawdownToPoints([[T0, 0], [T0 + H, 5.5], [T0 + 2 * H, -3]]).map((p) => p.value)).toEqual([0, -5.5, -3]);
  });
});

describe("equityToReturnPoints", () => {
  it("is the percent return on the first value", () => {
    expect(equityToReturnPoints([[T0, 1000], [T0 + H, 1100], [T0 + 2 * H, 900]]).map((p) => Math.round(p.value * 1e6) / 1e6)).toEqual([0, 10, -10]);
  });

  it("is empty without a usable base", () => {
    expect(equityToReturnPoints([[T0, 0]])).toEqual([]);
    expect(equityToReturnPoints([])).toEqual([]);
  });
});

describe("candleTimeFor", () => {
  const opens = [0, 4, 8, 12].map((i) => T0 + i * H);

  it("finds the bucket a time falls in", () => {
    expect(candleTimeFor(opens, T0, 4 * H)).toBe(T0);
    expect(candleTimeFor(opens, T0 + 5 * H, 4 * H)).toBe(T0 + 4 * H);
    expect(candleTimeFor(opens, T0 + 15 * H, 4 * H)).toBe(T0 + 12 * H);
  });

  it("answers null outside the candles", () => {
    expect(candleTimeFor(opens, T0 - 1, 4 * H)).toBeNull();
    expect(candleTimeFor(opens, T0 + 16 * H, 4 * H)).toBeNull();
    expect(candleTimeFor([], T0, H)).toBeNull();
  });
});

describe("tradesToMarkers", () => {
  const candles = Array.from({ length: 10 }, (_, i) => candle(i));

  it("puts a long's entry below the bar and its exit above, with the exit reason's short code", () => {
    const markers = tradesToMarkers(
      [{ seq: 1, side: "long", entry_at: T0 + H, exit_at: T0 + 3 * H, exit_reason: "stop_loss", entry_price: 100, exit_price: 95 }],
      candles,
      H,
    );
    expect(markers).toEqual([
      { time: (T0 + H) / 1000, position: "belowBar", shape: "arrowUp", tone: "up", text: "L", id: "entry-1" },
      { time: (T0 + 3 * H) / 1000, position: "aboveBar", shape: "arrowDown", tone: "down", text: "SL", id: "exit-1" },
    ]);
  });

  it("mirrors a short and sorts markers by time", () => {
    const markers = tradesToMarkers(
      [
        { seq: 2, side: "short", entry_at: T0 + 5 * H, exit_at: T0 + 6 * H, exit_reason: "take_profit", entry_price: 100, exit_price: 90 },
        { seq: 1, side: "long", entry_at: T0 + 2 * H, exit_at: T0 + 4 * H, exit_reason: "signal", entry_price: 100, exit_price: 110 },
      ],
      candles,
      H,
    );
    expect(markers.map((m) => m.id)).toEqual(["entry-1", "exit-1", "entry-2", "exit-2"]);
    const shortEntry = markers[2];
    expect(shortEntry).toMatchObject({ position: "aboveBar", shape: "arrowDown", text: "S" });
    expect(markers[3]).toMatchObject({ position: "belowBar", shape: "arrowUp", text: "TP" });
  });

  it("snaps fills to merged buckets and skips fills outside the candles", () => {
    const buckets = Array.from({ length: 3 }, (_, i) => candle(i, 4 * H));
    const markers = tradesToMarkers(
      [{ seq: 7, side: "long", entry_at: T0 + 5 * H, exit_at: T0 + 20 * H, exit_reason: "end_of_data", entry_price: 1, exit_price: 1 }],
      buckets,
      4 * H,
    );
    expect(markers).toEqual([{ time: (T0 + 4 * H) / 1000, position: "belowBar", shape: "arrowUp", tone: "up", text: "L", id: "entry-7" }]);
  });

  it("is empty without trades", () => {
    expect(tradesToMarkers([], candles, H)).toEqual([]);
  });
});
