/**
 * /api/v1/trading over HTTP against the shared test server (simulated market): the paper account
 * opens with the settings' balance, market orders fill at once at the bid/ask with slippage and the
 * fee, resting orders lock and cancel, positions and fills follow, close/close-all/reset, validation,
 * idempotency and isolation; after every test the ledger equals the balances in exact integers.
 */
import Database from "better-sqlite3";
import { describe, expect, inject, it } from "vitest";
import { apiClient } from "../support/api-client";
import { planDeadline, restingOrderPlan } from "../support/resting-order-plan";

const api = apiClient(inject("baseUrl"));

type User = { token: string; id: string };
async function newUser(label: string): Promise<User> {
  const { tokens, user } = await api.newUser(label);
  return { token: tokens.access_token, id: user.id };
}

const post = (u: User, path: string, body: unknown, headers: Record<string, string> = {}) => api.request<any>("POST", `/api/v1/trading${path}`, { token: u.token, body, headers });
const get = (u: User, path: string) => api.request<any>("GET", `/api/v1/trading${path}`, { token: u.token });

/** Balances and the ledger of the user's live account, read with exact integers. */
function ledgerMatches(userId: string): { balances: Record<string, bigint>; ledger: Record<string, bigint> } {
  const db = new Database(inject("databasePath"), { readonly: true, fileMustExist: true });
  db.defaultSafeIntegers(true);
  try {
    const account = db.prepare("SELECT id FROM paper_accounts WHERE user_id = ? AND archived_at IS NULL").get(userId) as { id: string };
    const balances: Record<string, bigint> = {};
    for (const r of db.prepare("SELECT asset, free, locked FROM paper_balances WHERE account_id = ?").all(account.id) as { asset: string; free: bigint; locked: bigint }[]) {
      balances[`${r.asset}:free`] = r.free;
      balances[`${r.asset}:locked`] = r.locked;
    }
    const ledger: Record<string, bigint> = {};
    for (const r of db.prepare("SELECT asset, bucket, SUM(delta) AS total FROM paper_ledger_entries WHERE account_id = ? GROUP BY asset, bucket").all(account.id) as { asset: string; bucket: string; total: bigint }[]) {
      ledger[`${r.asset}:${r.bucket}`] = r.total;
    }
    for (const k of Object.keys(balances)) ledger[k] ??= BigInt(0);
    return { balances, ledger };
  } finally {
    db.close();
  }
}

function expectLedgerExact(u: User) {
  const { balances, ledger } = ledgerMatches(u.id);
  expect(ledger).toEqual(balances);
  for (const v of Object.values(balances)) expect(v >= BigInt(0)).toBe(true);
}

