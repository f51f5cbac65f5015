/**
 * Calibration (trading-semantics.md §4.11) over 2 simulated years, 2022-01-01 → 2024-01-01, for
 * four seeds so a pass is not an accident of one seed. Daily and hourly returns come from
 * simulatedCloses (random access; candles.test.ts proves it equals the candles' closes), which
 * costs ~1/200 of generating every tick. The 1m autocorrelation uses full 1m candles over 14 days.
 */
import { describe, expect, it } from "vitest";
import { simulatedCandles, simulatedCloses, type SimulatedTimeframe } from "./candles";

const FROM = Date.UTC(2022, 0, 1);
const TO = Date.UTC(2024, 0, 1);
const SEEDS = ["42", "1", "2", "3"];

function logReturns(close: Float64Array): number[] {
  const r: number[] = [];
  for (let i = 1; i < close.length; i++) r.push(Math.log(close[i] / close[i - 1]));
  return r;
}
const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
function autocorrelation(x: number[], lag: number): number {
  const m = mean(x);
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) den += (x[i] - m) ** 2;
  for (let i = lag; i < x.length; i++) num += (x[i] - m) * (x[i - lag] - m);
  return num / den;
}
function correlation(a: number[], b: number[]): number {
  const ma = mean(a);
  const mb = mean(b);
  let s = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < a.length; i++) {
    s += (a[i] - ma) * (b[i] - mb);
    sa += (a[i] - ma) ** 2;
    sb += (b[i] - mb) ** 2;
  }
  return s / Math.sqrt(sa * sb);
}
function excessKurtosis(x: number[]): number {
  const m = mean(x);
  const v = mean(x.map((r) => (r - m) ** 2));
  return mean(x.map((r) => (r - m) ** 4)) / (v * v) - 3;
}
const returns = (seed: string, symbol: string, timeframe: SimulatedTimeframe) => logReturns(simulatedCloses({ seed, symbol, timeframe, from: FROM, to: TO }).close);

describe.each(SEEDS)("calibration over 2 years, seed %s", (seed) => {
  it("BTC realised annualised vol of daily log returns is within ±15% of 55%", () => {
    const r = returns(seed, "BTC/USDT", "1d");
    expect(r.length).toBe(729);
    const m = mean(r);
    const vol = Math.sqrt(mean(r.map((x) => (x - m) ** 2)) * 365);
    expect(vol).toBeGreaterThan(0.55 * 0.85);
    expect(vol).toBeLessThan(0.55 * 1.15);
  });

  it("BTC 1h returns: excess kurtosis > 3 and mean autocorrelation of |r| over lags 1–24 > 0.1", () => {
    const r = returns(seed, "BTC/USDT", "1h");
    expect(excessKurtosis(r)).toBeGreaterThan(3);
    const abs = r.map(Math.abs);
    const acf = Array.from({ length: 24 }, (_, i) => autocorrelation(abs, i + 1));
    expect(mean(acf)).toBeGreaterThan(0.1);
    // Every lag is clearly positive too (noise level ≈ 1/√17500 ≈ 0.008).
    for (const a of acf) expect(a).toBeGreaterThan(0.04);
  });

  it("alts move with BTC: daily return correlation between 0.5 and 0.9, vol above BTC's", () => {
    const btc = returns(seed, "BTC/USDT", "1d");
    for (const alt of ["ETH/USDT", "SOL/USDT", "XRP/USDT"]) {
      const r = returns(seed, alt, "1d");
      const c = correlation(btc, r);
      expect(c).toBeGreaterThan(0.5);
      expect(c).toBeLessThan(0.9);
      expect(Math.sqrt(mean(r.map((x) => x * x)))).toBeGreaterThan(Math.sqrt(mean(btc.map((x) => x * x))));
    }
  });
});

describe("1m returns (14 days of full 1m candles)", () => {
  it("mean autocorrelation of r_1m over lags 1–10 is ≈ 0 (|ρ| < 0.02)", () => {
    const from = Date.UTC(2023, 3, 3);
    const c = simulatedCandles({ seed: "42", symbol: "BTC/USDT", timeframe: "1m", from, to: from + 14 * 86_400_000 });
    const r = logReturns(c.close);
    const acf = Array.from({ length: 10 }, (_, i) => autocorrelation(r, i + 1));
    expect(Math.abs(mean(acf))).toBeLessThan(0.02);
    expect(Math.abs(acf[0])).toBeLessThan(0.03);
  });
});
