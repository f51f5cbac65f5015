import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeCandles } from "@/lib/market/candle-store";
import { fromRows } from "@/lib/market/candle-store/test-support";
import { AppError } from "@/lib/errors";
import { balanceOf, MINUTE_MS } from "@/lib/trading/core";
import { balancesView, getBalances, getOrCreateAccount, resetAccount, sumLedgerCheck } from "./accounts";
import { InsufficientBalance, OrderInvalid, PriceUnavailable } from "./errors";
import { matchClosedCandle, matchPriceUpdate, readCursor, replaySince } from "./matcher";
import { postEntries } from "./ledger";
import { cancelOpenOrdersTx, fillOrderTx, readOrder, type OrderRow } from "./order-rows";
import { cancelOrder, getOrder, listOrders, placeOrder, type PlaceOrderInput, type PlacedOrder } from "./orders";
import { closeAll, closePosition, listPositions, positionView } from "./positions";
import { createUser, market, migratedDatabase, quoteAt, SOURCE, SYMBOL, tempDir, u } from "./test-support/fixtures";

const dir = tempDir("autocbot-paper-store-");
const file = path.join(dir, "paper.db");
const db = migratedDatabase(file);
afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);
const terms = { source: SOURCE, quoteAsset: "USDT", startingBalance: u("10000") };

function account() {
  return getOrCreateAccount(db, createUser(db), terms, T0);
}

type Req = PlaceOrderInput["request"];
function order(accountId: string, request: Req, last = "100", extra: Partial<PlaceOrderInput> = {}): PlacedOrder {
  const now = extra.now ?? T0;
  return placeOrder(db, { accountId, request, market, price: { source: SOURCE, quote: quoteAt(last, now) }, fee_rate: 0.001, slippage_bps: 5, now, ...extra });
}

const bal = (accountId: string, asset: string) => balanceOf(getBalances(db, accountId), asset);
const ledgerOk = (accountId: string) => expect(sumLedgerCheck(db, accountId).ok).toBe(true);
const count = (table: string) => Number((db.$client.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n);
const scope = (accountId?: string) => ({ source: SOURCE, symbol: SYMBOL, market, accountId });

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an error");
}

describe("paper accounts", () => {
  it("opens one live account per user with its deposit, and returns it again afterwards", () => {
    const userId = createUser(db);
    const a = getOrCreateAccount(db, userId, terms, T0);
    expect(getOrCreateAccount(db, userId, { ...terms, startingBalance: u("5") }, T0 + 1).id).toBe(a.id);
    expect(a).toMatchObject({ epoch: 1, source: SOURCE, quoteAsset: "USDT", startingBalance: u("10000"), archivedAt: null });
    expect(balancesView(db, a.id)).toEqual([{ asset: "USDT", free: "10000", locked: "0", total: "10000" }]);
    const ledger = db.$client.prepare("SELECT kind, bucket, delta FROM paper_ledger_entries WHERE account_id = ?").safeIntegers(true).all(a.id);
    expect(ledger).toEqual([{ kind: "deposit", bucket: "free", delta: u("10000") }]);
    ledgerOk(a.id);
  });

  it("resets: cancels open orders, archives the account, opens the next epoch; the old rows stay readable", () => {
    const userId = createUser(db);
    const a = getOrCreateAccount(db, userId, terms, T0);
    const resting = order(a.id, { side: "buy", type: "limit", amount: "1", price: "90" });
    const r = resetAccount(db, userId, { ...terms, startingBalance: u("2500") }, T0 + 10);
    expect(r.canceled).toEqual([resting.order.id]);
    expect(r.archived).toMatchObject({ id: a.id, archivedAt: T0 + 10 });
    expect(r.account).toMatchObject({ epoch: 2, startingBalance: u("2500"), archivedAt: null });
    expect(bal(a.id, "USDT")).toEqual({ free: u("10000"), locked: u("0") });
    expect(bal(r.account.id, "USDT")).toEqual({ free: u("2500"), locked: u("0") });
    expect(getOrder(db, a.id, resting.order.id)?.order.status).toBe("canceled");
    expect(thrown(() => order(a.id, { side: "buy", type: "market", amount: "1" })).code).toBe("account_archived");
    ledgerOk(a.id);
    ledgerOk(r.account.id);
  });
});

