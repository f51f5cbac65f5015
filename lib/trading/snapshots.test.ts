import fs from "node:fs";
import path from "node:path";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { writeCandles } from "@/lib/market/candle-store";
import { fromRows } from "@/lib/market/candle-store/test-support";
import type { MarketRuntime } from "@/lib/market/service/runtime";
import { getOrCreateAccount, placeOrder } from "@/lib/trading/store";
import { readEquitySnapshots } from "@/lib/trading/store/portfolio-reads";
import { createUser, market, migratedDatabase, quoteAt, SOURCE, SYMBOL, tempDir, u } from "@/lib/trading/store/test-support/fixtures";
import { closeEndingAt, HOUR, writeFillSnapshotTx, writeHourSnapshots } from "./snapshots";

const dir = tempDir("autocbot-snapshots-");
const db = migratedDatabase(path.join(dir, "paper.db"));
afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);
const terms = { source: SOURCE, quoteAsset: "USDT", startingBalance: u("10000") };
const log = pino({ level: "silent" });

/** A runtime whose source has no candles to give: only what the test wrote is in the store. */
function runtime(downloads: unknown[] = []): MarketRuntime {
  return { source: { id: SOURCE }, candles: { download: async (...args: unknown[]) => void downloads.push(args) } } as unknown as MarketRuntime;
}

function buyOneBtc(accountId: string, now: number) {
  placeOrder(db, { accountId, request: { side: "buy", type: "market", amount: "1" }, market, price: { source: SOURCE, quote: quoteAt("100", now) }, fee_rate: 0, slippage_bps: 0, now });
}

describe("equity snapshots", () => {
  it("values an hour at the close of the 1m candle ending at the boundary, once", async () => {
    const a = getOrCreateAccount(db, createUser(db), terms, T0);
    buyOneBtc(a.id, T0 + 10 * MINUTE);
    const boundary = T0 + HOUR;
    writeCandles(db, { source: SOURCE, symbol: SYMBOL, timeframe: "1m", candles: fromRows([[boundary - MINUTE, 100, 130, 90, 120, 1]]), now: boundary + MINUTE });
    expect(closeEndingAt(db, SOURCE, SYMBOL, boundary)).toBe(120);

    expect(await writeHourSnapshots(db, runtime(), log, boundary + 5 * MINUTE)).toBeGreaterThanOrEqual(1);
    // 9,900 USDT left and 1 BTC at the close of 120.
    expect(readEquitySnapshots(db.$client, a.id, "hour")).toEqual([{ ts: boundary, equity: u("10020") }]);
    await writeHourSnapshots(db, runtime(), log, boundary + 6 * MINUTE);
    expect(readEquitySnapshots(db.$client, a.id, "hour")).toHaveLength(1);
  });

  it("skips an hour whose close is missing after asking the source for it", async () => {
    const a = getOrCreateAccount(db, createUser(db), terms, T0);
    buyOneBtc(a.id, T0 + 10 * MINUTE);
    const downloads: unknown[] = [];
    await writeHourSnapshots(db, runtime(downloads), log, T0 + 3 * HOUR + MINUTE);
    expect(readEquitySnapshots(db.$client, a.id, "hour")).toEqual([]);
    expect(downloads.length).toBeGreaterThanOrEqual(1);
  });

  it("writes a fill point at the given prices, and none while a holding has no price", () => {
    const a = getOrCreateAccount(db, createUser(db), terms, T0);
    buyOneBtc(a.id, T0 + MINUTE);
    expect(writeFillSnapshotTx(db.$client, a, T0 + MINUTE, {})).toBe(false);
    expect(writeFillSnapshotTx(db.$client, a, T0 + MINUTE, { BTC: u("101") })).toBe(true);
    expect(readEquitySnapshots(db.$client, a.id, "fill")).toEqual([{ ts: T0 + MINUTE, equity: u("10001") }]);
  });
});