describe("the paper account", () => {
  it("opens with the settings' starting balance", async () => {
    const u = await newUser("paper-open");
    const res = await get(u, "/balance");
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ balances: [{ asset: "USDT", free: 10_000, locked: 0, total: 10_000 }], equity: 10_000, quote_asset: "USDT", source: "simulated:v1:7", epoch: 1 });
    expectLedgerExact(u);
  });

  it("fills a market buy at once at the ask plus slippage with the fee, and shows the position and the fill", async () => {
    const u = await newUser("paper-market");
    const price = (await api.request<any>("GET", "/api/v1/market/price/BTC-USDT", { token: u.token })).body;
    const res = await post(u, "/orders", { symbol: "BTC/USDT", side: "buy", type: "market", amount: 0.01 });
    expect(res.status, res.text).toBe(201);
    const o = res.body;
    expect(o).toMatchObject({ status: "filled", symbol: "BTC/USDT", side: "buy", type: "market", amount: 0.01, filled: 0.01, remaining: 0, fee_currency: "USDT", owner: null });
    expect(res.headers.get("location")).toBe(`/api/v1/trading/orders/${o.id}`);
    // Within a few ticks of the price read just before: the ask with 5 bps against the buyer.
    expect(o.average_price).toBeGreaterThan(price.ask * 0.99);
    expect(o.average_price).toBeLessThan(price.ask * 1.01);
    expect(o.fee).toBeCloseTo(o.average_price * 0.01 * 0.001, 7);

    const balance = (await get(u, "/balance")).body;
    const usdt = balance.balances.find((b: any) => b.asset === "USDT");
    expect(usdt.free).toBeCloseTo(10_000 - o.average_price * 0.01 - o.fee, 6);
    expect(balance.balances.find((b: any) => b.asset === "BTC")).toMatchObject({ free: 0.01, locked: 0 });

    const positions = (await get(u, "/positions")).body.items;
    expect(positions).toHaveLength(1);
    expect(positions[0]).toMatchObject({ symbol: "BTC/USDT", owner: null, amount: 0.01, dust: false });
    expect(positions[0].average_entry).toBeCloseTo((o.average_price * 0.01 + o.fee) / 0.01, 4);
    expect(positions[0].current_price).toBeGreaterThan(0);

    const trades = (await get(u, "/trades")).body.items;
    expect(trades).toEqual([
      { id: expect.any(String), order_id: o.id, symbol: "BTC/USDT", side: "buy", price: o.average_price, amount: 0.01, fee: o.fee, fee_currency: "USDT", liquidity: "taker", created_at: expect.any(Number) },
    ]);
    expect((await get(u, `/orders/${o.id}`)).body).toEqual(o);
    expectLedgerExact(u);
  });

  it("buys by quote_amount without spending more than it, fee included", async () => {
    const u = await newUser("paper-quote");
    const res = await post(u, "/orders", { symbol: "ETH/USDT", side: "buy", type: "market", quote_amount: 250 });
    expect(res.status, res.text).toBe(201);
    const spent = res.body.average_price * res.body.filled + res.body.fee;
    expect(spent).toBeLessThanOrEqual(250);
    expect(spent).toBeGreaterThan(249);
    expectLedgerExact(u);
  });

  it("rests a limit buy with its lock, cancels it once, and refuses a second cancel", async () => {
    const u = await newUser("paper-limit");
    const price = (await api.request<any>("GET", "/api/v1/market/price/BTC-USDT", { token: u.token })).body.price;
    const limit = Math.floor(price * 0.8);
    const res = await post(u, "/orders", { symbol: "BTC/USDT", side: "buy", type: "limit", amount: 0.01, price: limit });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ status: "open", price: limit, filled: 0 });
    const usdt = () => get(u, "/balance").then((r) => r.body.balances.find((b: any) => b.asset === "USDT"));
    const locked = (await usdt()).locked;
    // The lock covers the limit price and the fee (maker), §3.3.
    expect(locked).toBeCloseTo(limit * 0.01 * 1.001, 6);
    expect((await get(u, "/orders?status=open")).body.items.map((o: any) => o.id)).toEqual([res.body.id]);

    const cancel = await api.request<any>("DELETE", `/api/v1/trading/orders/${res.body.id}`, { token: u.token });
    expect(cancel.status, cancel.text).toBe(200);
    expect(cancel.body.status).toBe("canceled");
    expect(await usdt()).toMatchObject({ free: 10_000, locked: 0 });
    const again = await api.request<any>("DELETE", `/api/v1/trading/orders/${res.body.id}`, { token: u.token });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("order_not_open");
    expect((await get(u, "/orders?status=open")).body.items).toEqual([]);
    expectLedgerExact(u);
  });

  it("refuses bad orders with a message per field, and a shortfall with its numbers", async () => {
    const u = await newUser("paper-invalid");
    const fields = async (body: unknown) => {
      const res = await post(u, "/orders", body);
      expect(res.status, res.text).toBe(422);
      return res.body.error;
    };
    expect((await fields({ symbol: "BTC/USDT", side: "buy", type: "market" })).fields).toHaveProperty("amount");
    expect((await fields({ symbol: "NOPE/USDT", side: "buy", type: "market", amount: 1 })).fields).toHaveProperty("symbol");
    expect((await fields({ symbol: "BTC/USDT", side: "buy", type: "market", amount: 0.000001 })).fields).toHaveProperty("amount");
    expect((await fields({ symbol: "BTC/USDT", side: "buy", type: "limit", amount: 0.01 })).fields).toHaveProperty("price");
    expect((await fields({ symbol: "BTC/USDT", side: "hold", type: "market", amount: 1 })).fields).toHaveProperty("side");
    const short = await fields({ symbol: "BTC/USDT", side: "buy", type: "market", amount: 5 });
    expect(short.code).toBe("insufficient_balance");
    expect(short.details).toMatchObject({ asset: "USDT" });
    const sell = await fields({ symbol: "BTC/USDT", side: "sell", type: "market", amount: 0.01 });
    expect(sell.code).toBe("insufficient_balance");
    expect((await get(u, "/orders")).body.items).toEqual([]);
    expectLedgerExact(u);
  });

  it("answers a repeated Idempotency-Key with the first order, and refuses it for another body", async () => {
    const u = await newUser("paper-idem");
    const body = { symbol: "BTC/USDT", side: "buy", type: "market", amount: 0.001 };
    const first = await post(u, "/orders", body, { "Idempotency-Key": "order-1" });
    const [again, concurrent] = await Promise.all([post(u, "/orders", body, { "Idempotency-Key": "order-1" }), post(u, "/orders", body, { "Idempotency-Key": "order-1" })]);
    expect(first.status, first.text).toBe(201);
    for (const r of [again, concurrent]) {
      expect(r.status).toBe(201);
      expect(r.body.id).toBe(first.body.id);
      expect(r.headers.get("idempotent-replayed")).toBe("true");
    }
    const other = await post(u, "/orders", { ...body, amount: 0.002 }, { "Idempotency-Key": "order-1" });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe("idempotency_key_reused");
    expect((await get(u, "/orders")).body.items).toHaveLength(1);
    expectLedgerExact(u);
  });

  it("closes a position, then closes everything, then resets to a new epoch", async () => {
    const u = await newUser("paper-close");
    expect((await post(u, "/orders", { symbol: "BTC/USDT", side: "buy", type: "market", amount: 0.01 })).status).toBe(201);
    expect((await post(u, "/orders", { symbol: "ETH/USDT", side: "buy", type: "market", amount: 0.1 })).status).toBe(201);
    const price = (await api.request<any>("GET", "/api/v1/market/price/ETH-USDT", { token: u.token })).body.price;
    expect((await post(u, "/orders", { symbol: "ETH/USDT", side: "buy", type: "limit", amount: 0.1, price: Math.floor(price * 0.7) })).status).toBe(201);

    const closed = await post(u, "/positions/BTC-USDT/close", {});
    expect(closed.status, closed.text).toBe(200);
    expect(closed.body).toMatchObject({ sold: 0.01, dust: 0, order: { side: "sell", status: "filled" } });
    expect((await get(u, "/positions")).body.items.map((p: any) => p.symbol)).toEqual(["ETH/USDT"]);
    expect((await post(u, "/positions/BTC-USDT/close", {})).status).toBe(404);
    // A malformed escape in the path is a clear 400, not a server error.
    const malformed = await post(u, "/positions/%E0%A4%A/close", {});
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("malformed_path");

    expect((await post(u, "/close-all", {})).status).toBe(422);
    const all = await post(u, "/close-all", { confirm: true });
    expect(all.status, all.text).toBe(200);
    expect(all.body.canceled_orders).toHaveLength(1);
    expect(all.body.results).toEqual([{ symbol: "ETH/USDT", ok: true, order_id: expect.any(String), sold: 0.1, dust: 0, error: null }]);
    expect((await get(u, "/positions")).body.items).toEqual([]);
    expect((await get(u, "/orders?status=open")).body.items).toEqual([]);
    expectLedgerExact(u);

    const reset = await post(u, "/account/reset", { confirm: true });
    expect(reset.status, reset.text).toBe(200);
    expect(reset.body).toMatchObject({ epoch: 2, balances: [{ asset: "USDT", free: 10_000, locked: 0, total: 10_000 }] });
    expect((await get(u, "/trades")).body.items).toEqual([]);
    // The first epoch's history stays readable.
    const before = (await get(u, "/trades?epoch=1")).body.items;
    expect(before.map((t: any) => `${t.side} ${t.symbol}`).sort()).toEqual(["buy BTC/USDT", "buy ETH/USDT", "sell BTC/USDT", "sell ETH/USDT"]);
    expect((await get(u, "/orders?epoch=1&status=all")).body.items).toHaveLength(5);
    const missing = await get(u, "/orders?epoch=9");
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("account_not_found");
    expectLedgerExact(u);
  });

  it("attaches a stop-loss and a take-profit to a market buy as two sell legs, and closing the position cancels both", async () => {
    const u = await newUser("paper-oco");
    const price = (await api.request<any>("GET", "/api/v1/market/price/BTC-USDT", { token: u.token })).body;
    const res = await post(u, "/orders", {
      symbol: "BTC/USDT",
      side: "buy",
      type: "market",
      amount: 0.01,
      stop_loss_price: Math.floor(price.price * 0.9),
      take_profit_price: Math.ceil(price.price * 1.1),
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ status: "filled", amount: 0.01 });
    const open = (await get(u, "/orders?status=open")).body.items;
    expect(open.map((o: any) => o.type).sort()).toEqual(["limit", "stop_market"]);
    for (const leg of open) expect(leg).toMatchObject({ side: "sell", status: "open", amount: 0.01, owner: null });
    // One lock of the bought amount for the pair, not one per leg.
    const btc = (await get(u, "/balance")).body.balances.find((b: any) => b.asset === "BTC");
    expect(btc).toMatchObject({ free: 0, locked: 0.01 });
    // The position shows what protects it.
    const [position] = (await get(u, "/positions")).body.items;
    expect(position).toMatchObject({ symbol: "BTC/USDT", amount: 0.01, stop_loss_price: Math.floor(price.price * 0.9), take_profit_price: Math.ceil(price.price * 1.1), trailing_delta_bps: null });
    expectLedgerExact(u);

    const closed = await post(u, "/positions/BTC-USDT/close", {});
    expect(closed.status, closed.text).toBe(200);
    expect(closed.body).toMatchObject({ sold: 0.01, order: { side: "sell", status: "filled" } });
    expect((await get(u, "/orders?status=open")).body.items).toEqual([]);
    for (const leg of open) expect((await get(u, `/orders/${leg.id}`)).body.status).toBe("canceled");
    expect((await get(u, "/balance")).body.balances.find((b: any) => b.asset === "BTC")).toMatchObject({ free: 0, locked: 0 });
    expectLedgerExact(u);
  });

  it("fills a resting limit order at exactly its price when the market reaches it (the matcher, not the placement)", async () => {
    const u = await newUser("paper-matcher");
    expect((await post(u, "/orders", { symbol: "BTC/USDT", side: "buy", type: "market", amount: 0.01 })).status).toBe(201);
    const tick = (await api.request<any>("GET", "/api/v1/market/symbols", { token: u.token })).body.items.find((m: any) => m.symbol === "BTC/USDT").price_tick;
    const plan = restingOrderPlan({ seed: "7", symbol: "BTC/USDT", tick });
    expect(plan, "the next minute neither rises above the bid nor falls below the ask").not.toBeNull();
    const { side, price } = plan!;
    const placed = await post(u, "/orders", { symbol: "BTC/USDT", side, type: "limit", amount: 0.01, price });
    expect(placed.status, placed.text).toBe(201);
    expect(placed.body).toMatchObject({ status: "open", price });
    let order = placed.body;
    // Price polls sample the window; if none lands in it, the closed minute's candle (its high or low)
    // fills the order when the matcher replays it, at most ~15 s after the minute closes.
    const deadline = planDeadline(plan!);
    while (order.status === "open" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      order = (await get(u, `/orders/${placed.body.id}`)).body;
    }
    expect(order).toMatchObject({ status: "filled", filled: 0.01, average_price: price });
    const fill = (await get(u, "/trades")).body.items.find((t: any) => t.order_id === order.id);
    expect(fill).toMatchObject({ side, price, liquidity: "maker" });
    expect(fill.fee).toBeCloseTo(price * 0.01 * 0.001, 7);
    expectLedgerExact(u);
    // Both fills left an equity point for the chart: the market buy's and the matcher's.
    const db = new Database(inject("databasePath"), { readonly: true, fileMustExist: true });
    try {
      const rows = db
        .prepare("SELECT s.ts FROM paper_equity_snapshots s JOIN paper_accounts a ON a.id = s.account_id WHERE a.user_id = ? AND s.kind = 'fill' ORDER BY s.ts")
        .all(u.id) as { ts: number }[];
      expect(rows).toHaveLength(2);
      expect(rows[1].ts).toBeGreaterThanOrEqual(rows[0].ts);
    } finally {
      db.close();
    }
  }, 150_000);

  it("keeps each user's orders to themselves", async () => {
    const alice = await newUser("paper-alice");
    const bob = await newUser("paper-bob");
    const order = (await post(alice, "/orders", { symbol: "BTC/USDT", side: "buy", type: "market", amount: 0.001 })).body;
    for (const [method, path] of [
      ["GET", `/api/v1/trading/orders/${order.id}`],
      ["DELETE", `/api/v1/trading/orders/${order.id}`],
    ] as const) {
      const res = await api.request<any>(method, path, { token: bob.token });
      expect(res.status, path).toBe(404);
      expect(res.body.error.code).toBe("order_not_found");
    }
    expect((await get(bob, "/trades")).body.items).toEqual([]);
    expect((await get(bob, "/positions")).body.items).toEqual([]);
    expect((await get(alice, "/positions")).body.items).toHaveLength(1);
  });
});