describe("placing and canceling orders", () => {
  it("fills a market buy in the placing transaction at ask × (1 + s) with the fee, and books lots", () => {
    const a = account();
    const r = order(a.id, { side: "buy", type: "market", amount: "1" }, "100", { price: { source: SOURCE, quote: quoteAt("100", T0 - 3_000, { bid: "99.9", ask: "100" }) } });
    expect(r.order).toMatchObject({ status: "filled", filled: u("1"), average_price: u("100.05"), fee: u("0.10005"), lock_amount: BigInt(0) });
    expect(r.fills).toHaveLength(1);
    expect(r.fills[0]).toMatchObject({ price: u("100.05"), amount: u("1"), notional: u("100.05"), fee: u("0.10005"), fee_asset: "USDT", liquidity: "taker", price_ts: BigInt(T0 - 3_000), source: SOURCE });
    expect(bal(a.id, "USDT")).toEqual({ free: u("9899.84995"), locked: u("0") });
    expect(bal(a.id, "BTC")).toEqual({ free: u("1"), locked: u("0") });
    expect(listPositions(db, a.id, { [SYMBOL]: u("110") })).toEqual([
      { symbol: SYMBOL, owner: "manual", amount: u("1"), cost: u("100.15005"), average_entry: u("100.15005"), realized: u("0"), market_value: u("110"), unrealized: u("9.84995") },
    ]);
    ledgerOk(a.id);
  });

  it("fills a market sell at bid × (1 − s), consumes the lot FIFO and records the disposal", () => {
    const a = account();
    order(a.id, { side: "buy", type: "market", amount: "1" }, "100", { slippage_bps: 0 });
    order(a.id, { side: "buy", type: "market", amount: "1" }, "120", { slippage_bps: 0 });
    const sell = order(a.id, { side: "sell", type: "market", amount: "1.5" }, "110", { slippage_bps: 0 });
    expect(sell.fills[0]).toMatchObject({ price: u("110"), notional: u("165"), fee: u("0.165") });
    const disposals = db.$client.prepare("SELECT amount, cost, proceeds, fee, realized FROM paper_disposals WHERE sell_fill_id = ? ORDER BY id").safeIntegers(true).all(sell.fills[0].id);
    expect(disposals).toEqual([
      { amount: u("1"), cost: u("100.1"), proceeds: u("110"), fee: u("0.11"), realized: u("9.79") },
      { amount: u("0.5"), cost: u("60.06"), proceeds: u("55"), fee: u("0.055"), realized: u("-5.115") },
    ]);
    const [p] = listPositions(db, a.id, { [SYMBOL]: u("110") });
    expect(positionView(p)).toMatchObject({ amount: "0.5", cost: "60.06", average_entry: "120.12", realized: "4.675", unrealized: "-5.06" });
    ledgerOk(a.id);
  });

  it("rests a limit buy with its lock, and a cancel releases it once; a second cancel is a 409", () => {
    const a = account();
    const r = order(a.id, { side: "buy", type: "limit", amount: "2", price: "95" });
    expect(r.order).toMatchObject({ status: "open", lock_asset: "USDT", lock_amount: u("190.19") });
    expect(r.fills).toEqual([]);
    expect(bal(a.id, "USDT")).toEqual({ free: u("9809.81"), locked: u("190.19") });
    expect(cancelOrder(db, a.id, r.order.id, T0 + 1).status).toBe("canceled");
    expect(bal(a.id, "USDT")).toEqual({ free: u("10000"), locked: u("0") });
    expect(thrown(() => cancelOrder(db, a.id, r.order.id, T0 + 2))).toMatchObject({ status: 409, code: "order_not_open" });
    expect(thrown(() => cancelOrder(db, account().id, r.order.id, T0 + 2))).toMatchObject({ status: 404 });
    ledgerOk(a.id);
  });

  it("fills a marketable limit at once as a taker at the better of its limit and the book", () => {
    const a = account();
    const r = order(a.id, { side: "buy", type: "limit", amount: "1", price: "105" }, "100", { slippage_bps: 0 });
    expect(r.order).toMatchObject({ status: "filled", average_price: u("100"), lock_amount: BigInt(0) });
    expect(r.fills[0].liquidity).toBe("taker");
    expect(bal(a.id, "USDT")).toEqual({ free: u("10000") - u("100.1"), locked: u("0") });
    ledgerOk(a.id);
  });

  it("locks the base for a resting sell and refuses a sell of coins not held", () => {
    const a = account();
    order(a.id, { side: "buy", type: "market", amount: "1" });
    const r = order(a.id, { side: "sell", type: "limit", amount: "0.6", price: "130" });
    expect(bal(a.id, "BTC")).toEqual({ free: u("0.4"), locked: u("0.6") });
    const e = thrown(() => order(a.id, { side: "sell", type: "limit", amount: "0.5", price: "130" }));
    expect(e).toBeInstanceOf(InsufficientBalance);
    expect(e.details).toMatchObject({ asset: "BTC", bucket: "free", required: "0.5", available: "0.4", missing: "0.1" });
    expect(r.order.status).toBe("open");
    ledgerOk(a.id);
  });

  it("refuses what the balance does not cover with 422 insufficient_balance naming the shortfall, storing nothing", () => {
    const a = account();
    const before = count("paper_orders");
    const market422 = thrown(() => order(a.id, { side: "buy", type: "market", amount: "100" }, "100", { slippage_bps: 0 }));
    expect(market422).toMatchObject({ status: 422, code: "insufficient_balance", details: { asset: "USDT", bucket: "free", required: "10010", available: "10000", missing: "10" } });
    expect(market422.message).toMatch(/Insufficient USDT/);
    // The lock of a limit buy includes its fee: 101 × 99 × 1.001.
    const limit422 = thrown(() => order(a.id, { side: "buy", type: "limit", amount: "101", price: "99" }));
    expect(limit422).toMatchObject({ status: 422, code: "insufficient_balance", details: { asset: "USDT", required: "10008.999", available: "10000", missing: "8.999" } });
    expect(count("paper_orders")).toBe(before);
    expect(bal(a.id, "USDT")).toEqual({ free: u("10000"), locked: u("0") });
    ledgerOk(a.id);
  });

  it("rejects invalid orders per field and stale prices with 503 price_unavailable", () => {
    const a = account();
    const invalid = thrown(() => order(a.id, { side: "buy", type: "limit", amount: "0.00001", price: "0.5" }));
    expect(invalid).toBeInstanceOf(OrderInvalid);
    expect(Object.keys(invalid.fields ?? {}).sort()).toEqual(["amount", "price"]);
    const stale = thrown(() => order(a.id, { side: "buy", type: "market", amount: "1" }, "100", { price: { source: SOURCE, quote: quoteAt("100", T0 - 10_001) } }));
    expect(stale).toBeInstanceOf(PriceUnavailable);
    expect(stale.status).toBe(503);
    expect(order(a.id, { side: "buy", type: "market", amount: "1" }, "100", { price: { source: SOURCE, quote: quoteAt("100", T0 - 25_000) }, maxPriceAgeMs: 30_000 }).order.status).toBe("filled");
    expect(thrown(() => order(a.id, { side: "buy", type: "market", amount: "1" }, "100", { price: { source: "exchange:binance", quote: quoteAt("100", T0) } })).code).toBe("source_mismatch");
    // A pair has one stop leg: a fixed stop-loss and a trailing stop together are refused.
    const twoStops = thrown(() => order(a.id, { side: "buy", type: "market", amount: "1", stop_loss_price: "90", trailing_stop_pct: 2 }));
    expect(twoStops.code).toBe("validation_failed");
    expect(Object.keys(twoStops.fields ?? {})).toEqual(["trailing_stop_pct"]);
    ledgerOk(a.id);
  });
});

