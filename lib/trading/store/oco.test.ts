import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { balanceOf, MINUTE_MS } from "@/lib/trading/core";
import { getBalances, getOrCreateAccount, sumLedgerCheck } from "./accounts";
import { matchClosedCandle, matchPriceUpdate } from "./matcher";
import { readOrder, type OrderRow } from "./order-rows";
import { cancelOrder, getOrder, listOrders, placeOrder, type PlaceOrderInput, type PlacedOrder } from "./orders";
import { closeAll, closePosition } from "./positions";
import { createUser, market, migratedDatabase, quoteAt, SOURCE, SYMBOL, tempDir, u } from "./test-support/fixtures";

const dir = tempDir("autocbot-paper-oco-");
const db = migratedDatabase(path.join(dir, "paper.db"));
afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);
const terms = { source: SOURCE, quoteAsset: "USDT", startingBalance: u("10000") };
const account = () => getOrCreateAccount(db, createUser(db), terms, T0);

type Req = PlaceOrderInput["request"];
function order(accountId: string, request: Req, last = "100", extra: Partial<PlaceOrderInput> = {}): PlacedOrder {
  const now = extra.now ?? T0;
  return placeOrder(db, { accountId, request, market, price: { source: SOURCE, quote: quoteAt(last, now) }, fee_rate: 0.001, slippage_bps: 0, now, ...extra });
}

const bal = (accountId: string, asset: string) => balanceOf(getBalances(db, accountId), asset);
const ledgerOk = (accountId: string) => expect(sumLedgerCheck(db, accountId).ok).toBe(true);
const scope = (accountId: string) => ({ source: SOURCE, symbol: SYMBOL, market, accountId });
const row = (id: string) => readOrder(db.$client, id) as OrderRow;
/** Ledger rows of one kind for an account: how many locks and unlocks were booked. */
const ledgerKinds = (accountId: string, asset: string, kind: string) =>
  db.$client.prepare("SELECT COUNT(*) AS n FROM paper_ledger_entries WHERE account_id = ? AND asset = ? AND kind = ? AND bucket = 'locked'").get(accountId, asset, kind) as { n: number };

/** A market buy of 1 BTC at 100 with the stop-loss at 95 and the take-profit at 110. */
function entryWithPair(accountId: string) {
  const placed = order(accountId, { side: "buy", type: "market", amount: "1", stop_loss_price: "95", take_profit_price: "110" });
  const [stop, target] = placed.legs ?? [];
  return { placed, stop, target };
}

