import { describe, expect, it } from "vitest";
import { ema, rsi } from "@/lib/indicators";
import { forwardFillGaps, indicatorSnapshot } from "./indicator-snapshot";

const H = 3_600_000;
function series(n: number, skip: (i: number) => boolean = () => false) {
  const rows = Array.from({ length: n }, (_, i) => i).filter((i) => !skip(i));
  const f = (g: (i: number) => number) => Float64Array.from(rows, g);
  const px = (i: number) => 100 + 10 * Math.sin(i / 7) + i * 0.05;
  return { openTime: f((i) => i * H), open: f(px), high: f((i) => px(i) + 1), low: f((i) => px(i) - 1), close: f((i) => px(i) + 0.3), volume: f(() => 5) };
}

describe("forwardFillGaps", () => {
  it("fills a missing bar with the previous close and zero volume", () => {
    const filled = forwardFillGaps(series(5, (i) => i === 2), H);
    expect(Array.from(filled.openTime)).toEqual([0, H, 2 * H, 3 * H, 4 * H]);
    expect([filled.open[2], filled.high[2], filled.low[2], filled.close[2], filled.volume[2]]).toEqual([filled.close[1], filled.close[1], filled.close[1], filled.close[1], 0]);
  });
});

describe("indicatorSnapshot", () => {
  it("is the last value of each indicator over the candles, null where history is too short", () => {
    const c = series(100);
    const snap = indicatorSnapshot(c, H);
    expect(snap.candle_time).toBe(99 * H);
    expect(snap.rsi_14).toBe(rsi(c.close, 14)[99]);
    expect(snap.ema_50).toBe(ema(c.close, 50)[99]);
    expect(snap.ema_200).toBeNull();
    expect(snap.macd.line).not.toBeNull();
    expect(snap.stoch.k).not.toBeNull();
    expect(snap.adx_14).not.toBeNull();
  });

  it("reports the last real candle's time even when gaps were filled", () => {
    expect(indicatorSnapshot(series(60, (i) => i === 30), H).candle_time).toBe(59 * H);
  });

  it("answers all nulls without candles", () => {
    const empty = series(0);
    expect(indicatorSnapshot(empty, H)).toMatchObject({ candle_time: null, rsi_14: null, bb: { upper: null }, stoch: { k: null } });
  });
});