describe("an order and what commits with it", () => {
  it("leaves no order, lock or ledger row when the caller's in-transaction step (event, idempotency answer) throws", () => {
    const a = account();
    const base = { accountId: a.id, market, price: { source: SOURCE, quote: quoteAt("100", T0) }, fee_rate: 0.001, slippage_bps: 5, now: T0 };
    expect(thrown(() => placeOrder(db, { ...base, request: { side: "buy", type: "market", amount: "500" } })).code).toBe("insufficient_balance");
    expect(() =>
      placeOrder(db, {
        ...base,
        request: { side: "buy", type: "market", amount: "1" },
        inTransaction: () => {
          throw new Error("the process dies here");
        },
      }),
    ).toThrow(/dies/);
    expect(listOrders(db, a.id)).toEqual([]);
    expect(bal(a.id, "USDT")).toEqual({ free: u("10000"), locked: u("0") });
    ledgerOk(a.id);
  });
});

describe("matching", () => {
  it("fills a resting limit on a price update at exactly its price as a maker", () => {
    const a = account();
    const r = order(a.id, { side: "buy", type: "limit", amount: "2", price: "95" });
    expect(matchPriceUpdate(db, scope(a.id), quoteAt("96", T0 + 1_000), T0 + 1_000).filled).toEqual([]);
    expect(matchPriceUpdate(db, scope(a.id), quoteAt("94.5", T0 + 2_000), T0 + 2_000).filled).toEqual([r.order.id]);
    const got = getOrder(db, a.id, r.order.id);
    expect(got?.order).toMatchObject({ status: "filled", average_price: u("95"), fee: u("0.19") });
    expect(got?.fills[0]).toMatchObject({ liquidity: "maker", price_ts: BigInt(T0 + 2_000) });
    expect(bal(a.id, "USDT")).toEqual({ free: u("10000") - u("190.19"), locked: u("0") });
    expect(bal(a.id, "BTC")).toEqual({ free: u("2"), locked: u("0") });
    ledgerOk(a.id);
  });

  it("triggers a stop-market sell at bid × (1 − s) below its stop", () => {
    const a = account();
    order(a.id, { side: "buy", type: "market", amount: "1" }, "100", { slippage_bps: 0 });
    const stop = order(a.id, { side: "sell", type: "stop_market", amount: "1", stop_price: "90" }, "100", { slippage_bps: 0 });
    expect(bal(a.id, "BTC")).toEqual({ free: u("0"), locked: u("1") });
    matchPriceUpdate(db, scope(a.id), quoteAt("89", T0 + 1_000), T0 + 1_000);
    expect(getOrder(db, a.id, stop.order.id)?.order).toMatchObject({ status: "filled", average_price: u("89") });
    expect(bal(a.id, "BTC")).toEqual({ free: u("0"), locked: u("0") });
    ledgerOk(a.id);
  });

  it("keeps a trailing stop's peak across price updates and fires at peak × (1 − δ)", () => {
    const a = account();
    order(a.id, { side: "buy", type: "market", amount: "1" }, "100", { slippage_bps: 0 });
    const t = order(a.id, { side: "sell", type: "trailing_stop", amount: "1", trailing_delta_bps: 100 }, "100", { slippage_bps: 0 });
    for (const [i, px] of ["105", "110", "109"].entries()) matchPriceUpdate(db, scope(a.id), quoteAt(px, T0 + i + 1), T0 + i + 1);
    expect(JSON.parse(readOrder(db.$client, t.order.id)?.trailing_state ?? "null").live).toEqual({ activated: true, extreme: u("110").toString() });
    expect(matchPriceUpdate(db, scope(a.id), quoteAt("108.9", T0 + 10), T0 + 10).filled).toEqual([t.order.id]);
    expect(getOrder(db, a.id, t.order.id)?.order.average_price).toBe(u("108.9"));
    ledgerOk(a.id);
  });

  it("rests a stop-limit as a limit once its stop fires, then fills it at the limit", () => {
    const a = account();
    order(a.id, { side: "buy", type: "market", amount: "1" }, "100", { slippage_bps: 0 });
    const sl = order(a.id, { side: "sell", type: "stop_limit", amount: "1", stop_price: "95", price: "96" }, "100", { slippage_bps: 0 });
    expect(matchPriceUpdate(db, scope(a.id), quoteAt("95", T0 + 1), T0 + 1).triggered).toEqual([sl.order.id]);
    expect(readOrder(db.$client, sl.order.id)).toMatchObject({ status: "open", triggered: BigInt(1), placed_at: BigInt(T0 + 1) });
    expect(matchPriceUpdate(db, scope(a.id), quoteAt("96", T0 + 2), T0 + 2).filled).toEqual([sl.order.id]);
    expect(getOrder(db, a.id, sl.order.id)?.fills[0]).toMatchObject({ price: u("96"), liquidity: "maker" });
    ledgerOk(a.id);
  });

  it("gives a cancel/fill race exactly one winner", () => {
    const a = account();
    const r = order(a.id, { side: "buy", type: "limit", amount: "1", price: "95" });
    const stale = readOrder(db.$client, r.order.id) as OrderRow;
    cancelOrder(db, a.id, r.order.id, T0 + 1);
    // A matcher that read the order before the cancel loses on the status guard and books nothing.
    const lost = db.$client.transaction(() => fillOrderTx(db.$client, stale, { price: u("95"), liquidity: "maker", ts: T0 + 2, source: SOURCE }, market, T0 + 2)).immediate();
    expect(lost.kind).toBe("lost");
    expect(count(`paper_fills WHERE order_id = '${r.order.id}'`)).toBe(0);
    expect(matchPriceUpdate(db, scope(a.id), quoteAt("90", T0 + 3), T0 + 3).filled).toEqual([]);

    // And the other way round: filled first, the cancel is refused and nothing is released twice.
    const second = order(a.id, { side: "buy", type: "limit", amount: "1", price: "95" });
    expect(matchPriceUpdate(db, scope(a.id), quoteAt("95", T0 + 4), T0 + 4).filled).toEqual([second.order.id]);
    expect(thrown(() => cancelOrder(db, a.id, second.order.id, T0 + 5)).code).toBe("order_not_open");
    expect(bal(a.id, "USDT").locked).toBe(u("0"));
    ledgerOk(a.id);
  });

  it("replays stored 1m candles from the cursor: fills a resting order once, stamped with the candle's minute", () => {
    const source = "simulated:v1:replay";
    const userId = createUser(db);
    const a = getOrCreateAccount(db, userId, { ...terms, source }, T0);
    const placedAt = T0 + 30_000; // inside the 12:00 minute: that candle does not see it
    const r = placeOrder(db, { accountId: a.id, request: { side: "buy", type: "limit", amount: "1", price: "95" }, market, price: { source, quote: quoteAt("100", placedAt) }, fee_rate: 0.001, slippage_bps: 5, now: placedAt });
    const rows = [
      [T0, 100, 101, 90, 100, 1], // touches 95 but the order did not exist when it opened
      [T0 + MINUTE_MS, 100, 100.5, 96, 97, 1],
      [T0 + 2 * MINUTE_MS, 97, 97.5, 94, 96, 1], // fills here
      [T0 + 3 * MINUTE_MS, 96, 96.5, 93, 95, 1],
    ];
    writeCandles(db, { source, symbol: SYMBOL, timeframe: "1m", candles: fromRows(rows), now: T0 + 10 * MINUTE_MS });
    const sc = { source, symbol: SYMBOL, market };
    const now = T0 + 4 * MINUTE_MS + 5_000;
    const first = replaySince(db, sc, now);
    // Without a cursor the replay starts at the order's minute, whose candle it then ignores.
    expect(first).toMatchObject({ filled: [r.order.id], candles: 4, cursor: T0 + 3 * MINUTE_MS });
    const fill = getOrder(db, a.id, r.order.id)?.fills ?? [];
    expect(fill).toHaveLength(1);
    expect(fill[0]).toMatchObject({ price: u("95"), price_ts: BigInt(T0 + 2 * MINUTE_MS), liquidity: "maker", source });
    // The ledger dates the fill at the candle's minute, when it happened on the exchange.
    const stamps = db.$client.prepare("SELECT DISTINCT ts FROM paper_ledger_entries WHERE fill_id = ?").all(fill[0].id);
    expect(stamps).toEqual([{ ts: T0 + 2 * MINUTE_MS }]);
    expect(replaySince(db, sc, now)).toMatchObject({ filled: [], candles: 0 });
    expect(matchClosedCandle(db, sc, { open_time: T0 + 2 * MINUTE_MS, open: u("97"), high: u("97"), low: u("90"), close: u("95") }, now).skipped).toBe(true);
    expect(readCursor(db, sc)).toBe(T0 + 3 * MINUTE_MS);
    expect(getOrder(db, a.id, r.order.id)?.fills).toHaveLength(1);
    ledgerOk(a.id);
  });
});