describe("attached stop-loss and take-profit as an OCO pair (§3.3)", () => {
  it("creates both legs with the market buy's fill: one group, one lock of the filled amount, the entry's owner", () => {
    const a = account();
    const { placed, stop, target } = entryWithPair(a.id);
    expect(placed.order.status).toBe("filled");
    expect(placed.legs).toHaveLength(2);
    expect(stop).toMatchObject({ side: "sell", type: "stop_market", status: "open", amount: u("1"), stop_price: u("95"), lock_asset: "BTC", lock_amount: u("1"), owner: null });
    expect(target).toMatchObject({ side: "sell", type: "limit", status: "open", amount: u("1"), price: u("110"), lock_asset: null, lock_amount: BigInt(0), owner: null });
    expect(stop.oco_group).not.toBeNull();
    expect(target.oco_group).toBe(stop.oco_group);
    expect(bal(a.id, "BTC")).toEqual({ free: u("0"), locked: u("1") });
    expect(ledgerKinds(a.id, "BTC", "lock").n).toBe(1);
    ledgerOk(a.id);
  });

  it("fills the take-profit at exactly its price as a maker, cancels the stop, releases the lock once", () => {
    const a = account();
    const { stop, target } = entryWithPair(a.id);
    expect(matchPriceUpdate(db, scope(a.id), quoteAt("105", T0 + 1_000), T0 + 1_000).filled).toEqual([]);
    expect(matchPriceUpdate(db, scope(a.id), quoteAt("110", T0 + 2_000), T0 + 2_000).filled).toEqual([target.id]);
    expect(getOrder(db, a.id, target.id)?.fills[0]).toMatchObject({ price: u("110"), liquidity: "maker", amount: u("1") });
    expect(row(stop.id)).toMatchObject({ status: "canceled", lock_amount: BigInt(0) });
    expect(bal(a.id, "BTC")).toEqual({ free: u("0"), locked: u("0") });
    expect(ledgerKinds(a.id, "BTC", "lock").n).toBe(1);
    // Bought 1 at 100 (fee 0.1), sold 1 at 110 (fee 0.11).
    expect(bal(a.id, "USDT")).toEqual({ free: u("10000") - u("100.1") + u("110") - u("0.11"), locked: u("0") });
    expect(listOrders(db, a.id, { status: "open" })).toEqual([]);
    ledgerOk(a.id);
  });

  it("fires the stop below its level and cancels the take-profit", () => {
    const a = account();
    const { stop, target } = entryWithPair(a.id);
    expect(matchPriceUpdate(db, scope(a.id), quoteAt("94", T0 + 1_000), T0 + 1_000).filled).toEqual([stop.id]);
    expect(row(stop.id)).toMatchObject({ status: "filled", average_price: u("94") });
    expect(row(target.id).status).toBe("canceled");
    expect(bal(a.id, "BTC")).toEqual({ free: u("0"), locked: u("0") });
    ledgerOk(a.id);
  });

  it("inside one candle that touches both levels, the stop wins unless only the target gapped at the open", () => {
    const a = account();
    const both = entryWithPair(a.id);
    const at = T0 + MINUTE_MS;
    const r = matchClosedCandle(db, scope(a.id), { open_time: at, open: u("100"), high: u("111"), low: u("94"), close: u("105") }, at + MINUTE_MS);
    expect(r.filled).toEqual([both.stop.id]);
    expect(row(both.stop.id)).toMatchObject({ status: "filled", average_price: u("95") });
    expect(row(both.target.id).status).toBe("canceled");
    expect(bal(a.id, "BTC")).toEqual({ free: u("0"), locked: u("0") });
    ledgerOk(a.id);

    const b = account();
    const gap = entryWithPair(b.id);
    const r2 = matchClosedCandle(db, scope(b.id), { open_time: at, open: u("111"), high: u("111"), low: u("94"), close: u("100") }, at + MINUTE_MS);
    expect(r2.filled).toEqual([gap.target.id]);
    expect(getOrder(db, b.id, gap.target.id)?.fills[0]).toMatchObject({ price: u("110"), liquidity: "maker", price_ts: BigInt(at) });
    expect(row(gap.stop.id).status).toBe("canceled");
    expect(bal(b.id, "BTC")).toEqual({ free: u("0"), locked: u("0") });
    ledgerOk(b.id);
  });

  it("creates the legs of a resting limit buy only when it fills, for its amount", () => {
    const a = account();
    const entry = order(a.id, { side: "buy", type: "limit", amount: "2", price: "98", stop_loss_price: "93", take_profit_price: "104" });
    expect(entry.order.status).toBe("open");
    expect(entry.legs).toEqual([]);
    expect(listOrders(db, a.id, { status: "open" }).map((o) => o.id)).toEqual([entry.order.id]);
    expect(matchPriceUpdate(db, scope(a.id), quoteAt("98", T0 + 1_000), T0 + 1_000).filled).toEqual([entry.order.id]);
    const legs = listOrders(db, a.id, { status: "open" });
    expect(legs.map((o) => [o.type, o.amount, o.stop_price ?? o.price]).sort()).toEqual([
      ["limit", u("2"), u("104")],
      ["stop_market", u("2"), u("93")],
    ]);
    expect(new Set(legs.map((o) => o.oco_group)).size).toBe(1);
    expect(bal(a.id, "BTC")).toEqual({ free: u("0"), locked: u("2") });
    expect(bal(a.id, "USDT").locked).toBe(u("0"));
    ledgerOk(a.id);
  });

  it("a single attachment is one ordinary order: a trailing stop of trailing_stop_pct with its own lock", () => {
    const a = account();
    const placed = order(a.id, { side: "buy", type: "market", amount: "1", trailing_stop_pct: 2 });
    expect(placed.legs).toHaveLength(1);
    expect(placed.legs?.[0]).toMatchObject({ type: "trailing_stop", trailing_delta_bps: BigInt(200), oco_group: null, lock_amount: u("1") });
    expect(matchPriceUpdate(db, scope(a.id), quoteAt("110", T0 + 1_000), T0 + 1_000).filled).toEqual([]);
    expect(matchPriceUpdate(db, scope(a.id), quoteAt("107.8", T0 + 2_000), T0 + 2_000).filled).toEqual([placed.legs?.[0].id]);
    expect(bal(a.id, "BTC")).toEqual({ free: u("0"), locked: u("0") });
    ledgerOk(a.id);
  });

  it("canceling either leg cancels the pair and releases the one lock once", () => {
    const a = account();
    const { stop, target } = entryWithPair(a.id);
    expect(cancelOrder(db, a.id, target.id, T0 + 1).status).toBe("canceled");
    expect(row(stop.id)).toMatchObject({ status: "canceled", lock_amount: BigInt(0) });
    expect(bal(a.id, "BTC")).toEqual({ free: u("1"), locked: u("0") });
    expect(ledgerKinds(a.id, "BTC", "unlock").n).toBe(1);
    ledgerOk(a.id);

    const again = entryWithPair(a.id);
    cancelOrder(db, a.id, again.stop.id, T0 + 2);
    expect(row(again.target.id).status).toBe("canceled");
    expect(bal(a.id, "BTC")).toEqual({ free: u("2"), locked: u("0") });
    ledgerOk(a.id);
  });

  it("closing the position cancels the pair first, then sells the whole holding", () => {
    const a = account();
    const { stop, target } = entryWithPair(a.id);
    const r = closePosition(db, { accountId: a.id, market, price: { source: SOURCE, quote: quoteAt("102", T0 + 1) }, fee_rate: 0.001, slippage_bps: 0, now: T0 + 1 });
    expect([...r.canceled].sort()).toEqual([stop.id, target.id].sort());
    expect(r.sold).toBe(u("1"));
    expect(row(stop.id).status).toBe("canceled");
    expect(row(target.id).status).toBe("canceled");
    expect(bal(a.id, "BTC")).toEqual({ free: u("0"), locked: u("0") });
    expect(ledgerKinds(a.id, "BTC", "unlock").n).toBe(1);
    ledgerOk(a.id);

    const b = account();
    entryWithPair(b.id);
    const all = closeAll(db, { accountId: b.id, markets: { [SYMBOL]: { market, quote: quoteAt("102", T0 + 1) } }, source: SOURCE, fee_rate: 0.001, slippage_bps: 0, now: T0 + 1 });
    expect(all.canceled).toHaveLength(2);
    expect(all.results).toMatchObject([{ ok: true, symbol: SYMBOL, sold: u("1") }]);
    expect(bal(b.id, "BTC")).toEqual({ free: u("0"), locked: u("0") });
    ledgerOk(b.id);
  });
});
