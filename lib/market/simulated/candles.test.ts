import { describe, expect, it } from "vitest";
import { DAY_S, ORIGIN_S } from "./anchors";
import { candlesToObjects, candlesToOhlcv, SIMULATED_TIMEFRAMES, simulatedCandles, simulatedCloses, timeframeMs, type CandleArrays, type SimulatedTimeframe } from "./candles";
import { symbolDay, symbolTickAt } from "./path";
import { DEFAULT_SIMULATED_SYMBOLS, getSimulatedSymbol } from "./symbols";

const SEED = "candles-test";
const DAY = 86_400_000;
const FROM = Date.UTC(2024, 2, 30); // spans a weekend and a month boundary
const TO = FROM + 3 * DAY;

function aggregateOf(m: CandleArrays, from: number, count: number) {
  let h = -Infinity;
  let l = Infinity;
  let v = 0;
  for (let i = from; i < from + count; i++) {
    h = Math.max(h, m.high[i]);
    l = Math.min(l, m.low[i]);
    v += m.volume[i];
  }
  return { o: m.open[from], h, l, c: m.close[from + count - 1], v };
}

describe("simulated candles: invariants", () => {
  it.each(["BTC/USDT", "XRP/USDT", "DOGE/USDT"])("%s 1m: OHLC ordering, alignment, O_t = C_{t−1}, tick multiples", (symbol) => {
    const c = simulatedCandles({ seed: SEED, symbol, timeframe: "1m", from: FROM, to: TO });
    const spec = getSimulatedSymbol(symbol);
    expect(c.openTime.length).toBe(3 * 1440);
    for (let i = 0; i < c.openTime.length; i++) {
      expect(c.openTime[i] % 60_000).toBe(0);
      if (i > 0) {
        expect(c.openTime[i]).toBe(c.openTime[i - 1] + 60_000);
        expect(c.open[i]).toBe(c.close[i - 1]);
      }
      expect(c.high[i]).toBeGreaterThanOrEqual(Math.max(c.open[i], c.close[i]));
      expect(c.low[i]).toBeLessThanOrEqual(Math.min(c.open[i], c.close[i]));
      expect(c.low[i]).toBeGreaterThan(0);
      expect(c.volume[i]).toBeGreaterThanOrEqual(0);
      for (const p of [c.open[i], c.high[i], c.low[i], c.close[i]]) {
        const units = p / spec.priceTick;
        expect(Math.abs(units - Math.round(units))).toBeLessThan(1e-6);
      }
      const steps = c.volume[i] / spec.amountStep;
      expect(Math.abs(steps - Math.round(steps))).toBeLessThan(1e-6);
    }
  });

  it.each(SIMULATED_TIMEFRAMES.filter((tf) => tf !== "1m"))("%s: aligned to the UTC grid and strictly increasing", (tf) => {
    const tfMs = timeframeMs(tf);
    const c = simulatedCandles({ seed: SEED, symbol: "ETH/USDT", timeframe: tf, from: FROM + 7 * 60_000, to: TO });
    expect(c.openTime.length).toBeGreaterThan(0);
    expect(c.openTime[0]).toBeGreaterThanOrEqual(FROM + 7 * 60_000);
    for (let i = 0; i < c.openTime.length; i++) {
      expect(c.openTime[i] % tfMs).toBe(0);
      if (i > 0) expect(c.openTime[i]).toBe(c.openTime[i - 1] + tfMs);
      expect(c.high[i]).toBeGreaterThanOrEqual(Math.max(c.open[i], c.close[i]));
      expect(c.low[i]).toBeLessThanOrEqual(Math.min(c.open[i], c.close[i]));
    }
  });
});

describe("simulated candles: every higher timeframe is the aggregate of its 1m candles", () => {
  const m = simulatedCandles({ seed: SEED, symbol: "SOL/USDT", timeframe: "1m", from: FROM, to: TO });
  const step = getSimulatedSymbol("SOL/USDT").amountStep;
  it.each(["3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d"] as SimulatedTimeframe[])("%s", (tf) => {
    const per = timeframeMs(tf) / 60_000;
    const c = simulatedCandles({ seed: SEED, symbol: "SOL/USDT", timeframe: tf, from: FROM, to: TO });
    expect(c.openTime.length).toBe((3 * 1440) / per);
    for (let i = 0; i < c.openTime.length; i++) {
      const a = aggregateOf(m, i * per, per);
      expect(c.openTime[i]).toBe(m.openTime[i * per]);
      expect(c.open[i]).toBe(a.o);
      expect(c.high[i]).toBe(a.h);
      expect(c.low[i]).toBe(a.l);
      expect(c.close[i]).toBe(a.c);
      // Volumes are exact sums of step counts; the float sum of 1m volumes may differ in the last ulp.
      expect(Math.abs(c.volume[i] - a.v)).toBeLessThanOrEqual(a.v * 1e-12 + step * 1e-6);
      expect(c.volume[i]).toBe(Math.round(a.v / step) / Math.round(1 / step));
    }
  });
});

