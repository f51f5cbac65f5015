import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase, type Db } from "@/lib/db/open";
import { botEvaluations, botStates, strategies, users } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { createSimulatedProvider, type MarketTimeframe } from "@/lib/market/provider";
import { DEFAULT_TRADING } from "@/lib/settings/defaults";
import { floorToStepUnits, fromNumber, tradingMarket } from "@/lib/trading/core";
import { gridLevels } from "@/lib/strategies";
import { botOrderKey, latestClosedOpen } from "./clock";
import { nextGridSteps } from "./grid-bot";
import { runBot, type BotDeps, type BotMarket } from "./run-bot";
import { startBotRunner } from "./runner";
import { listRunnableStrategies } from "./store";
import { eq } from "drizzle-orm";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autocbot-bots-"));
const file = path.join(dir, "bots.db");
const db = openDatabase(file);
migrateDatabase(db);
// A second connection to the same file: another server process as far as SQLite is concerned.
const otherDb = openDatabase(file);
afterAll(() => {
  db.$client.close();
  otherDb.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** The simulated market at a fixed clock: deterministic candles and quotes. */
function simulatedMarket(clock: () => number, options: { failSymbol?: string; brokenQuote?: string; beforeQuote?: () => Promise<void> } = {}): BotMarket {
  const provider = createSimulatedProvider(7, clock);
  return {
    source: provider.id,
    serverNow: clock,
    unavailable: () => false,
    async closedCandles(symbol, timeframe, limit) {
      if (symbol === options.failSymbol) throw new Error(`the ${symbol} feed broke`);
      return { candles: await provider.candles(symbol, timeframe, { limit: Math.min(limit, 1000) }), stale: false };
    },
    async quote(symbol) {
      await options.beforeQuote?.();
      if (symbol === options.brokenQuote) throw new Error(`the ${symbol} ticker broke`);
      const t = await provider.ticker(symbol);
      return { last: fromNumber(t.price, 8), bid: fromNumber(t.bid, 8), ask: fromNumber(t.ask, 8, "up"), ts: clock() };
    },
    async market(symbol) {
      const info = (await provider.markets()).find((m) => m.symbol === symbol);
      return info ? tradingMarket(info) : null;
    },
  };
}

function capture() {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}

function deps(handle: Db, market: BotMarket, owner: string, log = capture().log): BotDeps {
  return {
    db: handle,
    market,
    owner,
    log,
    settings: async () => ({ ...DEFAULT_TRADING }),
    catchupMax: 500,
    maxPriceAgeMs: 10_000,
    toUnits: (x) => fromNumber(x, 8),
    now: market.serverNow,
  };
}

function user(): string {
  const id = newId();
  db.insert(users).values({ id, email: `${id}@example.test`, passwordHash: "x", createdAt: 0 }).run();
  return id;
}

/** A rules strategy whose entry holds on every candle (close > 0) and which never exits. */
function alwaysEnter(userId: string, symbols = ["BTC/USDT"], timeframe: MarketTimeframe = "1h") {
  const row = {
    id: newId(),
    userId,
    name: `always ${newId()}`,
    type: "rules",
    symbols,
    timeframe,
    parameters: {
      entry: { combine: "all", conditions: [{ left: { kind: "price", field: "close" }, op: ">", right: { kind: "constant", value: 0 } }] },
      exit: { combine: "all", conditions: [{ left: { kind: "price", field: "close" }, op: "<", right: { kind: "constant", value: 0 } }] },
    },
    risk: { position_size_pct: 100, max_open_trades: 2, stop_loss_pct: 5, take_profit_pct: 10, trailing_stop_pct: null, allow_short: false },
    enabled: true,
    version: 1,
    createdAt: 0,
    updatedAt: 0,
  };
  db.insert(strategies).values(row).run();
  return db.select().from(strategies).all().find((s) => s.id === row.id)!;
}

const ordersOf = (strategyId: string) =>
  db.$client.prepare("SELECT id, side, type, owner, client_order_id, status, oco_group FROM paper_orders WHERE owner = ? ORDER BY created_at").all(strategyId) as {
    id: string;
    side: string;
    type: string;
    owner: string;
    client_order_id: string | null;
    status: string;
    oco_group: string | null;
  }[];
const evaluationsOf = (strategyId: string) => db.select().from(botEvaluations).all().filter((e) => e.strategyId === strategyId);

// 10 minutes after an hour's close: the hour just closed is fresh (≤ 15 min, ≤ 25% of 1h).
const FRESH_CLOCK = Date.UTC(2026, 10, 20, 12, 10);

describe("runBot", () => {
  it("trades the newest fresh candle once: a market buy carrying the strategy id and the candle key, its protections as an OCO pair", async () => {
    const strategy = alwaysEnter(user());
    const latest = latestClosedOpen(FRESH_CLOCK, HOUR);
    const result = await runBot(deps(db, simulatedMarket(() => FRESH_CLOCK), "runner-a"), strategy);
    expect(result).toEqual({ evaluated: 1, ordered: 1 });

    const key = botOrderKey(strategy.id, "BTC/USDT", "1h", latest);
    const orders = ordersOf(strategy.id);
    const entry = orders.find((o) => o.client_order_id === key);
    expect(entry).toMatchObject({ side: "buy", type: "market", status: "filled", owner: strategy.id });
    const legs = orders.filter((o) => o.side === "sell");
    expect(legs).toHaveLength(2);
    expect(new Set(legs.map((l) => l.oco_group)).size).toBe(1);

    const [evaluation] = evaluationsOf(strategy.id);
    expect(evaluation).toMatchObject({ outcome: "ordered", action: "enter_long", orderId: entry!.id, idempotencyKey: key, openTime: latest, evaluatedBy: "runner-a" });
    // The account cap (10%) cut the strategy's 100%: the log says which rule resized it.
    expect(evaluation.reason).toMatch(/max_position_size_pct/);

    // The same candle again (a later tick): nothing new.
    const again = await runBot(deps(db, simulatedMarket(() => FRESH_CLOCK + MINUTE), "runner-a"), strategy);
    expect(again.evaluated).toBe(0);
    expect(ordersOf(strategy.id).filter((o) => o.side === "buy")).toHaveLength(1);
  });

  it("two runners forced onto the same candle (the lease lapsed mid-tick) produce exactly one order, and both attempts are logged", async () => {
    const strategy = alwaysEnter(user(), ["ETH/USDT"]);
    const latest = latestClosedOpen(FRESH_CLOCK, HOUR);
    // Runner B reads its quote only after runner A has committed: it decided before A's row existed.
    let releaseB!: () => void;
    const aDone = new Promise<void>((resolve) => (releaseB = resolve));
    const a = capture();
    const b = capture();
    const runA = runBot(deps(db, simulatedMarket(() => FRESH_CLOCK), "runner-a", a.log), strategy).finally(releaseB);
    const runB = runBot(deps(otherDb, simulatedMarket(() => FRESH_CLOCK, { beforeQuote: () => aDone }), "runner-b", b.log), strategy);
    const [ra, rb] = await Promise.all([runA, runB]);

    expect(ra.ordered + rb.ordered).toBe(1);
    const key = botOrderKey(strategy.id, "ETH/USDT", "1h", latest);
    expect(ordersOf(strategy.id).filter((o) => o.client_order_id === key)).toHaveLength(1);
    expect(ordersOf(strategy.id).filter((o) => o.side === "buy")).toHaveLength(1);
    expect(evaluationsOf(strategy.id)).toHaveLength(1);
    expect(a.lines.some((l) => l.msg === "bot evaluated candle" && l.outcome === "ordered")).toBe(true);
    expect(b.lines.some((l) => /another runner first|already evaluated/.test(String(l.msg)))).toBe(true);
  });

  it("after downtime, missed candles advance the state and are logged skipped_stale; a stale newest candle places no order", async () => {
    const strategy = alwaysEnter(user(), ["SOL/USDT"]);
    // The server was down for five hours; it restarts 40 minutes after the newest close (> 25% of 1h).
    const restart = Date.UTC(2026, 10, 20, 12, 40);
    const latest = latestClosedOpen(restart, HOUR);
    db.insert(botStates).values({ strategyId: strategy.id, userId: strategy.userId, status: "running", enabledAt: 0, lastCandleTime: latest - 5 * HOUR, updatedAt: 0 }).run();

    const result = await runBot(deps(db, simulatedMarket(() => restart), "runner-a"), strategy);
    expect(result).toMatchObject({ evaluated: 5, ordered: 0 });
    const rows = evaluationsOf(strategy.id).sort((x, y) => x.openTime - y.openTime);
    expect(rows.map((r) => r.openTime)).toEqual([4, 3, 2, 1, 0].map((k) => latest - k * HOUR));
    expect(rows.every((r) => r.outcome === "skipped_stale" && r.orderId === null)).toBe(true);
    expect(ordersOf(strategy.id)).toHaveLength(0);
    expect(db.select().from(botStates).all().find((s) => s.strategyId === strategy.id)?.lastCandleTime).toBe(latest);
  });

  it("only the newest closed candle trades after downtime, when it is still fresh", async () => {
    const strategy = alwaysEnter(user(), ["ADA/USDT"]);
    const latest = latestClosedOpen(FRESH_CLOCK, HOUR);
    db.insert(botStates).values({ strategyId: strategy.id, userId: strategy.userId, status: "running", enabledAt: 0, lastCandleTime: latest - 3 * HOUR, updatedAt: 0 }).run();
    await runBot(deps(db, simulatedMarket(() => FRESH_CLOCK), "runner-a"), strategy);
    const rows = evaluationsOf(strategy.id).sort((x, y) => x.openTime - y.openTime);
    expect(rows.map((r) => r.outcome)).toEqual(["skipped_stale", "skipped_stale", "ordered"]);
    expect(ordersOf(strategy.id).filter((o) => o.side === "buy").map((o) => o.client_order_id)).toEqual([botOrderKey(strategy.id, "ADA/USDT", "1h", latest)]);
  });

  it("a paused bot does nothing; one paused for an unavailable source resumes by itself", async () => {
    const strategy = alwaysEnter(user(), ["DOT/USDT"]);
    db.insert(botStates).values({ strategyId: strategy.id, userId: strategy.userId, status: "paused", pausedReason: "user", enabledAt: 0, updatedAt: 0 }).run();
    expect((await runBot(deps(db, simulatedMarket(() => FRESH_CLOCK), "runner-a"), strategy)).evaluated).toBe(0);

    const down = { ...simulatedMarket(() => FRESH_CLOCK), unavailable: () => true };
    db.update(botStates).set({ status: "running", pausedReason: null }).run();
    await runBot(deps(db, down, "runner-a"), strategy);
    expect(db.select().from(botStates).all().find((s) => s.strategyId === strategy.id)).toMatchObject({ status: "paused", pausedReason: "market_unavailable" });
    expect(ordersOf(strategy.id)).toHaveLength(0);

    await runBot(deps(db, simulatedMarket(() => FRESH_CLOCK), "runner-a"), strategy);
    expect(db.select().from(botStates).all().find((s) => s.strategyId === strategy.id)).toMatchObject({ status: "running", pausedReason: null });
    expect(ordersOf(strategy.id).filter((o) => o.side === "buy")).toHaveLength(1);
  });
});

describe("bot outcomes", () => {
  it("an order that fails for another reason is recorded as error for its candle, shown on the bot, and the bot moves on", async () => {
    const strategy = alwaysEnter(user(), ["POL/USDT"]);
    const latest = latestClosedOpen(FRESH_CLOCK, HOUR);
    await runBot(deps(db, simulatedMarket(() => FRESH_CLOCK, { brokenQuote: "POL/USDT" }), "runner-a"), strategy);
    expect(evaluationsOf(strategy.id)).toMatchObject([{ outcome: "error", action: "enter_long", openTime: latest, reason: expect.stringMatching(/ticker broke/) }]);
    expect(db.select().from(botStates).all().find((s) => s.strategyId === strategy.id)).toMatchObject({ lastCandleTime: latest, lastError: expect.stringMatching(/POL\/USDT: .*ticker broke/) });
    expect(ordersOf(strategy.id)).toHaveLength(0);
  });

  it("a disabled strategy stops entering but still exits its own trade on its signal", async () => {
    const userId = user();
    const row = alwaysEnter(userId, ["ETH/USDT"]);
    // Exit on every candle too: a held position exits, a flat one enters (never both in one candle).
    const parameters = { ...(row.parameters as Record<string, unknown>), exit: { combine: "all", conditions: [{ left: { kind: "price", field: "close" }, op: ">", right: { kind: "constant", value: 0 } }] } };
    db.update(strategies).set({ parameters }).where(eq(strategies.id, row.id)).run();
    const strategy = () => db.select().from(strategies).all().find((s) => s.id === row.id)!;

    await runBot(deps(db, simulatedMarket(() => FRESH_CLOCK), "runner-a"), strategy());
    expect(ordersOf(row.id).filter((o) => o.side === "buy" && o.type === "market")).toHaveLength(1);

    db.update(strategies).set({ enabled: false }).where(eq(strategies.id, row.id)).run();
    expect(listRunnableStrategies(db).some((s) => s.id === row.id)).toBe(true);
    await runBot(deps(db, simulatedMarket(() => FRESH_CLOCK + HOUR), "runner-a"), strategy());
    const sells = ordersOf(row.id).filter((o) => o.side === "sell" && o.type === "market");
    expect(sells).toHaveLength(1);
    expect(sells[0].client_order_id).toBe(botOrderKey(row.id, "ETH/USDT", "1h", latestClosedOpen(FRESH_CLOCK + HOUR, HOUR)));

    // Flat and disabled: no longer a bot to run, and it never bought again.
    expect(listRunnableStrategies(db).some((s) => s.id === row.id)).toBe(false);
    await runBot(deps(db, simulatedMarket(() => FRESH_CLOCK + 2 * HOUR), "runner-a"), strategy());
    expect(ordersOf(row.id).filter((o) => o.side === "buy" && o.type === "market")).toHaveLength(1);
  });
});

describe("dca bots", () => {
  it("buy their fixed amount and keep one take-profit for the whole position, re-placed after every buy, up to max_buys", async () => {
    const userId = user();
    const id = newId();
    db.insert(strategies)
      .values({ id, userId, name: `dca ${id}`, type: "dca", symbols: ["AVAX/USDT"], timeframe: "1h", parameters: { quote_amount: 50, interval_candles: 1, take_profit_pct: 3, max_buys: 2 }, risk: { position_size_pct: 100, max_open_trades: 1, stop_loss_pct: null, take_profit_pct: null, trailing_stop_pct: null, allow_short: false }, enabled: true, version: 1, createdAt: 0, updatedAt: 0 })
      .run();
    const strategy = db.select().from(strategies).all().find((s) => s.id === id)!;
    for (const hours of [0, 1, 2]) await runBot(deps(db, simulatedMarket(() => FRESH_CLOCK + hours * HOUR), "runner-a"), strategy);

    const orders = ordersOf(id);
    expect(orders.filter((o) => o.side === "buy" && o.status === "filled")).toHaveLength(2);
    const targets = orders.filter((o) => o.side === "sell" && o.type === "limit");
    // The first target was canceled when the second buy replaced it.
    expect(targets.map((t) => t.status)).toEqual(["canceled", "open"]);
    const outcomes = evaluationsOf(id).sort((a, b) => a.openTime - b.openTime).map((e) => e.outcome);
    expect(outcomes).toEqual(["ordered", "ordered", "rejected"]);
    expect(evaluationsOf(id).find((e) => e.outcome === "rejected")?.reason).toMatch(/max_buys \(2\)/);
  });
});

describe("grid bots", () => {
  it("rest a limit buy at every level below the price once, keyed per level, and add nothing while they rest", async () => {
    const userId = user();
    const provider = createSimulatedProvider(7, () => FRESH_CLOCK);
    const price = (await provider.ticker("DOGE/USDT")).price;
    const id = newId();
    const parameters = { lower_price: price * 0.9, upper_price: price * 1.1, levels: 5, spacing: "arithmetic", quote_per_level: 50 };
    db.insert(strategies)
      .values({ id, userId, name: `grid ${id}`, type: "grid", symbols: ["DOGE/USDT"], timeframe: "1h", parameters, risk: { position_size_pct: 100, max_open_trades: 1, stop_loss_pct: null, take_profit_pct: null, trailing_stop_pct: null, allow_short: false }, enabled: true, version: 1, createdAt: 0, updatedAt: 0 })
      .run();
    const strategy = db.select().from(strategies).all().find((s) => s.id === id)!;
    const latest = latestClosedOpen(FRESH_CLOCK, HOUR);
    await runBot(deps(db, simulatedMarket(() => FRESH_CLOCK), "runner-a"), strategy);

    const buys = ordersOf(id);
    // The levels on the tick that sit below the bid (the top line only sells).
    const ticker = await provider.ticker("DOGE/USDT");
    const market = tradingMarket((await provider.markets()).find((m) => m.symbol === "DOGE/USDT")!);
    const bid = fromNumber(ticker.bid, 8, "down");
    const below = [...gridLevels({ ...parameters, spacing: "arithmetic" })].slice(0, -1).filter((l) => floorToStepUnits(fromNumber(l, 8, "down"), market.price_tick) < bid).length;
    expect(below).toBeGreaterThanOrEqual(2);
    expect(buys).toHaveLength(below);
    expect(buys.every((o) => o.side === "buy" && o.type === "limit" && o.status === "open")).toBe(true);
    expect(buys.map((o) => o.client_order_id)).toEqual(buys.map((_, i) => `${botOrderKey(id, "DOGE/USDT", "1h", latest)}:grid:${i}:buy`));
    expect(evaluationsOf(id)).toMatchObject([{ outcome: "ordered", action: "grid" }]);

    // The same candle again: nothing. The next candle: a level rests at most one buy, whatever the price did.
    expect((await runBot(deps(db, simulatedMarket(() => FRESH_CLOCK + MINUTE), "runner-a"), strategy)).evaluated).toBe(0);
    expect(ordersOf(id)).toHaveLength(below);
    await runBot(deps(db, simulatedMarket(() => FRESH_CLOCK + HOUR), "runner-a"), strategy);
    const levelsWithBuys = ordersOf(id).map((o) => /:grid:(\d+):buy$/.exec(o.client_order_id ?? "")?.[1]);
    expect(new Set(levelsWithBuys).size).toBe(levelsWithBuys.length);
    expect(evaluationsOf(id)).toHaveLength(2);
  });

  it("sell a filled level one level up, and buy a level again after its sell filled", () => {
    const levels = [BigInt(90), BigInt(95), BigInt(100), BigInt(105), BigInt(110)];
    const order = (side: "buy" | "sell", status: string, filled = BigInt(0)) => ({ id: "x", side, status, filled, client_order_id: null }) as never;
    const steps = nextGridSteps(levels, new Map([[0, order("buy", "filled", BigInt(1234))], [1, order("buy", "open")], [2, order("sell", "filled")], [3, order("sell", "open")]]), BigInt(102), BigInt(10));
    expect(steps).toEqual([
      { level: 0, side: "sell", price: BigInt(95), amount: BigInt(1230) },
      { level: 2, side: "buy", price: BigInt(100) },
    ]);
    // Above the price a level waits: a buy there would not rest.
    expect(nextGridSteps(levels, new Map(), BigInt(96), BigInt(1)).map((s) => s?.level)).toEqual([0, 1]);
  });
});

describe("startBotRunner", () => {
  it("one user's failing bot does not stop another's, and only the lease holder runs bots", async () => {
    // Start from a database where only these two bots are enabled.
    db.update(strategies).set({ enabled: false }).run();
    const failing = alwaysEnter(user(), ["XRP/USDT"]);
    const healthy = alwaysEnter(user(), ["BNB/USDT"]);
    const market = simulatedMarket(() => FRESH_CLOCK, { failSymbol: "XRP/USDT" });

    const holder = startBotRunner({ ...deps(db, market, "holder"), now: () => FRESH_CLOCK }, { ttlMs: 30_000, tickMs: 3_600_000 });
    const other = startBotRunner({ ...deps(otherDb, market, "other"), now: () => FRESH_CLOCK }, { ttlMs: 30_000, tickMs: 3_600_000 });
    try {
      await holder.tick();
      await other.tick();
    } finally {
      await holder.stop();
      await other.stop();
    }
    expect(ordersOf(healthy.id).filter((o) => o.side === "buy")).toHaveLength(1);
    expect(evaluationsOf(healthy.id).map((e) => e.evaluatedBy)).toEqual(["holder"]);
    expect(ordersOf(failing.id)).toHaveLength(0);
    expect(db.select().from(botStates).all().find((s) => s.strategyId === failing.id)?.lastError).toMatch(/XRP\/USDT feed broke/);
  });
});
