import { describe, expect, it } from "vitest";
import type { CandleArrays } from "@/lib/market/simulated";
import { runBacktest } from "./run-backtest";
import { candlesFrom, HOUR, sliceCandles, T0, thresholdRules, type Bar } from "./test-support";
import type { BacktestInput } from "./types";

const MINUTE = 60_000;

/** 1m candles walking through `closes` for each hour in turn (open = previous close); 60 per hour. */
function minutes(paths: number[][], firstOpen: number): CandleArrays {
  const rows: [number, number, number, number, number][] = [];
  let prev = firstOpen;
  paths.forEach((path, h) => {
    for (let m = 0; m < 60; m++) {
      const c = path[Math.min(m, path.length - 1)];
      rows.push([T0 + h * HOUR + m * MINUTE, prev, Math.max(prev, c), Math.min(prev, c), c]);
      prev = c;
    }
  });
  return {
    openTime: Float64Array.from(rows, (r) => r[0]),
    open: Float64Array.from(rows, (r) => r[1]),
    high: Float64Array.from(rows, (r) => r[2]),
    low: Float64Array.from(rows, (r) => r[3]),
    close: Float64Array.from(rows, (r) => r[4]),
    volume: Float64Array.from(rows, () => 1),
  };
}

/** The hour's bar as the aggregate of its minutes. */
function hours(detail: CandleArrays, count: number): Bar[] {
  return Array.from({ length: count }, (_, h) => {
    const s = h * 60;
    const e = s + 60;
    return [detail.open[s], Math.max(...detail.high.subarray(s, e)), Math.min(...detail.low.subarray(s, e)), detail.close[e - 1]] as const;
  });
}

function run(paths: number[][], risk: object, detail: boolean) {
  const d = minutes(paths, 99);
  const input: BacktestInput = {
    symbols: [{ symbol: "BTC/USDT", candles: candlesFrom(hours(d, paths.length)), ...(detail ? { detail_candles: d } : {}) }],
    timeframe: "1h",
    strategy: { type: "rules", parameters: thresholdRules(100), risk },
    starting_balance: 10_000,
    fee_rate: 0,
    slippage_bps: 0,
    start: T0,
  };
  return runBacktest(input);
}

// Hour 0 closes at 99, hour 1 at 101 (entry signal), the entry fills at hour 2's open (101).
const rampUpThenDown = Array.from({ length: 60 }, (_, m) => (m < 30 ? 101 + (m + 1) * (9 / 30) : 110 - (m - 29) * (6 / 30)));

describe("1m detail mode (trading-semantics.md §1.7)", () => {
  it("resolves a trail inside a long candle in time order: up to 110, then down through 104.5", () => {
    const paths = [[99], [101], rampUpThenDown, [104]];
    const coarse = run(paths, { trailing_stop_pct: 5 }, false);
    const fine = run(paths, { trailing_stop_pct: 5 }, true);
    // On hourly bars the hour's high only raises the trail for the next hour, where 104 < 104.5 exits.
    expect(coarse.trades[0]).toMatchObject({ exit_reason: "trailing_stop", exit_at: T0 + 3 * HOUR });
    expect(fine.settings.detail).toBe("1m");
    const t = fine.trades[0];
    expect(t.exit_reason).toBe("trailing_stop");
    expect(t.exit_at).toBeGreaterThan(T0 + 2 * HOUR);
    expect(t.exit_at).toBeLessThan(T0 + 3 * HOUR);
    expect(t.exit_price).toBeCloseTo(110 * 0.95, 9);
    expect(fine.data_quality.symbols[0].detail_minutes).toBe(4 * 60);
  });

  it("lets the minutes decide which of stop and target came first", () => {
    // After the entry at 101 the price first rises to the target (+5% = 106.05), then falls through the stop (−3%).
    const path = Array.from({ length: 60 }, (_, m) => (m < 20 ? 101 + (m + 1) * 0.3 : 107 - (m - 19) * 0.3));
    const coarse = run([[99], [101], path, [95]], { take_profit_pct: 5, stop_loss_pct: 3 }, false);
    const fine = run([[99], [101], path, [95]], { take_profit_pct: 5, stop_loss_pct: 3 }, true);
    expect(coarse.trades[0].exit_reason).toBe("stop_loss");
    expect(fine.trades[0].exit_reason).toBe("take_profit");
    expect(fine.trades[0].exit_price).toBeCloseTo(101 * 1.05, 9);
  });

  it("falls back to the candle itself where minutes are missing, and says so", () => {
    const paths = [[99], [101], rampUpThenDown, [104]];
    const d = minutes(paths, 99);
    const partial = sliceCandles(d, 0, 120);
    const r = runBacktest({
      symbols: [{ symbol: "BTC/USDT", candles: candlesFrom(hours(d, 4)), detail_candles: partial }],
      timeframe: "1h",
      strategy: { type: "rules", parameters: thresholdRules(100), risk: { trailing_stop_pct: 5 } },
      starting_balance: 10_000,
      fee_rate: 0,
      slippage_bps: 0,
      start: T0,
    });
    expect(r.trades[0].exit_at).toBe(T0 + 3 * HOUR);
    expect(r.data_quality.detail_fallback_candles).toBe(2);
    expect(r.warnings.map((w) => w.code)).toContain("detail_incomplete");
  });
});
