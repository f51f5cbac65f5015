import { afterEach, expect, it } from "vitest";
import { readCandles, writeCandles } from ".";
import { closeTempDatabases, makeCandles, tempDatabase } from "./test-support";

const M = 60_000;
const T0 = Date.UTC(2024, 0, 1);
const N = 200_000;

afterEach(closeTempDatabases);

it(`writes ${N} candles and reads them back as equal typed arrays`, () => {
  const db = tempDatabase();
  const key = { source: "binance", symbol: "BTC/USDT", timeframe: "1m" };
  const c = makeCandles(T0, M, N);

  let t = performance.now();
  const res = writeCandles(db, { ...key, candles: c, now: T0 + N * M, range: { start: T0, end: T0 + N * M } });
  const writeMs = performance.now() - t;
  expect(res.inserted).toBe(N);

  t = performance.now();
  const back = readCandles(db, { ...key, from: 0, to: T0 + 2 * N * M });
  const readMs = performance.now() - t;

  console.log(
    `candle-store: wrote ${N} in ${writeMs.toFixed(0)} ms (${Math.round(N / (writeMs / 1000))}/s), ` +
      `read ${back.openTime.length} in ${readMs.toFixed(0)} ms (${Math.round(N / (readMs / 1000))}/s)`,
  );
  // A plain loop: deep equality over 1.2M typed-array elements costs seconds in the matcher.
  for (const col of ["openTime", "open", "high", "low", "close", "volume"] as const) {
    expect(back[col]).toBeInstanceOf(Float64Array);
    expect(back[col].length).toBe(N);
    let firstDiff = -1;
    for (let i = 0; i < N && firstDiff < 0; i++) if (!Object.is(back[col][i], c[col][i])) firstDiff = i;
    expect(firstDiff, col).toBe(-1);
  }
});
