/**
 * Bots over HTTP on a server of their own (the shared one keeps its runner off): a 1-minute rules
 * strategy whose entry always holds is enabled, and the runner places exactly one market buy for
 * the next closed candle through the paper account, carrying the strategy's id and the candle key.
 * Then pause and resume, isolation between users, the 409 on deleting a strategy that holds a
 * position, and close-all pausing the bots.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alwaysInStrategy } from "../support/always-in-strategy";
import { apiClient } from "../support/api-client";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  server = await startTestServer({ env: { RATE_LIMIT_SCALE: "1000", BOT_RUNNER: "on" } });
  api = apiClient(server.url);
}, 90_000);
afterAll(async () => {
  await server?.stop();
});

const ALWAYS = alwaysInStrategy({ position_size_pct: 5, stop_loss_pct: 5, take_profit_pct: 10 });

async function trader(label: string) {
  const { tokens } = await api.newUser(label);
  const token: string = tokens.access_token;
  const call = (method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown) => api.request(method, path, { token, body });
  return { call };
}

async function until<T>(what: string, read: () => Promise<T | null | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe("bots", () => {
  it("an enabled 1m strategy places exactly one order for a closed candle on its own, keyed by the candle; pause, resume, 404 for others, 409 on delete, close-all pauses", async () => {
    const me = await trader("bot-owner");
    const other = await trader("bot-other");
    const created = await me.call("POST", "/api/v1/strategies", { name: "Always in", ...ALWAYS });
    expect(created.status, created.text).toBe(201);
    const id: string = created.body.id;

    const before = await me.call("GET", "/api/v1/bots");
    expect(before.body.items.find((b: any) => b.strategy_id === id)).toMatchObject({ status: "disabled", enabled: false });
    expect((await me.call("POST", `/api/v1/strategies/${id}/toggle`, { enabled: true })).status).toBe(200);
    expect((await me.call("GET", "/api/v1/bots")).body.items.find((b: any) => b.strategy_id === id)).toMatchObject({ status: "running", enabled: true });

    // The first candle the bot sees is the newest closed one, if still fresh; otherwise the next.
    const ordered = await until(
      "the bot's order",
      async () => ((await me.call("GET", `/api/v1/bots/${id}/evaluations`)).body.items as any[]).find((e) => e.outcome === "ordered"),
      150_000,
    );
    expect(ordered.idempotency_key).toBe(`bot:${id}:BTC/USDT:1m:${ordered.open_time}`);
    const orders = (await me.call("GET", "/api/v1/trading/orders?status=all")).body.items as any[];
    const mine = orders.filter((o) => o.client_order_id === ordered.idempotency_key);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ id: ordered.order_id, owner: id, side: "buy", type: "market", status: "filled" });
    // Its stop-loss and take-profit rest as an OCO pair owned by the strategy.
    const legs = orders.filter((o) => o.owner === id && o.side === "sell" && o.status === "open");
    expect(legs).toHaveLength(2);

    // The position stays (the exit never holds): later candles do not buy again.
    const bots = (await me.call("GET", "/api/v1/bots")).body.items as any[];
    expect(bots.find((b) => b.strategy_id === id)).toMatchObject({ open_positions: 1, last_error: null });

    // Another trader sees none of it.
    expect((await other.call("POST", `/api/v1/bots/${id}/pause`)).status).toBe(404);
    expect((await other.call("GET", `/api/v1/bots/${id}/evaluations`)).status).toBe(404);
    expect(((await other.call("GET", "/api/v1/bots")).body.items as any[]).some((b) => b.strategy_id === id)).toBe(false);

    const paused = await me.call("POST", `/api/v1/bots/${id}/pause`);
    expect(paused.status, paused.text).toBe(200);
    expect(paused.body).toMatchObject({ status: "paused", paused_reason: "user" });
    const resumed = await me.call("POST", `/api/v1/bots/${id}/resume`);
    expect(resumed.body).toMatchObject({ status: "running", paused_reason: null });

    const removed = await me.call("DELETE", `/api/v1/strategies/${id}`);
    expect(removed.status, removed.text).toBe(409);
    expect(removed.body.error.code).toBe("strategy_has_open_positions");

    const closeAll = await me.call("POST", "/api/v1/trading/close-all", { confirm: true });
    expect(closeAll.status, closeAll.text).toBe(200);
    expect(closeAll.body.paused_bots).toBe(1);
    expect((await me.call("GET", "/api/v1/bots")).body.items.find((b: any) => b.strategy_id === id)).toMatchObject({ status: "paused", paused_reason: "close_all", open_positions: 0 });

    // Still exactly one order for that candle.
    const after = (await me.call("GET", "/api/v1/trading/orders?status=all")).body.items as any[];
    expect(after.filter((o) => o.client_order_id === ordered.idempotency_key)).toHaveLength(1);
  }, 240_000);
});
