/**
 * /api/v1/portfolio and the smart order over HTTP against the shared test server (simulated
 * market): the summary at current prices, closed episodes, the disposals CSV, performance and the
 * P&L chart of a fresh account, smart-order sizing and its risk refusals, the daily loss limit on
 * manual buys (never on sells), and isolation between users.
 */
import { describe, expect, inject, it } from "vitest";
import { apiClient } from "../support/api-client";

const api = apiClient(inject("baseUrl"));

type User = { token: string; id: string };
async function newUser(label: string): Promise<User> {
  const { tokens, user } = await api.newUser(label);
  return { token: tokens.access_token, id: user.id };
}

const post = (u: User, path: string, body: unknown, headers: Record<string, string> = {}) => api.request<any>("POST", path, { token: u.token, body, headers });
const get = (u: User, path: string) => api.request<any>("GET", path, { token: u.token });
const putSettings = (u: User, body: unknown) => api.request<any>("PUT", "/api/v1/settings", { token: u.token, body });

async function marketOrder(u: User, body: Record<string, unknown>) {
  const res = await post(u, "/api/v1/trading/orders", { symbol: "BTC/USDT", type: "market", ...body });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

describe("the portfolio", () => {
  it("summarises an account after a buy: total value is the equity, allocation sums to 100 %", async () => {
    const u = await newUser("pf-summary");
    await marketOrder(u, { side: "buy", amount: 0.01 });
    const res = await get(u, "/api/v1/portfolio/summary");
    expect(res.status, res.text).toBe(200);
    const s = res.body;
    const balance = (await get(u, "/api/v1/trading/balance")).body;
    expect(s.quote_asset).toBe("USDT");
    expect(s.total_value).toBeGreaterThan(0);
    // Prices move between the two reads; within 1 % of each other.
    expect(Math.abs(s.total_value - balance.equity) / balance.equity).toBeLessThan(0.01);
    expect(s.invested_value).toBeGreaterThan(0);
    expect(s.available_balance).toBeCloseTo(balance.balances.find((b: any) => b.asset === "USDT").free, 6);
    expect(s.total_value).toBeCloseTo(s.available_balance + s.invested_value, 6);
    expect(s.realized_pnl).toBe(0);
    expect(s.total_pnl).toBeCloseTo(s.total_value - 10_000, 6);
    expect(s.today_pnl).toBeCloseTo(s.total_pnl, 6);
    expect(s.allocation.map((a: any) => a.asset).sort()).toEqual(["BTC", "USDT"]);
    expect(s.allocation.reduce((sum: number, a: any) => sum + a.pct, 0)).toBeCloseTo(100, 6);
  });

  it("lists a buy and its sell as one closed episode with the realized P&L the fills imply, and exports its disposal", async () => {
    const u = await newUser("pf-history");
    const buy = await marketOrder(u, { side: "buy", amount: 0.01 });
    const sell = await marketOrder(u, { side: "sell", amount: 0.01 });
    const res = await get(u, "/api/v1/portfolio/history");
    expect(res.status, res.text).toBe(200);
    expect(res.body.next_cursor).toBeNull();
    expect(res.body.items).toHaveLength(1);
    const e = res.body.items[0];
    expect(e).toMatchObject({ symbol: "BTC/USDT", owner: null, amount: 0.01 });
    const implied = sell.average_price * 0.01 - sell.fee - (buy.average_price * 0.01 + buy.fee);
    expect(e.realized_pnl).toBeCloseTo(implied, 6);
    expect(e.fees).toBeCloseTo(buy.fee + sell.fee, 6);
    expect(e.entry_average).toBeCloseTo(buy.average_price, 4);
    expect(e.exit_average).toBeCloseTo(sell.average_price, 4);
    expect(e.closed_at).toBeGreaterThanOrEqual(e.opened_at);

    const summary = (await get(u, "/api/v1/portfolio/summary")).body;
    expect(summary.realized_pnl).toBeCloseTo(implied, 6);
    expect(summary.invested_value).toBe(0);

    const csv = await get(u, "/api/v1/portfolio/export.csv");
    expect(csv.status, csv.text).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.headers.get("content-disposition")).toMatch(/^attachment; filename=".+\.csv"$/);
    const lines = csv.text.split("\r\n").filter((l) => l !== "");
    expect(lines[0]).toBe("disposed_at,acquired_at,symbol,owner,amount,proceeds,fee,cost_basis,realized_gain,sell_fill_id,lot_fill_id");
    expect(lines).toHaveLength(2);
    expect(Number(lines[1].split(",")[8])).toBeCloseTo(implied, 6);

    // Pages: a limit of one with two episodes gives a cursor to the second.
    await marketOrder(u, { symbol: "ETH/USDT", side: "buy", amount: 0.1 });
    await marketOrder(u, { symbol: "ETH/USDT", side: "sell", amount: 0.1 });
    const first = (await get(u, "/api/v1/portfolio/history?limit=1")).body;
    expect(first.items).toHaveLength(1);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = (await get(u, `/api/v1/portfolio/history?limit=1&cursor=${encodeURIComponent(first.next_cursor)}`)).body;
    expect(second.items).toHaveLength(1);
    expect(second.next_cursor).toBeNull();
    expect(second.items[0].closed_at).toBeLessThanOrEqual(first.items[0].closed_at);
  });

  it("reports performance with null reasons on a fresh account, and chart points after a fill", async () => {
    const u = await newUser("pf-performance");
    const perf = await get(u, "/api/v1/portfolio/performance");
    expect(perf.status, perf.text).toBe(200);
    expect(perf.body).toMatchObject({ trades_count: 0, win_rate: null, profit_factor: null, best_trade: null, worst_trade: null, max_drawdown_pct: 0 });
    expect(perf.body.null_reasons).toHaveProperty("win_rate");
    expect(perf.body.null_reasons).toHaveProperty("sharpe");
    expect(perf.body.monthly_returns.length).toBeGreaterThanOrEqual(1);

    const empty = (await get(u, "/api/v1/portfolio/pnl-chart?range=1d")).body;
    expect(empty.range).toBe("1d");
    expect(empty.points[0]).toEqual([expect.any(Number), 10_000]);

    await marketOrder(u, { side: "buy", amount: 0.01 });
    const chart = await get(u, "/api/v1/portfolio/pnl-chart?range=7d");
    expect(chart.status, chart.text).toBe(200);
    // The start, the fill, and now.
    expect(chart.body.points.length).toBeGreaterThanOrEqual(3);
    expect(chart.body.drawdown).toHaveLength(chart.body.points.length);
    const times = chart.body.points.map((p: number[]) => p[0]);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    // The fill point sits just below the start: the fee and the spread.
    expect(chart.body.points[1][1]).toBeLessThan(10_000);
    expect(chart.body.points[1][1]).toBeGreaterThan(9_900);

    const bad = await get(u, "/api/v1/portfolio/pnl-chart?range=2w");
    expect(bad.status).toBe(422);
  });

  it("keeps each user's portfolio to themselves", async () => {
    const alice = await newUser("pf-alice");
    const bob = await newUser("pf-bob");
    await marketOrder(alice, { side: "buy", amount: 0.01 });
    await marketOrder(alice, { side: "sell", amount: 0.01 });
    expect((await get(bob, "/api/v1/portfolio/history")).body.items).toEqual([]);
    expect((await get(bob, "/api/v1/portfolio/summary")).body).toMatchObject({ total_value: 10_000, invested_value: 0, realized_pnl: 0 });
    const csv = (await get(bob, "/api/v1/portfolio/export.csv")).text.split("\r\n").filter((l) => l !== "");
    expect(csv).toHaveLength(1);
    expect((await get(bob, "/api/v1/portfolio/performance")).body.trades_count).toBe(0);
    expect((await get(alice, "/api/v1/portfolio/performance")).body.trades_count).toBe(1);
  });
});

