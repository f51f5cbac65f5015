import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  adx,
  atr,
  bollinger,
  donchian,
  ema,
  macd,
  rsi,
  sma,
  stddev,
  stochastic,
  trueRange,
  volumeMa,
  vwap,
  zscore,
} from "@/lib/indicators";

type Column = (number | null)[];
interface GoldenSeries {
  name: string;
  input: { open: number[]; high: number[]; low: number[]; close: number[]; volume: number[] };
  output: Record<string, Record<string, Column>>;
}
interface Golden {
  generator: string;
  scriptSha256: string;
  talib: { package: string; binding: string };
  series: GoldenSeries[];
}

// Read, not imported: a 400 KiB JSON import would make tsc infer a huge literal type.
const golden = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "golden.json"), "utf8")) as Golden;
const f64 = (xs: readonly number[]) => Float64Array.from(xs);

/** NaN exactly where talib has no value, and every value within `tol` relative of talib's. */
function expectMatches(actual: Float64Array, expected: Column, tol: number, label: string): void {
  expect(actual.length, label).toBe(expected.length);
  let worst = 0;
  let worstAt = -1;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const a = actual[i];
    if (e === null) {
      if (!Number.isNaN(a)) throw new Error(`${label}[${i}]: expected NaN (warm-up), got ${a}`);
      continue;
    }
    if (Number.isNaN(a)) throw new Error(`${label}[${i}]: got NaN, expected ${e}`);
    const err = Math.abs(a - e) / Math.max(Math.abs(e), Number.MIN_VALUE);
    if (a !== e && err > worst) {
      worst = err;
      worstAt = i;
    }
  }
  if (worst > tol) throw new Error(`${label}: relative error ${worst.toExponential(2)} at ${worstAt} exceeds ${tol}`);
}

const leadingNaN = (xs: ArrayLike<number>) => {
  let i = 0;
  while (i < xs.length && Number.isNaN(xs[i])) i++;
  return i;
};
const leadingNull = (xs: Column) => {
  let i = 0;
  while (i < xs.length && xs[i] === null) i++;
  return i;
};

/**
 * Exact references: each window computed from scratch, mean first, then squared deviations.
 * Deviations are taken relative to the window's first value so a flat window is exactly 0.
 */
function twoPassStd(xs: Float64Array, period: number): Float64Array {
  const out = new Float64Array(xs.length).fill(NaN);
  for (let i = period - 1; i < xs.length; i++) {
    const c = xs[i - period + 1];
    let s = 0;
    for (let j = i - period + 1; j <= i; j++) s += xs[j] - c;
    const m = s / period;
    let q = 0;
    for (let j = i - period + 1; j <= i; j++) q += (xs[j] - c - m) ** 2;
    out[i] = Math.sqrt(q / period);
  }
  return out;
}
function windowMean(xs: Float64Array, period: number): Float64Array {
  const out = new Float64Array(xs.length).fill(NaN);
  for (let i = period - 1; i < xs.length; i++) {
    let s = 0;
    for (let j = i - period + 1; j <= i; j++) s += xs[j];
    out[i] = s / period;
  }
  return out;
}
const toColumn = (xs: Float64Array): Column => Array.from(xs, (x) => (Number.isNaN(x) ? null : x));

/** Values that are exactly 0 in the reference (flat windows) must be exactly 0 here too. */
function expectCloseToReference(actual: Float64Array, reference: Float64Array, tol: number, label: string): void {
  expectMatches(actual, toColumn(reference), tol, label);
}

describe("golden file", () => {
  it("was produced by the current scripts/indicators-golden.ts", () => {
    const source = fs.readFileSync(path.join(import.meta.dirname, "../../scripts/indicators-golden.ts"));
    expect(golden.scriptSha256).toBe(crypto.createHash("sha256").update(source).digest("hex"));
    expect(golden.generator).toBe("scripts/indicators-golden.ts");
    expect(golden.talib.package).toBe("1.1.6");
  });

  it("has both price levels", () => {
    const closes = golden.series.map((s) => s.input.open[0]);
    expect(closes).toEqual([100, 50_000]);
    for (const s of golden.series) expect(s.input.close.length).toBeGreaterThanOrEqual(500);
  });
});

