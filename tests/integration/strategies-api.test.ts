/**
 * /api/v1/strategies over HTTP against the shared test server (simulated market, so BTC/USDT,
 * ETH/USDT … exist): the create example, defaults from settings, validation with dotted
 * paths per type, symbols, unique names and their reuse after a delete, toggle, duplicate,
 * export/import, and isolation between users.
 */
import { describe, expect, inject, it } from "vitest";
import { apiClient } from "../support/api-client";

const api = apiClient(inject("baseUrl"));

type User = { token: string };
async function newUser(label: string): Promise<User> {
  const { tokens } = await api.newUser(label);
  return { token: tokens.access_token };
}

const EXAMPLE = {
  name: "BTC trend",
  type: "ma_cross",
  symbols: ["BTC/USDT"],
  timeframe: "1h",
  parameters: { ma_type: "sma", fast_period: 10, slow_period: 30 },
  risk: { position_size_pct: 100, max_open_trades: 1, stop_loss_pct: null, take_profit_pct: null, trailing_stop_pct: null },
};

const create = (u: User, body: unknown) => api.request("POST", "/api/v1/strategies", { token: u.token, body });
const get = (u: User, id: string) => api.request("GET", `/api/v1/strategies/${id}`, { token: u.token });
const list = (u: User) => api.request("GET", "/api/v1/strategies", { token: u.token });

async function created(u: User, body: unknown) {
  const res = await create(u, body);
  expect(res.status, res.text).toBe(201);
  return res.body;
}

/** The field keys of a 422, after checking it is one. */
function fieldsOf(res: { status: number; text: string; body: any }): Record<string, string[]> {
  expect(res.status, res.text).toBe(422);
  expect(res.body.error.code).toBe("validation_failed");
  return res.body.error.fields;
}