describe("positions, close and close-all", () => {
  it("closes a position floor-to-step through a market sell and reports the dust", () => {
    const a = account();
    order(a.id, { side: "buy", type: "market", amount: "1.23456" }, "100", { slippage_bps: 0 });
    const resting = order(a.id, { side: "sell", type: "limit", amount: "1", price: "150" });
    const price = { source: SOURCE, quote: quoteAt("110", T0) };
    const r = closePosition(db, { accountId: a.id, market, price, fee_rate: 0.001, slippage_bps: 0, now: T0 });
    expect(r.canceled).toEqual([resting.order.id]);
    expect(r.sold).toBe(u("1.2345"));
    expect(r.dust).toBe(BigInt(0));
    expect(bal(a.id, "BTC")).toEqual({ free: u("0"), locked: u("0") });
    expect(listPositions(db, a.id)[0]).toMatchObject({ amount: BigInt(0) });
    ledgerOk(a.id);
  });

  it("close-all cancels every order, sells each holding and reports what it could not sell", () => {
    const a = account();
    order(a.id, { side: "buy", type: "market", amount: "2" }, "100", { slippage_bps: 0 });
    order(a.id, { side: "buy", type: "limit", amount: "1", price: "90" });
    const result = closeAll(db, { accountId: a.id, markets: { [SYMBOL]: { market, quote: quoteAt("105", T0) } }, source: SOURCE, fee_rate: 0.001, slippage_bps: 0, now: T0 });
    expect(result.canceled).toHaveLength(1);
    expect(result.results).toMatchObject([{ ok: true, symbol: SYMBOL, sold: u("2"), dust: BigInt(0) }]);
    expect(listOrders(db, a.id, { status: "open" })).toEqual([]);
    expect(bal(a.id, "USDT")).toEqual({ free: u("10000") - u("200.2") + u("210") - u("0.21"), locked: u("0") });
    ledgerOk(a.id);
  });
});