describe("simulated candles: range semantics", () => {
  it("never reveals the forming candle when `now` is given", () => {
    const now = FROM + DAY + 5 * 3600_000 + 30 * 60_000 + 17_000;
    const h = simulatedCandles({ seed: SEED, symbol: "BTC/USDT", timeframe: "1h", from: FROM, to: TO, now });
    const last = h.openTime[h.openTime.length - 1];
    expect(last + 3600_000).toBeLessThanOrEqual(now);
    expect(last).toBe(FROM + DAY + 4 * 3600_000);
    const m = simulatedCandles({ seed: SEED, symbol: "BTC/USDT", timeframe: "1m", from: FROM, to: TO, now });
    expect(m.openTime[m.openTime.length - 1]).toBe(FROM + DAY + 5 * 3600_000 + 29 * 60_000);
    expect(simulatedCandles({ seed: SEED, symbol: "BTC/USDT", timeframe: "1d", from: FROM, to: TO, now }).openTime.length).toBe(1);
  });

  it("has no data before the 2018-01-01 origin and rejects unknown symbols", () => {
    const c = simulatedCandles({ seed: SEED, symbol: "BTC/USDT", timeframe: "1d", from: Date.UTC(2017, 11, 25), to: Date.UTC(2018, 0, 3) });
    expect(Array.from(c.openTime)).toEqual([Date.UTC(2018, 0, 1), Date.UTC(2018, 0, 2)]);
    expect(() => simulatedCandles({ seed: SEED, symbol: "FOO/USDT", timeframe: "1m", from: FROM, to: TO })).toThrow(RangeError);
    expect(simulatedCandles({ seed: SEED, symbol: "BTCUSDT", timeframe: "1h", from: FROM, to: FROM + DAY }).close).toEqual(
      simulatedCandles({ seed: SEED, symbol: "BTC/USDT", timeframe: "1h", from: FROM, to: FROM + DAY }).close,
    );
  });

  it("converts to objects and ccxt OHLCV rows", () => {
    const c = simulatedCandles({ seed: SEED, symbol: "BTC/USDT", timeframe: "1h", from: FROM, to: FROM + 2 * 3600_000 });
    const o = candlesToObjects(c);
    expect(o[1]).toEqual({ openTime: c.openTime[1], open: c.open[1], high: c.high[1], low: c.low[1], close: c.close[1], volume: c.volume[1] });
    expect(candlesToOhlcv(c)[0]).toEqual([c.openTime[0], c.open[0], c.high[0], c.low[0], c.close[0], c.volume[0]]);
  });
});

describe("random access agrees with bulk generation", () => {
  it("the tick at any second equals the generated day's tick", () => {
    const day = Math.floor((FROM / 1000 - ORIGIN_S) / DAY_S);
    for (const symbol of ["BTC/USDT", "ADA/USDT"]) {
      const d = symbolDay(SEED, symbol, day);
      for (const s of [0, 1, 2, 59, 60, 3599, 43_200, 48_601, 86_399, 86_400]) expect(symbolTickAt(SEED, symbol, day, s)).toBe(d.price[s]);
      expect(symbolDay(SEED, symbol, day + 1).price[0]).toBe(d.price[DAY_S]);
    }
  });

  it.each(["1m", "1h", "1d"] as SimulatedTimeframe[])("simulatedCloses equals simulatedCandles close at %s", (tf) => {
    for (const symbol of DEFAULT_SIMULATED_SYMBOLS) {
      const q = { seed: SEED, symbol, timeframe: tf, from: FROM, to: tf === "1m" ? FROM + 3 * 3600_000 : TO };
      const a = simulatedCandles(q);
      const b = simulatedCloses(q);
      expect(b.openTime).toEqual(a.openTime);
      expect(b.close).toEqual(a.close);
    }
  });
});