describe("the smart order", () => {
  it("sizes a buy from its stop: the order's amount is the sizing's, the risk within risk_pct of equity, the stop placed", async () => {
    const u = await newUser("smart-size");
    const res = await post(u, "/api/v1/trading/smart-order", { symbol: "BTC/USDT", side: "buy", risk_pct: 0.5, stop_loss_pct: 2, take_profit_pct: 4 }, { "Idempotency-Key": "smart-size-1" });
    expect(res.status, res.text).toBe(201);
    const { order, stop_order, take_profit_order, sizing } = res.body;
    expect(order).toMatchObject({ symbol: "BTC/USDT", side: "buy", type: "market", status: "filled" });
    expect(order.amount).toBe(sizing.amount);
    expect(sizing.amount).toBeGreaterThan(0);
    expect(sizing.risk_amount).toBeLessThanOrEqual(0.005 * 10_000 + 1e-8);
    expect(sizing.risk_pct).toBeLessThanOrEqual(0.5);
    expect(sizing.reward_risk_ratio).toBeGreaterThan(1);
    expect(stop_order).toMatchObject({ side: "sell", type: "stop_market", status: "open", amount: sizing.amount });
    expect(stop_order.stop_price).toBeLessThan(sizing.entry_price);
    // The take-profit is the stop's OCO partner: a limit sell of the same amount above the entry.
    expect(take_profit_order).toMatchObject({ side: "sell", type: "limit", status: "open", amount: sizing.amount });
    expect(take_profit_order.price).toBeGreaterThan(sizing.entry_price);

    // The same key and body answer with the same order.
    const again = await post(u, "/api/v1/trading/smart-order", { symbol: "BTC/USDT", side: "buy", risk_pct: 0.5, stop_loss_pct: 2, take_profit_pct: 4 }, { "Idempotency-Key": "smart-size-1" });
    expect(again.status).toBe(201);
    expect(again.body.order.id).toBe(order.id);
  });

  it("refuses a stop above the price and two stops, and takes the settings' stop when none is given", async () => {
    const u = await newUser("smart-bad");
    const price = (await api.request<any>("GET", "/api/v1/market/price/BTC-USDT", { token: u.token })).body;
    // More decimals than a price holds (1.5 × the ask usually has): rounded, not a server error.
    const above = await post(u, "/api/v1/trading/smart-order", { symbol: "BTC/USDT", side: "buy", stop_price: price.ask * 1.5 + 0.000000001 });
    expect(above.status, above.text).toBe(422);
    expect(above.body.error.code).toBe("rule_violation");
    expect(above.body.error.details.rule).toBe("stop_distance");
    const both = await post(u, "/api/v1/trading/smart-order", { symbol: "BTC/USDT", side: "buy", stop_price: price.ask * 0.9, stop_loss_pct: 2 });
    expect(both.status).toBe(422);
    expect(both.body.error.fields).toHaveProperty("stop_loss_pct");
    // Neither: the settings' stop_loss_pct (2 %) and take_profit_pct (4 %).
    const byDefault = await post(u, "/api/v1/trading/smart-order", { symbol: "BTC/USDT", side: "buy" });
    expect(byDefault.status, byDefault.text).toBe(201);
    expect(Math.abs(byDefault.body.stop_order.stop_price / byDefault.body.sizing.entry_price - 0.98)).toBeLessThan(0.002);
    expect(byDefault.body.sizing.reward_risk_ratio).toBeGreaterThan(1);
  });

  it("is refused by max open positions once the limit is reached", async () => {
    const u = await newUser("smart-max-open");
    await post(u, "/api/v1/trading/orders", { symbol: "ETH/USDT", side: "buy", type: "market", amount: 0.1 }).then((r) => expect(r.status, r.text).toBe(201));
    expect((await putSettings(u, { trading: { max_open_positions: 1 } })).status).toBe(200);
    const res = await post(u, "/api/v1/trading/smart-order", { symbol: "BTC/USDT", side: "buy", stop_loss_pct: 2 });
    expect(res.status, res.text).toBe(422);
    expect(res.body.error.code).toBe("rule_violation");
    expect(res.body.error.details).toMatchObject({ rule: "max_open_positions", limit: 1, current: 1 });
    // Adding to the position already open does not open a new one.
    const add = await post(u, "/api/v1/trading/smart-order", { symbol: "ETH/USDT", side: "buy", stop_loss_pct: 2, risk_pct: 0.05 });
    expect(add.status, add.text).toBe(201);
  });
});

