import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { AppError, ValidationFailed } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { closeTempDatabases, tempDatabase } from "@/lib/market/candle-store/test-support";
import type { MarketInfo } from "@/lib/market/provider";
import { strategyInputSchema, type StrategyInput } from "./operations";
import { createStrategyStore, type RiskDefaultsSource, type StrategyStore } from "./store";

const MARKETS = new Set(["BTC/USDT", "ETH/USDT", "SOL/USDT", "BTC/EUR"]);
const market = (symbol: string): MarketInfo => {
  const [base, quote] = symbol.split("/");
  return { symbol, base, quote, price_tick: 0.01, amount_step: 0.0001, min_amount: 0.0001, min_notional: 5 };
};

const SETTINGS: RiskDefaultsSource = {
  stake_currency: "USDT",
  max_position_size_pct: 10,
  max_open_positions: 3,
  stop_loss_pct: 2,
  take_profit_pct: 4,
  trailing_stop_pct: null,
};

let db: Db;
let clock: number;
let openPositions: number;
let marketList: boolean;
let store: StrategyStore;

function addUser(): string {
  const id = newId();
  db.insert(users).values({ id, email: `${id}@example.test`, passwordHash: "x", createdAt: Date.now() }).run();
  return id;
}

/** Parses like the route does, so inputs are what a handler would pass. */
const input = (raw: Record<string, unknown>): StrategyInput => strategyInputSchema.parse(raw);

const EXAMPLE = {
  name: "BTC trend",
  type: "ma_cross",
  symbols: ["BTC/USDT"],
  timeframe: "1h",
  parameters: { ma_type: "sma", fast_period: 10, slow_period: 30 },
  risk: { position_size_pct: 100, max_open_trades: 1, stop_loss_pct: null, take_profit_pct: null, trailing_stop_pct: null },
};

async function fieldsOf(promise: Promise<unknown>): Promise<Record<string, string[]>> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationFailed);
  return (error as ValidationFailed).fields ?? {};
}

beforeEach(() => {
  db = tempDatabase();
  clock = 1_800_000_000_000;
  openPositions = 0;
  marketList = true;
  store = createStrategyStore({
    db,
    tradingSettings: async () => SETTINGS,
    findMarket: async (symbol) => (marketList && MARKETS.has(symbol) ? market(symbol) : null),
    marketListAvailable: async () => marketList,
    openBotPositions: async () => openPositions,
    now: () => (clock += 1000),
  });
});
afterAll(() => closeTempDatabases());