describe("POST /api/v1/strategies", () => {
  it("creates the issue's example exactly", async () => {
    const u = await newUser("strat-create");
    const res = await create(u, EXAMPLE);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: "BTC trend",
      description: "",
      type: "ma_cross",
      symbols: ["BTC/USDT"],
      timeframe: "1h",
      parameters: { ma_type: "sma", fast_period: 10, slow_period: 30 },
      risk: { position_size_pct: 100, max_open_trades: 1, stop_loss_pct: null, take_profit_pct: null, trailing_stop_pct: null, allow_short: false },
      enabled: false,
      version: 1,
      created_at: expect.any(Number),
      updated_at: res.body.created_at,
    });
    expect(res.headers.get("location")).toBe(`/api/v1/strategies/${res.body.id}`);
    expect((await get(u, res.body.id)).body).toEqual(res.body);
  });

  it("fills left-out risk from the caller's settings and parameters from the type's defaults", async () => {
    const u = await newUser("strat-defaults");
    const put = await api.request("PUT", "/api/v1/settings", {
      token: u.token,
      body: { trading: { max_position_size_pct: 25, max_open_positions: 4, stop_loss_pct: 3, take_profit_pct: 9, trailing_stop_pct: 1.5 } },
    });
    expect(put.status, put.text).toBe(200);
    const s = await created(u, { name: "Defaults", type: "breakout", symbols: ["eth-usdt"], timeframe: "4h", risk: { take_profit_pct: null } });
    expect(s.symbols).toEqual(["ETH/USDT"]);
    expect(s.risk).toEqual({ position_size_pct: 25, max_open_trades: 4, stop_loss_pct: 3, take_profit_pct: null, trailing_stop_pct: 1.5, allow_short: false });
    const types = await api.request("GET", "/api/v1/strategies/types", { token: u.token });
    const breakout = types.body.items.find((t: { type: string }) => t.type === "breakout");
    const defaults = Object.fromEntries(Object.entries(breakout.parameters_schema.properties).map(([k, v]) => [k, (v as { default?: unknown }).default]));
    expect(s.parameters).toEqual(defaults);
    // Later settings changes do not reach stored strategies.
    await api.request("PUT", "/api/v1/settings", { token: u.token, body: { trading: { stop_loss_pct: 7 } } });
    expect((await get(u, s.id)).body.risk.stop_loss_pct).toBe(3);
  });

  it("reports each type's parameter errors under dotted paths", async () => {
    const u = await newUser("strat-validate");
    const cases: [string, unknown, string][] = [
      ["ma_cross", { fast_period: 0 }, "parameters.fast_period"],
      ["ma_cross", { ma_type: "wma" }, "parameters.ma_type"],
      ["momentum", { surprise: 1 }, "parameters.surprise"],
      ["breakout", { channel_period: "twenty" }, "parameters.channel_period"],
      ["mean_reversion", { roi_table: "none" }, "parameters.roi_table"],
      [
        "rules",
        {
          entry: { combine: "all", conditions: [{ left: { kind: "indicator", name: "nope", params: {} }, op: ">", right: { kind: "constant", value: 1 } }] },
          exit: { combine: "any", conditions: [] },
        },
        "parameters.entry.conditions.0.left.name",
      ],
      ["rules", {}, "parameters.entry"],
    ];
    for (const [type, parameters, path] of cases) {
      const fields = fieldsOf(await create(u, { ...EXAMPLE, name: `V ${type}`, type, parameters }));
      expect(Object.keys(fields), `${type} ${JSON.stringify(parameters)}`).toContain(path);
    }
    expect(Object.keys(fieldsOf(await create(u, { ...EXAMPLE, risk: { stop_loss_pct: 0 } })))).toEqual(["risk.stop_loss_pct"]);
    expect(Object.keys(fieldsOf(await create(u, { ...EXAMPLE, type: "mean_reversion", parameters: {}, risk: { allow_short: true } })))).toEqual([
      "risk.allow_short",
    ]);
    expect(fieldsOf(await create(u, { ...EXAMPLE, type: "arbitrage" })).type[0]).toBe("Choose one of ma_cross, momentum, breakout, mean_reversion, rules, dca, grid.");
    expect(Object.keys(fieldsOf(await create(u, { ...EXAMPLE, type: "grid", parameters: { lower_price: 100, upper_price: 90 } })))).toEqual(["parameters.upper_price"]);
    expect(Object.keys(fieldsOf(await create(u, { ...EXAMPLE, type: "grid", symbols: ["BTC/USDT", "ETH/USDT"], parameters: { lower_price: 90, upper_price: 100 } })))).toEqual(["symbols"]);
    expect(Object.keys(fieldsOf(await create(u, { ...EXAMPLE, type: "dca", parameters: { interval_candles: 0 } })))).toEqual(["parameters.interval_candles"]);
    expect(Object.keys(fieldsOf(await create(u, { ...EXAMPLE, timeframe: "2d" })))).toEqual(["timeframe"]);
    expect(Object.keys(fieldsOf(await create(u, { ...EXAMPLE, surprise: true })))).toEqual(["surprise"]);
    expect((await list(u)).body.items).toEqual([]);
  });

  it("checks symbols: known markets, the stake currency, 1 to 20 pairs", async () => {
    const u = await newUser("strat-symbols");
    const fields = fieldsOf(await create(u, { ...EXAMPLE, symbols: ["BTC/USDT", "NOPE/USDT", "ETH/BTC", "btc-usdt"] }));
    expect(Object.keys(fields).sort()).toEqual(["symbols.1", "symbols.2", "symbols.3"]);
    expect(fields["symbols.2"][0]).toMatch(/stake currency USDT/);
    expect(Object.keys(fieldsOf(await create(u, { ...EXAMPLE, symbols: [] })))).toEqual(["symbols"]);
    const many = Array.from({ length: 21 }, (_, i) => `C${i}/USDT`);
    expect(Object.keys(fieldsOf(await create(u, { ...EXAMPLE, symbols: many })))).toEqual(["symbols"]);
  });

  it("keeps names unique among live strategies; a deleted one's name is free again", async () => {
    const u = await newUser("strat-names");
    const first = await created(u, EXAMPLE);
    const clash = fieldsOf(await create(u, EXAMPLE));
    expect(clash).toEqual({ name: [expect.stringMatching(/already have a strategy with this name/)] });
    // Another user may use the same name.
    await created(await newUser("strat-names-other"), EXAMPLE);
    const del = await api.request("DELETE", `/api/v1/strategies/${first.id}`, { token: u.token });
    expect(del.status, del.text).toBe(204);
    expect((await get(u, first.id)).status).toBe(404);
    const again = await created(u, EXAMPLE);
    expect(again.id).not.toBe(first.id);
    expect((await list(u)).body.items.map((s: { id: string }) => s.id)).toEqual([again.id]);
  });
});