for (const series of golden.series) {
  describe(`vs talib ${golden.talib.package}: ${series.name}`, () => {
    const { high, low, close } = {
      high: f64(series.input.high),
      low: f64(series.input.low),
      close: f64(series.input.close),
    };
    const g = series.output;
    const TOL = 1e-9;

    it("SMA", () => {
      expectMatches(sma(close, 20), g["SMA(20)"].outReal, TOL, "SMA(20)");
      expectMatches(sma(close, 50), g["SMA(50)"].outReal, TOL, "SMA(50)");
    });
    it("EMA", () => {
      expectMatches(ema(close, 20), g["EMA(20)"].outReal, TOL, "EMA(20)");
      expectMatches(ema(close, 50), g["EMA(50)"].outReal, TOL, "EMA(50)");
    });
    it("RSI", () => expectMatches(rsi(close, 14), g["RSI(14)"].outReal, TOL, "RSI(14)"));
    it("MACD", () => {
      const m = macd(close, 12, 26, 9);
      const e = g["MACD(12,26,9)"];
      expectMatches(m.line, e.outMACD, TOL, "MACD line");
      expectMatches(m.signal, e.outMACDSignal, TOL, "MACD signal");
      expectMatches(m.hist, e.outMACDHist, TOL, "MACD hist");
    });
    it("ATR", () => expectMatches(atr(high, low, close, 14), g["ATR(14)"].outReal, TOL, "ATR(14)"));
    it("STOCH", () => {
      const s = stochastic(high, low, close);
      expectMatches(s.k, g["STOCH(14,3,3)"].outSlowK, TOL, "slow %K");
      expectMatches(s.d, g["STOCH(14,3,3)"].outSlowD, TOL, "slow %D");
    });
    it("ADX, +DI, -DI", () => {
      const a = adx(high, low, close, 14);
      expectMatches(a.adx, g["ADX(14)"].outReal, TOL, "ADX");
      expectMatches(a.plusDI, g["PLUS_DI(14)"].outReal, TOL, "+DI");
      expectMatches(a.minusDI, g["MINUS_DI(14)"].outReal, TOL, "-DI");
    });
    it("Bollinger: 1e-9 of an exact two-pass computation, 1e-6 of talib", () => {
      const b = bollinger(close, 20, 2);
      const e = g["BBANDS(20,2)"];
      expectMatches(b.middle, e.outRealMiddleBand, TOL, "BB middle");
      expectMatches(b.upper, e.outRealUpperBand, 1e-6, "BB upper vs talib");
      expectMatches(b.lower, e.outRealLowerBand, 1e-6, "BB lower vs talib");
      const sd = twoPassStd(close, 20);
      const mean = windowMean(close, 20);
      expectCloseToReference(b.upper, mean.map((m, i) => m + 2 * sd[i]), TOL, "BB upper vs two-pass");
      expectCloseToReference(b.lower, mean.map((m, i) => m - 2 * sd[i]), TOL, "BB lower vs two-pass");
    });
    it("STDDEV: 1e-9 of an exact two-pass computation; talib within its own rounding", () => {
      const ours = stddev(close, 20);
      expectCloseToReference(ours, twoPassStd(close, 20), TOL, "STDDEV vs two-pass");
      // talib's E[x²]-E[x]² loses ~eps·price² of variance to cancellation, which is up to
      // ~sqrt(eps)·price of stddev in a flat window (talib: 5e-6 at 100 where the truth is 0), so
      // talib is only a check on the price scale, like Bollinger's 1e-6.
      const e = g["STDDEV(20)"].outReal;
      expect(leadingNaN(ours)).toBe(leadingNull(e));
      for (let i = leadingNull(e); i < e.length; i++) {
        expect(Math.abs(ours[i] - (e[i] as number))).toBeLessThanOrEqual(1e-6 * close[i]);
      }
    });
    it("NaN prefixes equal talib's lookbacks", () => {
      const expected: [string, string, number, number][] = [
        ["SMA(20)", "outReal", leadingNaN(sma(close, 20)), 19],
        ["EMA(20)", "outReal", leadingNaN(ema(close, 20)), 19],
        ["RSI(14)", "outReal", leadingNaN(rsi(close, 14)), 14],
        ["MACD(12,26,9)", "outMACD", leadingNaN(macd(close).line), 33],
        ["BBANDS(20,2)", "outRealUpperBand", leadingNaN(bollinger(close).upper), 19],
        ["ATR(14)", "outReal", leadingNaN(atr(high, low, close, 14)), 14],
        ["STOCH(14,3,3)", "outSlowK", leadingNaN(stochastic(high, low, close).k), 17],
        ["ADX(14)", "outReal", leadingNaN(adx(high, low, close).adx), 27],
        ["PLUS_DI(14)", "outReal", leadingNaN(adx(high, low, close).plusDI), 14],
        ["STDDEV(20)", "outReal", leadingNaN(stddev(close, 20)), 19],
      ];
      for (const [key, col, ours, lookback] of expected) {
        expect(leadingNull(g[key][col]), key).toBe(lookback);
        expect(ours, key).toBe(lookback);
      }
    });

    it("z-score vs a two-pass reference", () => {
      const sd = twoPassStd(close, 20);
      const mean = windowMean(close, 20);
      const z = zscore(close, 20);
      const ref = mean.map((m, i) => (sd[i] === 0 ? 0 : (close[i] - m) / sd[i]));
      // z divides by a possibly small stddev, so compare on the scale of z itself (|z| ≲ 4).
      expect(leadingNaN(z)).toBe(19);
      for (let i = 19; i < z.length; i++) expect(Math.abs(z[i] - ref[i])).toBeLessThanOrEqual(1e-9);
      // The flat stretch of the golden series (candles 300-329) is a zero-deviation window.
      expect(z[329]).toBe(0);
    });
    it("Donchian vs a brute-force reference, with and without the current candle", () => {
      for (const period of [1, 5, 20]) {
        const d = donchian(high, low, period);
        const x = donchian(high, low, period, { excludeCurrent: true });
        for (let i = 0; i < close.length; i++) {
          if (i < period - 1) expect(Number.isNaN(d.upper[i])).toBe(true);
          else {
            const hi = Math.max(...high.subarray(i - period + 1, i + 1));
            const lo = Math.min(...low.subarray(i - period + 1, i + 1));
            expect([d.upper[i], d.lower[i], d.middle[i]]).toEqual([hi, lo, (hi + lo) / 2]);
          }
          if (i < period) expect(Number.isNaN(x.upper[i]) && Number.isNaN(x.middle[i])).toBe(true);
          else {
            const hi = Math.max(...high.subarray(i - period, i));
            const lo = Math.min(...low.subarray(i - period, i));
            expect([x.upper[i], x.lower[i], x.middle[i]]).toEqual([hi, lo, (hi + lo) / 2]);
          }
        }
      }
    });
    it("volume MA vs a brute-force mean", () => {
      const volume = f64(series.input.volume);
      const ours = volumeMa(volume, 20);
      const reference = windowMean(volume, 20);
      // A running sum (as TA-Lib's SMA) keeps a rounding residue of ~1e-15 of recent volume after a
      // zero-volume stretch, so the error is measured on the series' scale, not relative to 0.
      const scale = volume.reduce((a, b) => a + b, 0) / volume.length;
      expect(leadingNaN(ours)).toBe(19);
      for (let i = 19; i < ours.length; i++) {
        expect(Math.abs(ours[i] - reference[i])).toBeLessThanOrEqual(1e-12 * Math.max(scale, reference[i]));
      }
    });
    it("VWAP, cumulative and reset at UTC midnight", () => {
      const volume = f64(series.input.volume);
      const n = close.length;
      // Hourly candles starting 22:00 UTC: resets at candles 2, 26, 50, ...
      const times = Float64Array.from({ length: n }, (_, i) => Date.UTC(2026, 0, 1, 22) + i * 3_600_000);
      const reference = (reset: boolean) => {
        const out = new Float64Array(n);
        let pv = 0;
        let v = 0;
        for (let i = 0; i < n; i++) {
          if (reset && new Date(times[i]).getUTCHours() === 0) pv = v = 0;
          pv += ((high[i] + low[i] + close[i]) / 3) * volume[i];
          v += volume[i];
          out[i] = v === 0 ? NaN : pv / v;
        }
        return out;
      };
      expectCloseToReference(vwap(high, low, close, volume), reference(false), 1e-12, "VWAP");
      const daily = vwap(high, low, close, volume, { openTimes: times });
      expectCloseToReference(daily, reference(true), 1e-12, "daily VWAP");
      expect(daily[2]).toBeCloseTo((high[2] + low[2] + close[2]) / 3, 9);
    });
    it("true range vs its definition", () => {
      const t = trueRange(high, low, close);
      expect(Number.isNaN(t[0])).toBe(true);
      for (let i = 1; i < t.length; i++) {
        expect(t[i]).toBe(Math.max(high[i] - low[i], Math.abs(high[i] - close[i - 1]), Math.abs(low[i] - close[i - 1])));
      }
    });
  });
}

