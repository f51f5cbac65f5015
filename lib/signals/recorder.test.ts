import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { events, signals, strategies, userSettings, users } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { pickCandles, randomWalk, sliceCandles, HOUR } from "@/lib/backtest/test-support";
import type { CandleArrays } from "@/lib/market/candle-store";
import { closeTempDatabases, tempDatabase } from "@/lib/market/candle-store/test-support";
import { SIGNAL_WINDOW, type SignalMarket } from "./candle-signals";
import { generateSignal, utcDate, type GeneratedSignal } from "./generate";
import { recordPairSignals, recordTrackedSignals } from "./recorder";
import { readRecordedSignal, recordSignal } from "./signal-store";
import { trackedSignalPairs, type TrackedSignalPair } from "./tracked-pairs";

const SOURCE = "simulated:v1:7";
let db: Db;

beforeEach(() => {
  db = tempDatabase();
});
afterAll(() => closeTempDatabases());

function addUser(opts: { active?: boolean; pairs?: string[] } = {}): string {
  const id = newId();
  db.insert(users).values({ id, email: `${id}@example.test`, passwordHash: "x", isActive: opts.active ?? true, createdAt: Date.now() }).run();
  if (opts.pairs) db.insert(userSettings).values({ userId: id, trading: { default_pairs: opts.pairs }, updatedAt: Date.now() }).run();
  return id;
}

function addStrategy(userId: string, over: { symbols: string[]; timeframe: string; enabled: boolean; deleted?: boolean }) {
  const now = Date.now();
  db.insert(strategies)
    .values({
      id: newId(),
      userId,
      name: newId(),
      type: "ma_cross",
      symbols: over.symbols,
      timeframe: over.timeframe,
      parameters: {},
      risk: {},
      enabled: over.enabled,
      createdAt: now,
      updatedAt: now,
      deletedAt: over.deleted ? now : null,
    })
    .run();
}

/** A market whose candles and Fear & Greed readings are fixed arrays, the way the store would hold them. */
function fixedMarket(candles: CandleArrays, fearGreed: Record<string, number>): SignalMarket & { calls: string[] } {
  const calls: string[] = [];
  return {
    source: SOURCE,
    calls,
    async closedCandles(symbol, _tf, count) {
      if (symbol !== "BTC/USDT") return null;
      const n = candles.openTime.length;
      return { candles: sliceCandles(candles, Math.max(0, n - count)), stale: false, as_of: candles.openTime[n - 1] + HOUR };
    },
    async priceTick(symbol) {
      return symbol === "BTC/USDT" ? 0.01 : null;
    },
    async fearGreedOn(day) {
      calls.push(day);
      return day in fearGreed ? { value: fearGreed[day], date: day, source: "alternative.me" } : null;
    },
  };
}

const count = () => db.select().from(signals).all().length;

describe("trackedSignalPairs", () => {
  it("default pairs of active users at 1h plus enabled, undeleted strategies' symbols at their timeframe", () => {
    const fresh = addUser(); // no settings row: the defaults a new user gets
    const custom = addUser({ pairs: ["sol/usdt", "BTC-USDT"] });
    const inactive = addUser({ active: false, pairs: ["XRP/USDT"] });
    addStrategy(custom, { symbols: ["BTC/USDT", "ADA/USDT"], timeframe: "4h", enabled: true });
    addStrategy(custom, { symbols: ["DOGE/USDT"], timeframe: "1h", enabled: false });
    addStrategy(fresh, { symbols: ["DOT/USDT"], timeframe: "15m", enabled: true, deleted: true });
    addStrategy(inactive, { symbols: ["LTC/USDT"], timeframe: "1h", enabled: true });

    const pairs = trackedSignalPairs(db);
    expect(pairs.map((p) => `${p.symbol}@${p.timeframe}`)).toEqual(["ADA/USDT@4h", "BTC/USDT@1h", "BTC/USDT@4h", "ETH/USDT@1h", "SOL/USDT@1h"]);
    const users = (s: string, tf: string) => pairs.find((p) => p.symbol === s && p.timeframe === tf)?.userIds;
    expect(users("BTC/USDT", "1h")).toEqual([fresh, custom].sort());
    expect(users("ETH/USDT", "1h")).toEqual([fresh]);
    expect(users("BTC/USDT", "4h")).toEqual([custom]);
  });
});