describe("GET, PUT, DELETE, toggle", () => {
  it("lists newest first with last_backtest null, and edits bump the version", async () => {
    const u = await newUser("strat-edit");
    const a = await created(u, { ...EXAMPLE, name: "A" });
    const b = await created(u, { ...EXAMPLE, name: "B" });
    const listed = await list(u);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((s: { id: string }) => s.id)).toEqual([b.id, a.id]);
    expect(listed.body.items[0]).toEqual({ ...b, last_backtest: null });
    expect(listed.body.next_cursor).toBeNull();

    const put = await api.request("PUT", `/api/v1/strategies/${a.id}`, {
      token: u.token,
      body: { ...EXAMPLE, name: "A2", description: "edited", type: "momentum", parameters: {}, symbols: ["ETH/USDT", "BTC/USDT"] },
    });
    expect(put.status, put.text).toBe(200);
    expect(put.body).toMatchObject({ id: a.id, name: "A2", description: "edited", type: "momentum", symbols: ["ETH/USDT", "BTC/USDT"], version: 2, created_at: a.created_at });
    expect(Object.keys(fieldsOf(await api.request("PUT", `/api/v1/strategies/${a.id}`, { token: u.token, body: { ...EXAMPLE, name: "B" } })))).toEqual(["name"]);
    expect((await get(u, a.id)).body.version).toBe(2);
  });

  it("toggle requires its body and is idempotent", async () => {
    const u = await newUser("strat-toggle");
    const s = await created(u, EXAMPLE);
    const path = `/api/v1/strategies/${s.id}/toggle`;
    expect(Object.keys(fieldsOf(await api.request("POST", path, { token: u.token })))).toEqual(["enabled"]);
    expect(Object.keys(fieldsOf(await api.request("POST", path, { token: u.token, body: {} })))).toEqual(["enabled"]);
    expect(Object.keys(fieldsOf(await api.request("POST", path, { token: u.token, body: { enabled: "yes" } })))).toEqual(["enabled"]);
    for (let i = 0; i < 2; i++) {
      const on = await api.request("POST", path, { token: u.token, body: { enabled: true } });
      expect(on.status, on.text).toBe(200);
      expect(on.body).toMatchObject({ enabled: true, version: 1 });
    }
    const off = await api.request("POST", path, { token: u.token, body: { enabled: false } });
    expect(off.body.enabled).toBe(false);
  });

  it("refuses to enable a strategy that allows shorts (422 shorts_not_supported)", async () => {
    const u = await newUser("strat-shorts");
    const s = await created(u, { ...EXAMPLE, risk: { allow_short: true } });
    const res = await api.request("POST", `/api/v1/strategies/${s.id}/toggle`, { token: u.token, body: { enabled: true } });
    expect(res.status, res.text).toBe(422);
    expect(res.body.error.code).toBe("shorts_not_supported");
    expect((await get(u, s.id)).body.enabled).toBe(false);
  });
});