describe("edge cases", () => {
  const up = Float64Array.from({ length: 30 }, (_, i) => 100 + i);
  const flat = new Float64Array(40).fill(100);
  const allNaN = (xs: Float64Array) => xs.every((x) => Number.isNaN(x));

  it("period > length gives all NaN", () => {
    const short = up.subarray(0, 10);
    expect(allNaN(sma(short, 11))).toBe(true);
    expect(allNaN(ema(short, 11))).toBe(true);
    expect(allNaN(rsi(short, 10))).toBe(true);
    expect(allNaN(macd(short).line)).toBe(true);
    expect(allNaN(bollinger(short, 11).lower)).toBe(true);
    expect(allNaN(atr(short, short, short, 10))).toBe(true);
    expect(allNaN(stochastic(short, short, short).d)).toBe(true);
    expect(allNaN(adx(short, short, short, 14).plusDI)).toBe(true);
    expect(allNaN(stddev(short, 11))).toBe(true);
    expect(allNaN(zscore(short, 11))).toBe(true);
    expect(allNaN(donchian(short, short, 11).middle)).toBe(true);
    expect(sma(new Float64Array(0), 5).length).toBe(0);
  });

  it("period 1", () => {
    expect(Array.from(sma(up, 1))).toEqual(Array.from(up));
    expect(Array.from(ema(up, 1))).toEqual(Array.from(up));
    const zig = f64([1, 2, 1, 1, 3]);
    expect(Array.from(rsi(zig, 1))).toEqual([NaN, 100, 0, 0, 100]);
    expect(Array.from(stddev(up, 1))).toEqual(new Array(30).fill(0));
    expect(Array.from(zscore(up, 1))).toEqual(new Array(30).fill(0));
    const h = f64([3, 5, 4, 6]);
    const l = f64([1, 2, 2, 5]);
    const c = f64([2, 4, 3, 5.5]);
    expect(Array.from(atr(h, l, c, 1))).toEqual(Array.from(trueRange(h, l, c)));
    expect(Array.from(donchian(h, l, 1).upper)).toEqual(Array.from(h));
  });

  it("constant series: RSI 0 and stochastic/ADX/DI 0 (as talib), stddev and z-score 0, bands collapse", () => {
    expect(Array.from(rsi(flat, 14).subarray(14))).toEqual(new Array(26).fill(0));
    expect(Array.from(stddev(flat, 5).subarray(4))).toEqual(new Array(36).fill(0));
    expect(Array.from(zscore(flat, 5).subarray(4))).toEqual(new Array(36).fill(0));
    const b = bollinger(flat, 5);
    expect(b.upper[39]).toBe(100);
    expect(b.lower[39]).toBe(100);
    const s = stochastic(flat, flat, flat, { fastK: 5 });
    expect(Array.from(s.k.subarray(8))).toEqual(new Array(32).fill(0));
    const a = adx(flat, flat, flat, 5);
    expect(Array.from(a.adx.subarray(9))).toEqual(new Array(31).fill(0));
    expect(Array.from(a.plusDI.subarray(5))).toEqual(new Array(35).fill(0));
    expect(Array.from(atr(flat, flat, flat, 14).subarray(14))).toEqual(new Array(26).fill(0));
    expect(allNaN(vwap(flat, flat, flat, new Float64Array(40)))).toBe(true);
  });

  it("rejects invalid periods and mismatched arrays with RangeError", () => {
    for (const p of [0, -1, 1.5, NaN, Infinity]) {
      expect(() => sma(up, p)).toThrow(RangeError);
      expect(() => rsi(up, p)).toThrow(RangeError);
      expect(() => macd(up, 12, p, 9)).toThrow(RangeError);
      expect(() => stochastic(up, up, up, { slowD: p })).toThrow(RangeError);
    }
    expect(() => atr(up, up, up.subarray(1), 14)).toThrow(RangeError);
    expect(() => sma(up, 5, new Float64Array(29))).toThrow(RangeError);
    expect(() => sma(up, 5, up)).toThrow(RangeError);
    expect(() => bollinger(up, 20, -1)).toThrow(RangeError);
    expect(() => vwap(up, up, up, up, { openTimes: [1, 2] })).toThrow(RangeError);
  });

  it("fills a preallocated output in place", () => {
    const out = new Float64Array(30);
    expect(ema(up, 5, out)).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(ema(up, 5)));
    const bufs = { line: new Float64Array(30), signal: new Float64Array(30), hist: new Float64Array(30) };
    const m = macd(up, 3, 6, 4, bufs);
    expect(m.line).toBe(bufs.line);
    expect(Array.from(m.hist)).toEqual(Array.from(macd(up, 3, 6, 4).hist));
  });

  it("propagates NaN: that output and every later one", () => {
    const withGap = Float64Array.from(up);
    withGap[20] = NaN;
    for (const out of [sma(withGap, 5), ema(withGap, 5), rsi(withGap, 5), stddev(withGap, 5), zscore(withGap, 5), bollinger(withGap, 5).upper, macd(withGap, 2, 4, 2).hist]) {
      expect(Number.isNaN(out[19])).toBe(false);
      expect(allNaN(out.subarray(20))).toBe(true);
    }
    for (const out of [atr(up, up, withGap, 3), adx(up, withGap, up, 3).adx, stochastic(withGap, up, up, { fastK: 3 }).k, donchian(withGap, up, 3).upper]) {
      expect(Number.isNaN(out[19])).toBe(false);
      expect(allNaN(out.subarray(22))).toBe(true);
    }
  });

  it("MACD swaps fast > slow like TA-Lib", () => {
    expect(Array.from(macd(up, 6, 3, 4).line)).toEqual(Array.from(macd(up, 3, 6, 4).line));
  });

  it("stddev stays exact far from the running sums' anchor (long trending series)", () => {
    const trend = Float64Array.from({ length: 5000 }, (_, i) => 50_000 * Math.exp(i * 1e-3) + Math.sin(i) * 10);
    expectCloseToReference(stddev(trend, 20), twoPassStd(trend, 20), 1e-9, "trend stddev");
  });
});
