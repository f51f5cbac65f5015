import { describe, expect, it } from "vitest";
import { candlesFrom, HOUR } from "@/lib/backtest/test-support";
import type { SignalOutcome, SignalOutcomeKind } from "./score";
import { baselineHitRate, confidenceBand, groupStats, MIN_SIGNALS_FOR_STATS, wilsonInterval, type ScoredSignal } from "./stats";

const Z2 = 1.959963984540054 ** 2;

function outcome(kind: SignalOutcomeKind, r: number | null, rr = 2): SignalOutcome {
  return { id: "x", outcome: kind, entry_price: 100, rr_effective: rr, r_multiple: r, exit_time: 0, overlaps: null };
}
function row(kind: SignalOutcomeKind, r: number | null, over: Partial<ScoredSignal> = {}): ScoredSignal {
  return {
    source: "binance",
    algorithm_version: "v1",
    symbol: "BTC/USDT",
    timeframe: "1h",
    confidence: 0.3,
    outcome: outcome(kind, r),
    ...over,
  };
}

describe("wilsonInterval", () => {
  it("matches hand-computed 95 % intervals", () => {
    // 7/10: centre (0.7 + z²/20)/(1 + z²/10), half-width z·√(0.021 + z²/400)/(1 + z²/10).
    const a = wilsonInterval(7, 10)!;
    expect(a.low).toBeCloseTo(0.396778, 6);
    expect(a.high).toBeCloseTo(0.892209, 6);
    // 0/n: [0, z²/(n + z²)]; n/n: [n/(n + z²), 1].
    expect(wilsonInterval(0, 5)).toEqual({ low: 0, high: expect.closeTo(Z2 / (5 + Z2), 12) as number });
    expect(wilsonInterval(30, 30)).toEqual({ low: expect.closeTo(30 / (30 + Z2), 12) as number, high: 1 });
    expect(wilsonInterval(30, 30)!.low).toBeCloseTo(0.886487, 6);
    expect(wilsonInterval(0, 5)!.high).toBeCloseTo(0.434482, 6);
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(6, 5)).toThrow(RangeError);
  });
});

describe("groupStats", () => {
  it("keeps expired signals in the denominator and leaves overlaps, pending and degraded out", () => {
    const [g] = groupStats([
      row("win", 2),
      row("loss", -1),
      row("expired", 0.4),
      row("overlap", null),
      row("pending", null),
      row("degraded", null),
    ]);
    expect(g).toMatchObject({ count: 3, wins: 1, losses: 1, expired: 1, status: "insufficient_data" });
    expect(g.hit_rate).toBe(1 / 3);
    expect(g.mean_r).toBeCloseTo((2 - 1 + 0.4) / 3, 12);
    expect(g.mean_rr).toBe(2);
    expect(g.break_even_hit_rate).toBe(1 / 3);
    expect(g.hit_rate_ci95!.low).toBeCloseTo(0.061492, 6);
  });

  it("never pools sources, algorithm versions, symbols, timeframes or bands", () => {
    const groups = groupStats([
      row("win", 2),
      row("win", 2, { source: "simulated" }),
      row("win", 2, { algorithm_version: "v2" }),
      row("win", 2, { symbol: "ETH/USDT" }),
      row("win", 2, { timeframe: "4h" }),
      row("win", 2, { confidence: 0.7 }),
    ]);
    expect(groups).toHaveLength(6);
    expect(groups.every((g) => g.count === 1)).toBe(true);
  });

  it("reports a rate once a group reaches 30 signals", () => {
    const rows = Array.from({ length: MIN_SIGNALS_FOR_STATS }, (_, i) => row(i < 21 ? "win" : "loss", i < 21 ? 2 : -1));
    const [g] = groupStats(rows);
    expect(g.status).toBe("ok");
    expect(g.hit_rate).toBe(0.7);
    expect(groupStats(rows.slice(1))[0].status).toBe("insufficient_data");
  });

  it("bands confidence", () => {
    expect([0.25, 0.39, 0.4, 0.55, 1].map(confidenceBand)).toEqual(["0.25-0.40", "0.25-0.40", "0.40-0.55", "0.55-1.00", "0.55-1.00"]);
  });
});

describe("baselineHitRate", () => {
  it("enters after every candle with the same distances and scores like the signals", () => {
    const c = candlesFrom([
      100,
      [100, 111, 99, 110], // after candle 0: SL 95, TP 110 → win, R 2
      [110, 112, 104, 105], // after candle 1: SL 104.5, TP 121 → loss
      [105, 106, 104, 105], // after candle 2: SL 99.75, TP 115.5 → expired on candle 4's close 106
      [105, 106, 104, 106], // candles 3 and 4: fewer than N later candles → pending, excluded
    ]);
    const b = baselineHitRate(c, { timeframeMs: HOUR, maxCandles: 2, side: "buy", stopFraction: 0.05, rewardRisk: 2 });
    expect(b.count).toBe(3);
    expect(b.wins).toBe(1);
    expect(b.hit_rate).toBe(1 / 3);
    expect(b.mean_r).toBeCloseTo((2 - 1 + 1 / 5.25) / 3, 12);
  });
});