describe("create", () => {
  it("stores the example strategy with its parameters and risk as sent", async () => {
    const user = addUser();
    const s = await store.create(user, input(EXAMPLE));
    expect(s).toEqual({
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
      updated_at: expect.any(Number),
    });
    expect(await store.get(user, s.id)).toEqual(s);
  });

  it("fills risk fields left out from the settings, and parameters from the type's defaults", async () => {
    const user = addUser();
    const s = await store.create(user, input({ name: "Defaults", type: "momentum", symbols: ["btc-usdt"], timeframe: "4h", risk: { stop_loss_pct: 5 } }));
    expect(s.symbols).toEqual(["BTC/USDT"]);
    expect(s.risk).toEqual({ position_size_pct: 10, max_open_trades: 3, stop_loss_pct: 5, take_profit_pct: 4, trailing_stop_pct: null, allow_short: false });
    expect(Object.keys(s.parameters).length).toBeGreaterThan(0);
  });

  it("reports parameter, symbol and name errors under dotted paths, all at once", async () => {
    const user = addUser();
    await store.create(user, input(EXAMPLE));
    const fields = await fieldsOf(store.create(user, input({ ...EXAMPLE, parameters: { fast_period: "ten", extra: 1 }, symbols: ["BTC/USDT", "DOGE/USDT"] })));
    expect(Object.keys(fields).sort()).toEqual(["name", "parameters.extra", "parameters.fast_period", "symbols.1"]);
  });

  it("checks risk ranges in the body schema and long-only types in the store", async () => {
    const parsed = strategyInputSchema.safeParse({ ...EXAMPLE, risk: { stop_loss_pct: 0, surprise: 1 } });
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual(["risk.stop_loss_pct", "risk"]);
    const user = addUser();
    const fields = await fieldsOf(store.create(user, input({ ...EXAMPLE, type: "mean_reversion", parameters: {}, risk: { allow_short: true } })));
    expect(Object.keys(fields)).toEqual(["risk.allow_short"]);
  });

  it("reports rules conditions under their full path", async () => {
    const user = addUser();
    const fields = await fieldsOf(
      store.create(
        user,
        input({
          name: "Rules",
          type: "rules",
          symbols: ["ETH/USDT"],
          timeframe: "1h",
          parameters: {
            entry: { combine: "all", conditions: [{ left: { kind: "indicator", name: "no_such_indicator", params: {} }, op: ">", right: { kind: "constant", value: 1 } }] },
            exit: { combine: "any", conditions: [] },
          },
        }),
      ),
    );
    expect(Object.keys(fields)).toContain("parameters.entry.conditions.0.left.name");
  });

  it("checks the quote currency, the market list and duplicates per position", async () => {
    const user = addUser();
    const fields = await fieldsOf(store.create(user, input({ ...EXAMPLE, symbols: ["BTC/EUR", "NOPE/USDT", "ETH/USDT", "eth-usdt"] })));
    expect(fields["symbols.0"]?.[0]).toMatch(/stake currency USDT/);
    expect(fields["symbols.1"]?.[0]).toMatch(/not a market/);
    expect(fields["symbols.2"]).toBeUndefined();
    expect(fields["symbols.3"]?.[0]).toMatch(/already in the list/);
  });

  it("answers 503 when the deployment has no market list to check against", async () => {
    const user = addUser();
    marketList = false;
    await expect(store.create(user, input(EXAMPLE))).rejects.toMatchObject({ status: 503 });
  });

  it("refuses more than 20 symbols and unknown types at the schema", () => {
    const many = Array.from({ length: 21 }, (_, i) => `C${i}/USDT`);
    const tooMany = strategyInputSchema.safeParse({ ...EXAMPLE, symbols: many });
    expect(tooMany.success).toBe(false);
    expect(tooMany.error?.issues[0].path).toEqual(["symbols"]);
    const unknown = strategyInputSchema.safeParse({ ...EXAMPLE, type: "arbitrage" });
    expect(unknown.error?.issues[0].path).toEqual(["type"]);
    expect(unknown.error?.issues[0].message).toBe("Choose one of ma_cross, momentum, breakout, mean_reversion, rules, dca, grid.");
  });

  it("creates dca and grid strategies; a grid takes exactly one pair", async () => {
    const user = addUser();
    const dca = await store.create(user, input({ ...EXAMPLE, name: "BTC dca", type: "dca", symbols: ["BTC/USDT", "ETH/USDT"], parameters: { quote_amount: 50 }, risk: undefined }));
    expect(dca.parameters).toEqual({ quote_amount: 50, interval_candles: 24, take_profit_pct: 3, max_buys: 10 });
    // The settings' stop-loss applies to dca; their take-profit and trail (unused by dca) are not copied.
    expect(dca.risk).toMatchObject({ stop_loss_pct: 2, take_profit_pct: null, trailing_stop_pct: null });
    const grid = { ...EXAMPLE, name: "BTC grid", type: "grid", parameters: { lower_price: 90_000, upper_price: 100_000, levels: 11 } };
    expect(await fieldsOf(store.create(user, input({ ...grid, symbols: ["BTC/USDT", "ETH/USDT"] })))).toEqual({
      symbols: ["A Grid strategy trades exactly one pair: its prices are absolute."],
    });
    expect(Object.keys(await fieldsOf(store.create(user, input({ ...grid, parameters: { lower_price: 100_000, upper_price: 90_000 } }))))).toEqual(["parameters.upper_price"]);
    await expect(store.create(user, input(grid))).resolves.toMatchObject({ type: "grid", symbols: ["BTC/USDT"], parameters: { levels: 11, spacing: "arithmetic" } });
  });

  it("keeps names unique among live strategies, per user", async () => {
    const [a, b] = [addUser(), addUser()];
    const first = await store.create(a, input(EXAMPLE));
    expect(await fieldsOf(store.create(a, input(EXAMPLE)))).toEqual({ name: [expect.stringMatching(/already have/)] });
    await expect(store.create(b, input(EXAMPLE))).resolves.toMatchObject({ name: "BTC trend" });
    await store.remove(a, first.id);
    await expect(store.create(a, input(EXAMPLE))).resolves.toMatchObject({ name: "BTC trend", version: 1 });
  });

  it("refuses to enable a strategy that allows shorts", async () => {
    const user = addUser();
    const error = await store.create(user, input({ ...EXAMPLE, type: "momentum", parameters: {}, risk: { allow_short: true }, enabled: true })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 422, code: "shorts_not_supported" });
  });
});