describe("recordPairSignals", () => {
  const candles = randomWalk(SIGNAL_WINDOW + 60, { seed: 3, sigma: 0.02 });
  const n = candles.openTime.length;
  const lastDay = utcDate(candles.openTime[n - 1]);
  const pair = (userIds: string[] = []): TrackedSignalPair => ({ symbol: "BTC/USDT", timeframe: "1h", userIds });

  it("records every missing closed candle of the backfill once, each from the window ending at it", async () => {
    const market = fixedMarket(candles, { [lastDay]: 20 });
    const first = await recordPairSignals(db, market, pair(), { backfill: 10 });
    expect(first.recorded).toBe(10);
    expect(count()).toBe(10);

    // The newest one is exactly the pure signal of the last SIGNAL_WINDOW candles.
    const expected = generateSignal({
      candles: sliceCandles(candles, n - SIGNAL_WINDOW),
      timeframe: "1h",
      fearGreed: { value: 20, date: lastDay },
      priceTick: 0.01,
    });
    expect(first.latest).toMatchObject({ signal: expected.signal, confidence: expected.confidence, candle_time: expected.candle_time, recorded: true });
    expect(first.latest?.reasons).toEqual(expected.reasons);
    expect(first.latest?.stop_loss).toBe(expected.stop_loss);

    // A second run (or a second process) finds them recorded and inserts nothing.
    const again = await recordPairSignals(db, market, pair(), { backfill: 10 });
    expect(again.recorded).toBe(0);
    expect(count()).toBe(10);
    expect(again.latest).toEqual(first.latest);

    // A wider backfill fills only what is missing.
    const wider = await recordPairSignals(db, market, pair(), { backfill: 25 });
    expect(wider.recorded).toBe(15);
    expect(count()).toBe(25);
  });

  it("marks a signal degraded when no Fear & Greed reading exists for its candle's date", async () => {
    const r = await recordPairSignals(db, fixedMarket(candles, {}), pair(), { backfill: 1 });
    expect(r.latest?.degraded).toBe(true);
    expect(r.latest?.reasons.find((x) => x.input === "fear_greed")).toMatchObject({ value: null, vote: 0 });
  });

  it("does not record a candle the source did not have (a gap), nor without enough history", async () => {
    const gapAt = n - 3;
    const gapped = pickCandles(candles, Array.from({ length: n }, (_, i) => i).filter((i) => i !== gapAt));
    const r = await recordPairSignals(db, fixedMarket(gapped, {}), pair(), { backfill: 5 });
    expect(r.recorded).toBe(4);
    const times = db.select({ t: signals.candleTime }).from(signals).all().map((x) => x.t);
    expect(times).not.toContain(candles.openTime[gapAt]);

    const short = await recordPairSignals(db, fixedMarket(sliceCandles(candles, n - SIGNAL_WINDOW + 1), {}), pair(), { backfill: 5 });
    expect(short).toMatchObject({ recorded: 0, latest: null, unavailable: "insufficient_history" });
  });

  it("an unlisted symbol is skipped and does not stop the other pairs", async () => {
    const market = fixedMarket(candles, {});
    const results = await recordTrackedSignals(db, market, [{ symbol: "NOPE/USDT", timeframe: "1h", userIds: [] }, pair()], { backfill: 2 });
    expect(results.map((r) => [r.symbol, r.recorded, r.unavailable])).toEqual([
      ["NOPE/USDT", 0, "symbol_not_listed"],
      ["BTC/USDT", 2, null],
    ]);
  });

  it("asks for each day's Fear & Greed once per run", async () => {
    const market = fixedMarket(candles, {});
    await recordTrackedSignals(db, market, [pair(), { ...pair(), timeframe: "1h" }], { backfill: 48 });
    expect(market.calls.length).toBe(new Set(market.calls).size);
  });
});

describe("recordSignal", () => {
  const base = generateSignal({ candles: randomWalk(SIGNAL_WINDOW, { seed: 9 }), timeframe: "1h", fearGreed: null, priceTick: 0.01 });
  const at = (i: number, side: GeneratedSignal["signal"]): GeneratedSignal => ({ ...base, signal: side, candle_time: base.candle_time + i * HOUR });
  const changes = () => db.select().from(events).all().filter((e) => e.topic === "signal.changed");

  it("publishes signal.changed to the tracking users only when the direction differs from the previous one", () => {
    const a = addUser();
    const b = addUser();
    expect(recordSignal(db, { source: SOURCE, symbol: "BTC/USDT", signal: at(0, "buy"), notifyUserIds: [a, b] })).toEqual({ inserted: true, changedFrom: null });
    expect(changes()).toHaveLength(0); // nothing to change from

    expect(recordSignal(db, { source: SOURCE, symbol: "BTC/USDT", signal: at(1, "buy"), notifyUserIds: [a, b] }).changedFrom).toBeNull();
    expect(changes()).toHaveLength(0);

    expect(recordSignal(db, { source: SOURCE, symbol: "BTC/USDT", signal: at(2, "hold"), notifyUserIds: [a, b] })).toEqual({ inserted: true, changedFrom: "buy" });
    const published = changes();
    expect(published.map((e) => e.userId).sort()).toEqual([a, b].sort());
    expect(JSON.parse(published[0].payload)).toMatchObject({ symbol: "BTC/USDT", timeframe: "1h", signal: "hold", previous_signal: "buy", candle_time: at(2, "hold").candle_time });

    // The same candle again (another process): nothing inserted, nothing published.
    expect(recordSignal(db, { source: SOURCE, symbol: "BTC/USDT", signal: at(2, "sell"), notifyUserIds: [a, b] })).toEqual({ inserted: false, changedFrom: null });
    expect(changes()).toHaveLength(2);
    expect(readRecordedSignal(db, { source: SOURCE, symbol: "BTC/USDT", timeframe: "1h", algorithm: base.algorithm_version }, at(2, "hold").candle_time)?.signal).toBe("hold");
  });

  it("keeps sources and algorithms apart: the same candle may be recorded once per source", () => {
    recordSignal(db, { source: SOURCE, symbol: "BTC/USDT", signal: at(0, "buy") });
    expect(recordSignal(db, { source: "exchange:binance", symbol: "BTC/USDT", signal: at(0, "sell") }).inserted).toBe(true);
    expect(recordSignal(db, { source: SOURCE, symbol: "BTC/USDT", signal: { ...at(0, "sell"), algorithm_version: "signals-v2" } }).inserted).toBe(true);
    expect(recordSignal(db, { source: SOURCE, symbol: "BTC/USDT", signal: at(0, "sell") }).inserted).toBe(false);
    expect(count()).toBe(3);
  });
});