describe("guards in the database itself", () => {
  it("refuses an overdraft at the conditional debit even when the caller skipped the check, and the CHECK constraint backs it", () => {
    const a = account();
    const overdraw = [{ asset: "USDT", bucket: "free" as const, delta: -u("10000.00000001"), kind: "trade" as const, order_id: null, fill_id: null }];
    const e = thrown(() => db.$client.transaction(() => postEntries(db.$client, a.id, overdraw, T0)).immediate());
    expect(e).toMatchObject({ code: "insufficient_balance", details: { required: "10000.00000001", available: "10000", missing: "0.00000001" } });
    expect(() => db.$client.prepare("UPDATE paper_balances SET free = -1 WHERE account_id = ?").run(a.id)).toThrow(/CHECK constraint/);
    expect(bal(a.id, "USDT").free).toBe(u("10000"));
    ledgerOk(a.id);
  });

  it("rejects a stop buy whose gap fill its lock and free balance cannot pay for, and releases the lock", () => {
    const a = account();
    const stop = order(a.id, { side: "buy", type: "stop_market", amount: "90", stop_price: "105" }, "100", { slippage_bps: 0 });
    expect(stop.order.lock_amount).toBe(u("9506.74725"));
    const changes: string[] = [];
    const report = matchPriceUpdate(db, { ...scope(a.id), onChange: (o, c) => changes.push(`${o.status}:${c}`) }, quoteAt("120", T0 + 1_000), T0 + 1_000);
    expect(report.rejected).toEqual([stop.order.id]);
    expect(changes).toEqual(["rejected:rejected"]);
    expect(getOrder(db, a.id, stop.order.id)?.order).toMatchObject({ status: "rejected", reject_reason: "insufficient_balance", lock_amount: BigInt(0) });
    expect(bal(a.id, "USDT")).toEqual({ free: u("10000"), locked: u("0") });
    ledgerOk(a.id);
  });

  it("does not trigger on a stale price", () => {
    const a = account();
    const r = order(a.id, { side: "buy", type: "limit", amount: "1", price: "95" });
    expect(matchPriceUpdate(db, scope(a.id), quoteAt("90", T0), T0 + 10_001).filled).toEqual([]);
    expect(getOrder(db, a.id, r.order.id)?.order.status).toBe("open");
  });

  it("publishes inside the order's transaction, so a failed order leaves no event", () => {
    const a = account();
    const published: string[] = [];
    order(a.id, { side: "buy", type: "market", amount: "1" }, "100", { inTransaction: (p) => published.push(p.order.status) });
    expect(published).toEqual(["filled"]);
    expect(() =>
      order(a.id, { side: "buy", type: "market", amount: "1" }, "100", {
        inTransaction: () => {
          throw new Error("publishing failed");
        },
      }),
    ).toThrow(/publishing failed/);
    expect(listOrders(db, a.id)).toHaveLength(1);
    ledgerOk(a.id);
  });
});

