/**
 * A burst of keyed paper orders with kill -9 in the middle: after a restart, retrying every request
 * with its key gives exactly one order per key (the same one for every acknowledged request), the
 * ledger equals the balances in exact integers, and a resting order placed before the crash fills
 * exactly once, at its price, whether its moment came while the server was down (the 1m candle replay)
 * or after the restart (the price poll).
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient } from "../support/api-client";
import { planDeadline, restingOrderPlan } from "../support/resting-order-plan";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { RATE_LIMIT_SCALE: "1000" } });
});

afterAll(async () => {
  await server?.stop();
  if (server) fs.rmSync(path.dirname(server.databasePath), { recursive: true, force: true });
});

describe("paper orders across a crash", () => {
  it("retries after kill -9 give one order per key and a consistent ledger", async () => {
    const api = apiClient(server.url);
    const { tokens, user } = await api.newUser("paper-crash");
    const token = tokens.access_token;
    // A resting buy the simulated market (a function of time) will reach within the minute.
    const tick = (await api.request<any>("GET", "/api/v1/market/symbols", { token })).body.items.find((m: any) => m.symbol === "BTC/USDT").price_tick;
    let plan = restingOrderPlan({ seed: "7", symbol: "BTC/USDT", tick, fromSecond: 4, allow: ["buy"] });
    // In a rising minute no such price exists: look again a little later.
    for (let tries = 0; plan === null && tries < 4; tries++) {
      await new Promise((r) => setTimeout(r, 15_000));
      plan = restingOrderPlan({ seed: "7", symbol: "BTC/USDT", tick, fromSecond: 4, allow: ["buy"] });
    }
    expect(plan, "two minutes without a fall below the ask").not.toBeNull();
    const resting = await api.request<any>("POST", "/api/v1/trading/orders", { token, body: { symbol: "BTC/USDT", side: "buy", type: "limit", amount: 0.001, price: plan!.price } });
    expect(resting.status, resting.text).toBe(201);
    expect(resting.body.status).toBe("open");

    const N = 30;
    const order = (i: number) =>
      api.request<any>("POST", "/api/v1/trading/orders", { token, body: { symbol: "BTC/USDT", side: "buy", type: "market", quote_amount: 100 }, headers: { "Idempotency-Key": `burst-${i}` } });
    const acknowledged = new Map<number, string>();
    let answered = 0;
    const burst = Array.from({ length: N }, (_, i) =>
      order(i).then(
        (r) => {
          answered++;
          if (r.status === 201) acknowledged.set(i, r.body.id);
        },
        () => undefined, // the connection died with the server: unacknowledged
      ),
    );
    // Kill the server once some answers are in and others are still on their way.
    while (answered < 5) await new Promise((r) => setTimeout(r, 5));
    await server.stop("SIGKILL");
    await Promise.all(burst);
    expect(acknowledged.size).toBeGreaterThanOrEqual(5);
    expect(acknowledged.size).toBeLessThan(N);

    await server.restart();
    // Every request is retried with its key, the acknowledged ones too (a client cannot always know).
    const retries = await Promise.all(Array.from({ length: N }, (_, i) => order(i)));
    const ids = new Set<string>();
    for (const [i, r] of retries.entries()) {
      expect(r.status, r.text).toBe(201);
      if (acknowledged.has(i)) {
        expect(r.body.id).toBe(acknowledged.get(i));
        expect(r.headers.get("idempotent-replayed")).toBe("true");
      }
      ids.add(r.body.id);
    }
    expect(ids.size).toBe(N);

    // The resting order fills once, at its price.
    let filled = (await api.request<any>("GET", `/api/v1/trading/orders/${resting.body.id}`, { token })).body;
    while (filled.status === "open" && Date.now() < planDeadline(plan!)) {
      await new Promise((r) => setTimeout(r, 500));
      filled = (await api.request<any>("GET", `/api/v1/trading/orders/${resting.body.id}`, { token })).body;
    }
    expect(filled).toMatchObject({ status: "filled", average_price: plan!.price, filled: 0.001 });
    const fills = (await api.request<any>("GET", "/api/v1/trading/trades?limit=1000", { token })).body.items.filter((t: any) => t.order_id === resting.body.id);
    expect(fills).toHaveLength(1);

    const db = new Database(server.databasePath, { readonly: true });
    db.defaultSafeIntegers(true);
    try {
      const account = db.prepare("SELECT id FROM paper_accounts WHERE user_id = ? AND archived_at IS NULL").get(user.id) as { id: string };
      const count = (sql: string) => Number((db.prepare(sql).get(account.id) as { n: bigint }).n);
      expect(count("SELECT COUNT(*) AS n FROM paper_orders WHERE account_id = ? AND type = 'market'")).toBe(N);
      expect(count("SELECT COUNT(*) AS n FROM paper_orders WHERE account_id = ? AND type = 'limit'")).toBe(1);
      expect(count("SELECT COUNT(*) AS n FROM paper_fills f JOIN paper_orders o ON o.id = f.order_id WHERE o.account_id = ? AND o.type = 'limit'")).toBe(1);
      const balances = db.prepare("SELECT asset, free, locked FROM paper_balances WHERE account_id = ?").all(account.id) as { asset: string; free: bigint; locked: bigint }[];
      for (const b of balances) {
        for (const bucket of ["free", "locked"] as const) {
          const sum = db.prepare("SELECT COALESCE(SUM(delta), 0) AS s FROM paper_ledger_entries WHERE account_id = ? AND asset = ? AND bucket = ?").get(account.id, b.asset, bucket) as { s: bigint };
          expect(sum.s, `${b.asset} ${bucket}`).toBe(b[bucket]);
        }
        expect(b.free >= BigInt(0) && b.locked >= BigInt(0)).toBe(true);
      }
    } finally {
      db.close();
    }
  }, 240_000);
});