describe("update, toggle, delete", () => {
  it("replaces the editable fields and counts versions", async () => {
    const user = addUser();
    const s = await store.create(user, input(EXAMPLE));
    const edited = await store.update(user, s.id, input({ name: "BTC trend 2", type: "breakout", symbols: ["ETH/USDT", "SOL/USDT"], timeframe: "1d" }));
    expect(edited).toMatchObject({ id: s.id, name: "BTC trend 2", type: "breakout", symbols: ["ETH/USDT", "SOL/USDT"], timeframe: "1d", version: 2, created_at: s.created_at });
    expect(edited.risk).toMatchObject({ position_size_pct: 10, stop_loss_pct: 2 });
    expect(edited.updated_at).toBeGreaterThan(s.updated_at);
    // Keeping its own name is not a clash.
    expect((await store.update(user, s.id, input({ ...EXAMPLE, name: "BTC trend 2" }))).version).toBe(3);
  });

  it("toggles to the value asked, idempotently, without a new version", async () => {
    const user = addUser();
    const s = await store.create(user, input(EXAMPLE));
    const on = await store.toggle(user, s.id, true);
    expect(on).toMatchObject({ enabled: true, version: 1 });
    expect(await store.toggle(user, s.id, true)).toEqual(on);
    expect((await store.toggle(user, s.id, false)).enabled).toBe(false);
    // PUT without `enabled` keeps the state.
    await store.toggle(user, s.id, true);
    expect((await store.update(user, s.id, input(EXAMPLE))).enabled).toBe(true);
  });

  it("soft-deletes: gone from reads and lists, 409 while a bot holds positions", async () => {
    const user = addUser();
    const s = await store.create(user, input(EXAMPLE));
    openPositions = 2;
    await expect(store.remove(user, s.id)).rejects.toMatchObject({ status: 409, code: "strategy_has_open_positions" });
    openPositions = 0;
    await store.remove(user, s.id);
    await expect(store.get(user, s.id)).rejects.toMatchObject({ status: 404 });
    await expect(store.remove(user, s.id)).rejects.toMatchObject({ status: 404 });
    await expect(store.toggle(user, s.id, true)).rejects.toMatchObject({ status: 404 });
    expect((await store.list(user)).items).toEqual([]);
  });

  it("treats another user's strategy as missing everywhere", async () => {
    const [owner, other] = [addUser(), addUser()];
    const s = await store.create(owner, input(EXAMPLE));
    for (const attempt of [
      () => store.get(other, s.id),
      () => store.update(other, s.id, input(EXAMPLE)),
      () => store.remove(other, s.id),
      () => store.toggle(other, s.id, true),
      () => store.duplicate(other, s.id),
      () => store.exportOne(other, s.id),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ status: 404, code: "not_found" });
    }
    expect((await store.get(owner, s.id)).version).toBe(1);
  });
});

describe("list, duplicate, export and import", () => {
  it("lists newest first with a cursor, and oldest first on request", async () => {
    const user = addUser();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await store.create(user, input({ ...EXAMPLE, name: `S${i}` }))).id);
    const first = await store.list(user, { limit: 2 });
    expect(first.items.map((s) => s.id)).toEqual([ids[4], ids[3]]);
    expect(first.items[0].last_backtest).toBeNull();
    const second = await store.list(user, { limit: 2, cursor: first.next_cursor! });
    const third = await store.list(user, { limit: 2, cursor: second.next_cursor! });
    expect([...second.items, ...third.items].map((s) => s.id)).toEqual([ids[2], ids[1], ids[0]]);
    expect(third.next_cursor).toBeNull();
    expect((await store.list(user, { order: "asc" })).items.map((s) => s.id)).toEqual(ids);
    await expect(store.list(user, { cursor: "garbage" })).rejects.toBeInstanceOf(ValidationFailed);
  });

  it("duplicates under a unique copy name, disabled, at version 1", async () => {
    const user = addUser();
    const s = await store.create(user, input(EXAMPLE));
    await store.toggle(user, s.id, true);
    const copy = await store.duplicate(user, s.id);
    expect(copy).toMatchObject({ name: "BTC trend (copy)", enabled: false, version: 1, parameters: s.parameters, risk: s.risk, symbols: s.symbols });
    expect(copy.id).not.toBe(s.id);
    expect((await store.duplicate(user, s.id)).name).toBe("BTC trend (copy 2)");
    const long = await store.create(user, input({ ...EXAMPLE, name: "x".repeat(100) }));
    expect((await store.duplicate(user, long.id)).name).toBe(`${"x".repeat(93)} (copy)`);
  });

  it("exports without ids or state and imports the same strategy back", async () => {
    const [a, b] = [addUser(), addUser()];
    const s = await store.create(a, input({ ...EXAMPLE, description: "Trend following" }));
    const exported = await store.exportOne(a, s.id);
    expect(exported).toEqual({
      format: "autocbot.strategy.v1",
      name: s.name,
      description: "Trend following",
      type: s.type,
      symbols: s.symbols,
      timeframe: s.timeframe,
      parameters: s.parameters,
      risk: s.risk,
    });
    const imported = await store.importOne(b, exported as never);
    const { format: _format, ...fields } = exported;
    expect(imported).toMatchObject({ ...fields, enabled: false, version: 1 });
    // Back into the owner's account: the taken name gets a suffix.
    expect((await store.importOne(a, exported as never)).name).toBe("BTC trend (imported)");
    expect((await store.importOne(a, exported as never)).name).toBe("BTC trend (imported 2)");
  });
});