describe("lots per owner", () => {
  it("keeps a strategy's book apart and lets a manual sell draw on it once the manual book is empty", () => {
    const a = account();
    order(a.id, { side: "buy", type: "market", amount: "1" }, "100", { slippage_bps: 0, owner: "bot-1" });
    order(a.id, { side: "buy", type: "market", amount: "0.5" }, "110", { slippage_bps: 0 });
    expect(listPositions(db, a.id).map((p) => [p.owner, p.amount])).toEqual([
      ["bot-1", u("1")],
      ["manual", u("0.5")],
    ]);
    const sell = order(a.id, { side: "sell", type: "market", amount: "0.8" }, "120", { slippage_bps: 0 });
    const rows = db.$client.prepare("SELECT owner, amount FROM paper_disposals WHERE sell_fill_id = ? ORDER BY id").safeIntegers(true).all(sell.fills[0].id);
    expect(rows).toEqual([
      { owner: "manual", amount: u("0.5") },
      { owner: "bot-1", amount: u("0.3") },
    ]);
    const sums = db.$client.prepare("SELECT SUM(proceeds) AS p, SUM(fee) AS f FROM paper_disposals WHERE sell_fill_id = ?").safeIntegers(true).get(sell.fills[0].id);
    expect(sums).toEqual({ p: sell.fills[0].notional, f: sell.fills[0].fee });
    expect(listPositions(db, a.id).map((p) => [p.owner, p.amount])).toEqual([
      ["bot-1", u("0.7")],
      ["manual", u("0")],
    ]);
    ledgerOk(a.id);
  });
});