describe("duplicate, export, import", () => {
  it("round-trips a strategy", async () => {
    const u = await newUser("strat-copy");
    const s = await created(u, { ...EXAMPLE, description: "Trend following" });
    await api.request("POST", `/api/v1/strategies/${s.id}/toggle`, { token: u.token, body: { enabled: true } });

    const copy = await api.request("POST", `/api/v1/strategies/${s.id}/duplicate`, { token: u.token });
    expect(copy.status, copy.text).toBe(201);
    expect(copy.body).toMatchObject({ name: "BTC trend (copy)", description: "Trend following", parameters: s.parameters, risk: s.risk, enabled: false, version: 1 });
    const copy2 = await api.request("POST", `/api/v1/strategies/${s.id}/duplicate`, { token: u.token });
    expect(copy2.body.name).toBe("BTC trend (copy 2)");

    const exported = await api.request("GET", `/api/v1/strategies/${s.id}/export`, { token: u.token });
    expect(exported.status, exported.text).toBe(200);
    expect(exported.body).toEqual({
      format: "autocbot.strategy.v1",
      name: "BTC trend",
      description: "Trend following",
      type: "ma_cross",
      symbols: ["BTC/USDT"],
      timeframe: "1h",
      parameters: s.parameters,
      risk: s.risk,
    });

    const other = await newUser("strat-import");
    const imported = await api.request("POST", "/api/v1/strategies/import", { token: other.token, body: exported.body });
    expect(imported.status, imported.text).toBe(201);
    const { format: _format, ...fields } = exported.body;
    expect(imported.body).toMatchObject({ ...fields, enabled: false, version: 1 });
    const again = await api.request("POST", "/api/v1/strategies/import", { token: u.token, body: exported.body });
    expect(again.status, again.text).toBe(201);
    expect(again.body.name).toBe("BTC trend (imported)");
    expect(Object.keys(fieldsOf(await api.request("POST", "/api/v1/strategies/import", { token: u.token, body: { ...exported.body, format: "v0" } })))).toEqual(["format"]);
  });
});

describe("isolation and deletion", () => {
  it("answers 404 for another user's strategy everywhere, and leaves it untouched", async () => {
    const owner = await newUser("strat-owner");
    const other = await newUser("strat-other");
    const s = await created(owner, EXAMPLE);
    const base = `/api/v1/strategies/${s.id}`;
    const attempts: [string, string, unknown?][] = [
      ["GET", base],
      ["PUT", base, EXAMPLE],
      ["DELETE", base],
      ["POST", `${base}/toggle`, { enabled: true }],
      ["POST", `${base}/duplicate`],
      ["GET", `${base}/export`],
    ];
    for (const [method, path, body] of attempts) {
      const res = await api.request(method, path, { token: other.token, body });
      expect(res.status, `${method} ${path}: ${res.text}`).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    expect((await list(other)).body.items).toEqual([]);
    expect((await get(owner, s.id)).body).toEqual(s);
  });

  it("answers 404 everywhere after a delete", async () => {
    const u = await newUser("strat-deleted");
    const s = await created(u, EXAMPLE);
    const base = `/api/v1/strategies/${s.id}`;
    expect((await api.request("DELETE", base, { token: u.token })).status).toBe(204);
    for (const [method, path, body] of [
      ["GET", base],
      ["PUT", base, EXAMPLE],
      ["DELETE", base],
      ["POST", `${base}/toggle`, { enabled: true }],
      ["POST", `${base}/duplicate`],
      ["GET", `${base}/export`],
    ] as [string, string, unknown?][]) {
      expect((await api.request(method, path, { token: u.token, body })).status, `${method} ${path}`).toBe(404);
    }
    expect((await list(u)).body.items).toEqual([]);
  });

  it("requires a signed-in caller", async () => {
    for (const path of ["/api/v1/strategies", "/api/v1/strategies/types"]) {
      const res = await api.request("GET", path);
      expect(res.status).toBe(401);
    }
  });
});

describe("GET /api/v1/strategies/types", () => {
  it("describes the supported types with JSON Schemas and defaults", async () => {
    const u = await newUser("strat-types");
    const res = await api.request("GET", "/api/v1/strategies/types", { token: u.token });
    expect(res.status, res.text).toBe(200);
    expect(res.body.items.map((t: { type: string }) => t.type)).toEqual(["ma_cross", "momentum", "breakout", "mean_reversion", "rules", "dca", "grid"]);
    const maCross = res.body.items[0];
    expect(maCross.parameters_schema.properties.fast_period).toMatchObject({ type: "integer", default: expect.any(Number) });
    expect(maCross.risk_schema.properties.allow_short).toMatchObject({ type: "boolean", default: false });
  });
});