describe("the daily loss limit", () => {
  it("refuses a manual buy once today's loss passes the limit, but never a sell", async () => {
    const u = await newUser("daily-loss");
    await marketOrder(u, { side: "buy", amount: 0.001 });
    // Round trips lose the fees and the spread: about 0.3 % of 9,000 each, 0.5 % of equity after two.
    for (let i = 0; i < 3; i++) {
      const buy = await marketOrder(u, { side: "buy", quote_amount: 9_000 });
      await marketOrder(u, { side: "sell", amount: buy.filled });
    }
    const summary = (await get(u, "/api/v1/portfolio/summary")).body;
    expect(summary.today_pnl).toBeLessThan(-50);
    expect((await putSettings(u, { trading: { daily_loss_limit_pct: 0.5 } })).status).toBe(200);

    const buy = await post(u, "/api/v1/trading/orders", { symbol: "BTC/USDT", side: "buy", type: "market", amount: 0.001 });
    expect(buy.status, buy.text).toBe(422);
    expect(buy.body.error.code).toBe("rule_violation");
    expect(buy.body.error.details.rule).toBe("daily_loss_limit");
    expect(buy.body.error.details.current).toBeLessThan(buy.body.error.details.limit);
    const smart = await post(u, "/api/v1/trading/smart-order", { symbol: "BTC/USDT", side: "buy", stop_loss_pct: 2 });
    expect(smart.status).toBe(422);
    expect(smart.body.error.details.rule).toBe("daily_loss_limit");

    const sell = await post(u, "/api/v1/trading/orders", { symbol: "BTC/USDT", side: "sell", type: "market", amount: 0.001 });
    expect(sell.status, sell.text).toBe(201);
  });
});
