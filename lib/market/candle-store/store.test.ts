import { afterEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { candleRanges, candles } from "../../db/schema";
import { coverage, fetchedRanges, importSourceId, canUseSource, missingRanges, readCandles, readCandlesInChunks, writeCandles } from ".";
import { closeTempDatabases, makeCandles, tempDatabase } from "./test-support";

const M = 60_000;
const H = 3_600_000;
const T0 = Date.UTC(2025, 0, 1);
const key = { source: "binance", symbol: "BTC/USDT", timeframe: "1m" };

afterEach(closeTempDatabases);

function countRows(db: ReturnType<typeof tempDatabase>): number {
  return db.select({ n: sql<number>`count(*)` }).from(candles).get()!.n;
}

describe("writeCandles / readCandles", () => {
  it("round-trips exactly, ordered by open time", () => {
    const db = tempDatabase();
    const c = makeCandles(T0, M, 500);
    const res = writeCandles(db, { ...key, candles: c, now: T0 + 1_000 * M });
    expect(res.inserted).toBe(500);
    const back = readCandles(db, { ...key, from: T0, to: T0 + 500 * M });
    expect(back).toEqual(c);
    const part = readCandles(db, { ...key, from: T0 + 10 * M, to: T0 + 20 * M });
    expect(Array.from(part.openTime)).toEqual(Array.from({ length: 10 }, (_, i) => T0 + (10 + i) * M));
  });

  it("reads in chunks with a turn between them, giving exactly what one read gives (gaps included)", async () => {
    const db = tempDatabase();
    const c = makeCandles(T0, M, 1_000, (i) => i % 97 === 5);
    writeCandles(db, { ...key, candles: c, now: T0 + 2_000 * M });
    let turns = 0;
    const chunked = await readCandlesInChunks(db, { ...key, from: T0 - 3 * M, to: T0 + 1_000 * M }, async () => void turns++, 64);
    expect(chunked).toEqual(readCandles(db, { ...key, from: T0 - 3 * M, to: T0 + 1_000 * M }));
    expect(chunked.openTime.length).toBe(c.openTime.length);
    expect(turns).toBe(Math.ceil(1_003 / 64));
  });

  it("is idempotent: a re-write stores nothing twice and keeps the first values", () => {
    const db = tempDatabase();
    const c = makeCandles(T0, M, 12_000); // more than two chunks
    writeCandles(db, { ...key, candles: c, now: T0 + 20_000 * M });
    const changed = { ...c, close: c.close.map((x) => x + 1) };
    const again = writeCandles(db, { ...key, candles: changed, now: T0 + 20_000 * M });
    expect(again.inserted).toBe(0);
    expect(countRows(db)).toBe(12_000);
    expect(readCandles(db, { ...key, from: T0, to: T0 + 12_000 * M }).close).toEqual(c.close);
  });

  it("refuses a forming candle and writes nothing of the batch", () => {
    const db = tempDatabase();
    const c = makeCandles(T0, M, 10);
    // The last candle opens at T0+9m and closes at T0+10m, after now.
    expect(() => writeCandles(db, { ...key, candles: c, now: T0 + 10 * M - 1 })).toThrow(/forming/);
    expect(countRows(db)).toBe(0);
    expect(writeCandles(db, { ...key, candles: c, now: T0 + 10 * M }).inserted).toBe(10);
  });

  it("refuses open times off the UTC grid", () => {
    const db = tempDatabase();
    const c = makeCandles(T0 + 30_000, M, 3);
    expect(() => writeCandles(db, { ...key, candles: c, now: T0 + H })).toThrow(/grid/);
    const hourly = makeCandles(T0 + 15 * M, 15 * M, 2);
    expect(() => writeCandles(db, { ...key, timeframe: "1h", candles: hourly, now: T0 + 10 * H })).toThrow(/grid/);
    expect(countRows(db)).toBe(0);
  });

  it("refuses unknown timeframes and non-finite values", () => {
    const db = tempDatabase();
    expect(() => writeCandles(db, { ...key, timeframe: "7m", candles: makeCandles(T0, M, 1), now: T0 + H })).toThrow(/timeframe/);
    const c = makeCandles(T0, M, 2);
    c.volume[1] = NaN;
    expect(() => writeCandles(db, { ...key, candles: c, now: T0 + H })).toThrow(/non-finite/);
  });

  it("keeps sources apart: simulated and exchange rows never mix", () => {
    const db = tempDatabase();
    const sim = { ...key, source: "simulated:v1:42" };
    const ex = makeCandles(T0, M, 50);
    const fake = makeCandles(T0, M, 100);
    fake.close.fill(1);
    writeCandles(db, { ...key, candles: ex, now: T0 + H * 2, range: { start: T0, end: T0 + 50 * M } });
    writeCandles(db, { ...sim, candles: fake, now: T0 + H * 2, range: { start: T0, end: T0 + 100 * M } });
    expect(readCandles(db, { ...key, from: T0, to: T0 + 100 * M })).toEqual(ex);
    expect(readCandles(db, { ...sim, from: T0, to: T0 + 100 * M })).toEqual(fake);
    expect(missingRanges(db, { ...key, from: T0, to: T0 + 100 * M })).toEqual([{ start: T0 + 50 * M, end: T0 + 100 * M }]);
    expect(missingRanges(db, { ...sim, from: T0, to: T0 + 100 * M })).toEqual([]);
  });

  it("keys imports by user, so another user can neither read nor list them", () => {
    const db = tempDatabase();
    const mine = importSourceId("user-a", "btc-2020.csv");
    writeCandles(db, { ...key, source: mine, candles: makeCandles(T0, M, 5), now: T0 + H, range: { start: T0, end: T0 + 5 * M } });
    expect(canUseSource(mine, "user-a")).toBe(true);
    expect(canUseSource(mine, "user-b")).toBe(false);
    expect(canUseSource("binance", "user-b")).toBe(true);
    expect(readCandles(db, { ...key, source: importSourceId("user-b", "btc-2020.csv"), from: T0, to: T0 + H }).openTime.length).toBe(0);
    expect(coverage(db).map((i) => i.source)).toEqual([]);
    expect(coverage(db, { importsOf: "user-b" })).toEqual([]);
    expect(coverage(db, { importsOf: "user-a" }).map((i) => i.source)).toEqual([mine]);
    expect(() => importSourceId("user:a", "x")).toThrow();
  });
});

describe("fetched ranges", () => {
  const empty = makeCandles(T0, M, 0);

  it("merges adjacent and overlapping ranges", () => {
    const db = tempDatabase();
    const now = T0 + 1_000 * M;
    const rec = (s: number, e: number) => writeCandles(db, { ...key, candles: empty, now, range: { start: T0 + s * M, end: T0 + e * M } });
    rec(0, 10);
    rec(10, 20);
    expect(fetchedRanges(db, { ...key, from: T0, to: now })).toEqual([{ start: T0, end: T0 + 20 * M }]);
    rec(30, 40);
    rec(35, 50);
    expect(fetchedRanges(db, { ...key, from: T0, to: now })).toEqual([
      { start: T0, end: T0 + 20 * M },
      { start: T0 + 30 * M, end: T0 + 50 * M },
    ]);
    rec(15, 32); // bridges both
    expect(fetchedRanges(db, { ...key, from: T0, to: now })).toEqual([{ start: T0, end: T0 + 50 * M }]);
    rec(5, 6); // inside: no change
    expect(db.select().from(candleRanges).all()).toHaveLength(1);
  });

  it("records only whole closed candles of the range", () => {
    const db = tempDatabase();
    const now = T0 + 10 * M + 30_000; // the 10th minute is forming
    const res = writeCandles(db, { ...key, candles: makeCandles(T0, M, 10), now, range: { start: T0 - 20_000, end: now } });
    expect(res.recorded).toEqual({ start: T0, end: T0 + 10 * M });
  });

  it("refuses a candle outside the stated range", () => {
    const db = tempDatabase();
    expect(() =>
      writeCandles(db, { ...key, candles: makeCandles(T0, M, 10), now: T0 + H, range: { start: T0, end: T0 + 5 * M } }),
    ).toThrow(/outside/);
  });

  it("reports only what was never fetched after partial fetches", () => {
    const db = tempDatabase();
    const now = T0 + 2 * H;
    const q = { ...key, from: T0, to: T0 + 100 * M };
    expect(missingRanges(db, q)).toEqual([{ start: T0, end: T0 + 100 * M }]);
    writeCandles(db, { ...key, candles: makeCandles(T0 + 10 * M, M, 20), now, range: { start: T0 + 10 * M, end: T0 + 30 * M } });
    writeCandles(db, { ...key, candles: makeCandles(T0 + 50 * M, M, 10), now, range: { start: T0 + 50 * M, end: T0 + 60 * M } });
    expect(missingRanges(db, q)).toEqual([
      { start: T0, end: T0 + 10 * M },
      { start: T0 + 30 * M, end: T0 + 50 * M },
      { start: T0 + 60 * M, end: T0 + 100 * M },
    ]);
    // Unaligned bounds snap to the open times inside [from, to).
    expect(missingRanges(db, { ...key, from: T0 + 12 * M + 1, to: T0 + 55 * M + 1 })).toEqual([{ start: T0 + 30 * M, end: T0 + 50 * M }]);
    // With now, the forming candle and the future are not asked for.
    expect(missingRanges(db, { ...key, from: T0 + 50 * M, to: T0 + 10 * H, now: T0 + 70 * M + 5 })).toEqual([
      { start: T0 + 60 * M, end: T0 + 70 * M },
    ]);
    // Other timeframes of the same symbol are separate keys.
    expect(missingRanges(db, { ...q, timeframe: "5m" })).toEqual([{ start: T0, end: T0 + 100 * M }]);
  });

  it("reports an exchange gap inside a fetched range in coverage, never as missing", () => {
    const db = tempDatabase();
    const now = T0 + 2 * H;
    // The exchange had an outage for minutes 40..44 and returned nothing for them.
    const c = makeCandles(T0, M, 100, (i) => i >= 40 && i < 45);
    writeCandles(db, { ...key, candles: c, now, range: { start: T0, end: T0 + 100 * M } });
    // A second fetch further on whose first 3 minutes came back empty.
    writeCandles(db, { ...key, candles: makeCandles(T0 + 103 * M, M, 7), now, range: { start: T0 + 100 * M, end: T0 + 110 * M } });
    // And a stretch never fetched, then candles again.
    writeCandles(db, { ...key, candles: makeCandles(T0 + 115 * M, M, 5), now, range: { start: T0 + 115 * M, end: T0 + 120 * M } });

    expect(missingRanges(db, { ...key, from: T0, to: T0 + 120 * M })).toEqual([{ start: T0 + 110 * M, end: T0 + 115 * M }]);
    const [item] = coverage(db, { source: "binance", symbols: ["BTC/USDT"] });
    expect(item).toEqual({
      ...key,
      start: T0,
      end: T0 + 120 * M,
      count: 95 + 7 + 5,
      gaps: [
        { start: T0 + 40 * M, end: T0 + 45 * M },
        { start: T0 + 100 * M, end: T0 + 103 * M },
      ],
      fetched: [
        { start: T0, end: T0 + 110 * M },
        { start: T0 + 115 * M, end: T0 + 120 * M },
      ],
    });
    expect(coverage(db, { symbols: ["ETH/USDT"] })).toEqual([]);
    expect(coverage(db, { source: "kraken" })).toEqual([]);
  });
});
