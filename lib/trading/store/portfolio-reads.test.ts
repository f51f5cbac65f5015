import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { positionEpisodes, taxCsv } from "@/lib/trading/portfolio";
import { getOrCreateAccount } from "./accounts";
import { placeOrder, type PlaceOrderInput } from "./orders";
import { readBuyFills, readDisposals, readEquitySnapshots, readTimedLedger } from "./portfolio-reads";
import { run } from "./sql";
import { createUser, market, migratedDatabase, quoteAt, SOURCE, tempDir, u } from "./test-support/fixtures";

const dir = tempDir("autocbot-portfolio-reads-");
const db = migratedDatabase(path.join(dir, "paper.db"));
afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);
const terms = { source: SOURCE, quoteAsset: "USDT", startingBalance: u("10000") };

function order(accountId: string, request: PlaceOrderInput["request"], last: string, now: number, priceTs = now) {
  return placeOrder(db, { accountId, request, market, price: { source: SOURCE, quote: quoteAt(last, priceTs) }, fee_rate: 0.001, slippage_bps: 5, now });
}

describe("portfolio reads", () => {
  it("give the episodes and the disposals the store's rows imply", () => {
    const a = getOrCreateAccount(db, createUser(db), terms, T0);
    order(a.id, { side: "buy", type: "market", amount: "1" }, "100", T0 + 1_000);
    order(a.id, { side: "sell", type: "market", amount: "1" }, "110", T0 + 2_000);

    const buys = readBuyFills(db.$client, a.id);
    expect(buys).toHaveLength(1);
    expect(buys[0]).toMatchObject({ symbol: market.symbol, owner: "manual", ts: T0 + 1_000, amount: u("1") });
    const disposals = readDisposals(db.$client, a.id);
    expect(disposals).toHaveLength(1);
    const { closed, open } = positionEpisodes({ buys, disposals });
    expect(open).toEqual([]);
    expect(closed).toHaveLength(1);
    expect(closed[0].realized).toBe(disposals[0].realized);
    expect(closed[0].realized > BigInt(0)).toBe(true);
    expect(taxCsv(disposals).split("\r\n").filter(Boolean)).toHaveLength(2);

    const ledger = readTimedLedger(db.$client, a.id);
    expect(ledger.every((e) => typeof e.ts === "number" && typeof e.delta === "bigint")).toBe(true);
    expect(ledger.filter((e) => e.ts <= T0).reduce((s, e) => s + e.delta, BigInt(0))).toBe(u("10000"));
  });

  it("time buys by their price, as lots and disposals are, so a buy and a sell on one cached price make one episode", () => {
    const a = getOrCreateAccount(db, createUser(db), terms, T0);
    order(a.id, { side: "buy", type: "market", amount: "1" }, "100", T0 + 1_000, T0 + 500);
    order(a.id, { side: "sell", type: "market", amount: "1" }, "100", T0 + 2_000, T0 + 500);
    const { closed, open } = positionEpisodes({ buys: readBuyFills(db.$client, a.id), disposals: readDisposals(db.$client, a.id) });
    expect(open).toEqual([]);
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ opened_at: T0 + 500, closed_at: T0 + 500 });
  });

  it("reads equity snapshots of one kind in time order", () => {
    const a = getOrCreateAccount(db, createUser(db), terms, T0);
    run(db.$client, "INSERT INTO paper_equity_snapshots (account_id, ts, equity, kind) VALUES (?, ?, ?, 'hour')", a.id, T0 + 7_200_000, u("10010"));
    run(db.$client, "INSERT INTO paper_equity_snapshots (account_id, ts, equity, kind) VALUES (?, ?, ?, 'hour')", a.id, T0 + 3_600_000, u("10005"));
    run(db.$client, "INSERT INTO paper_equity_snapshots (account_id, ts, equity, kind) VALUES (?, ?, ?, 'fill')", a.id, T0 + 60_000, u("9990"));
    expect(readEquitySnapshots(db.$client, a.id, "hour")).toEqual([
      { ts: T0 + 3_600_000, equity: u("10005") },
      { ts: T0 + 7_200_000, equity: u("10010") },
    ]);
    expect(readEquitySnapshots(db.$client, a.id, "fill")).toEqual([{ ts: T0 + 60_000, equity: u("9990") }]);
  });
});