describe("the ledger invariant", () => {
  it("balance = Σ ledger exactly, nothing negative and lots = coins held, after a random sequence through the store", () => {
    const a = account();
    let seed = 42;
    const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
    let last = 100;
    let now = T0;
    let accepted = 0;
    for (let i = 0; i < 300; i++) {
      now += 1_000;
      last = Math.max(20, Math.round((last * (1 + (rand() - 0.5) * 0.04)) * 100) / 100);
      const px = last.toFixed(2);
      const amount = (0.01 + rand() * 3).toFixed(4);
      const pick = rand();
      try {
        // Some buys carry a stop-loss (or a trailing stop) and a take-profit: an OCO pair once filled.
        const attach = rand();
        const attached: Partial<Req> =
          attach < 0.3
            ? { stop_loss_price: (last * 0.94).toFixed(2), take_profit_price: (last * 1.06).toFixed(2) }
            : attach < 0.4
              ? { trailing_stop_pct: 3, take_profit_price: (last * 1.05).toFixed(2) }
              : attach < 0.5
                ? { stop_loss_price: (last * 0.94).toFixed(2) }
                : {};
        if (pick < 0.25) order(a.id, { side: "buy", type: "market", amount, ...attached }, px, { now });
        else if (pick < 0.45) order(a.id, { side: "sell", type: "market", amount }, px, { now });
        else if (pick < 0.6) order(a.id, { side: "buy", type: "limit", amount, price: (last * (0.95 + rand() * 0.04)).toFixed(2), ...attached }, px, { now });
        else if (pick < 0.72) order(a.id, { side: "sell", type: "limit", amount, price: (last * (0.99 + rand() * 0.06)).toFixed(2) }, px, { now });
        else if (pick < 0.8) order(a.id, { side: "sell", type: "stop_market", amount, stop_price: (last * 0.97).toFixed(2) }, px, { now });
        else if (pick < 0.9) {
          const open = listOrders(db, a.id, { status: "open" });
          if (open.length > 0) cancelOrder(db, a.id, open[Math.floor(rand() * open.length)].id, now);
        } else matchPriceUpdate(db, scope(a.id), quoteAt(px, now), now);
        accepted++;
      } catch (error) {
        if (!(error instanceof AppError) || !["insufficient_balance", "validation_failed"].includes(error.code)) throw error;
      }
      if (i % 3 === 0) matchPriceUpdate(db, scope(a.id), quoteAt(px, now), now);
      const check = sumLedgerCheck(db, a.id);
      expect(check.ok).toBe(true);
      for (const b of Object.values(check.balances)) expect(b.free >= BigInt(0) && b.locked >= BigInt(0)).toBe(true);
      const btc = bal(a.id, "BTC");
      const lots = listPositions(db, a.id).reduce((s, p) => s + p.amount, BigInt(0));
      expect(lots).toBe(btc.free + btc.locked);
      // Every lock is held by exactly one open order: an OCO pair's shared lock is neither doubled nor released twice.
      const open = listOrders(db, a.id, { status: "open" });
      expect(open.filter((o) => o.lock_asset === "BTC").reduce((s, o) => s + o.lock_amount, BigInt(0))).toBe(btc.locked);
      expect(open.filter((o) => o.lock_asset === "USDT").reduce((s, o) => s + o.lock_amount, BigInt(0))).toBe(bal(a.id, "USDT").locked);
      for (const o of open.filter((x) => x.oco_group !== null)) expect(open.filter((x) => x.oco_group === o.oco_group)).toHaveLength(2);
    }
    expect(count(`paper_orders WHERE account_id = '${a.id}' AND oco_group IS NOT NULL AND status = 'filled'`)).toBeGreaterThan(0);
    expect(accepted).toBeGreaterThan(100);
    expect(count(`paper_fills WHERE account_id = '${a.id}'`)).toBeGreaterThan(30);
    db.$client.transaction(() => cancelOpenOrdersTx(db.$client, a.id, now + 1)).immediate();
    expect(bal(a.id, "USDT").locked).toBe(BigInt(0));
    expect(bal(a.id, "BTC").locked).toBe(BigInt(0));
    ledgerOk(a.id);
  });
});
