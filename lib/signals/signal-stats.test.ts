import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { candlesFrom, randomWalk, HOUR, T0, type Bar } from "@/lib/backtest/test-support";
import { writeCandles } from "@/lib/market/candle-store";
import { closeTempDatabases, tempDatabase } from "@/lib/market/candle-store/test-support";
import { SIGNAL_WINDOW } from "./candle-signals";
import { generateSignal, type GeneratedSignal } from "./generate";
import { recordSignal } from "./signal-store";
import { signalStats } from "./signal-stats";

const SIM = "simulated:v1:7";
const MIN = 60_000;
const NOW = T0 + 1_000 * HOUR;
let db: Db;

beforeEach(() => {
  db = tempDatabase();
});
afterAll(() => closeTempDatabases());

const template = generateSignal({ candles: randomWalk(SIGNAL_WINDOW, { seed: 5 }), timeframe: "1h", fearGreed: null, priceTick: 0.01 });

/** A recorded buy or sell at candle `i` (from T0) with fixed levels, as the recorder would store it. */
function record(symbol: string, i: number, over: Partial<GeneratedSignal> = {}, source = SIM) {
  const g: GeneratedSignal = {
    ...template,
    signal: "buy",
    confidence: 0.3,
    score: 0.3,
    entry_price: 100,
    stop_loss: 95,
    take_profit: 110,
    reward_risk_ratio: 2,
    degraded: false,
    candle_time: T0 + i * HOUR,
    ...over,
  };
  recordSignal(db, { source, symbol, signal: g });
}

function store(symbol: string, bars: readonly (Bar | number)[], timeframe = "1h", start = T0, step = HOUR, source = SIM) {
  writeCandles(db, { source, symbol, timeframe, candles: candlesFrom(bars, start, step), now: NOW });
}

const FLAT: Bar = [100, 101, 99, 100];
const stats = (symbols: string[]) => signalStats(db, { symbols, timeframe: "1h", scoreCandles: 3, now: NOW });
const band = (g: ReturnType<typeof stats>[number], label = "0.25-0.40") => g.bands.find((b) => b.band === label)!;

describe("signalStats", () => {
  it("a candle reaching both levels is a stop without stored 1m candles", () => {
    record("BTC/USDT", 0);
    store("BTC/USDT", [FLAT, [100, 111, 94, 100], FLAT, FLAT]);
    const [g] = stats(["BTC/USDT"]);
    expect(band(g)).toMatchObject({ count: 1, wins: 0, losses: 1, hit_rate: 0, mean_r: -1 });
  });

  it("the same candle is decided by the stored 1m candles when they exist", () => {
    record("BTC/USDT", 0);
    store("BTC/USDT", [FLAT, [100, 111, 94, 100], FLAT, FLAT]);
    // Inside hour 1 the target is reached in its second minute, the stop only later.
    store("BTC/USDT", [[100, 105, 99, 104], [104, 111, 103, 110], [110, 110, 94, 95]], "1m", T0 + HOUR, MIN);
    const [g] = stats(["BTC/USDT"]);
    expect(band(g)).toMatchObject({ count: 1, wins: 1, losses: 0, hit_rate: 1 });
    expect(band(g).mean_r).toBeCloseTo(2, 12);
  });

  it("expired signals stay in the denominator with their close-out R; pending ones are left out", () => {
    record("ETH/USDT", 0);
    record("ETH/USDT", 1, { signal: "sell", stop_loss: 105, take_profit: 90 });
    // Entries at 100; three candles reach neither level; the last closes at 102.
    record("ETH/USDT", 3); // only one candle after it: pending
    store("ETH/USDT", [FLAT, FLAT, FLAT, [100, 103, 99, 102], FLAT]);
    const [g] = stats(["ETH/USDT"]);
    const b = band(g);
    expect(b).toMatchObject({ count: 2, wins: 0, losses: 0, expired: 2, hit_rate: 0, insufficient_data: true });
    expect(g.pending).toBe(1);
    // Buy: (102 − 100)/5 after 3 candles; sell entered at candle 2's open 100, closed at candle 4's 100: 0.
    expect(b.mean_r).toBeCloseTo((2 / 5 + 0) / 2, 12);
    expect(b.hit_rate_ci95?.low).toBe(0);
    expect(b.hit_rate_ci95?.high).toBeGreaterThan(0.5);
    expect(b.break_even_hit_rate).toBeCloseTo(1 / 3, 12);
  });

  it("counts an episode once, leaves degraded signals out and never pools sources", () => {
    record("BTC/USDT", 0);
    record("BTC/USDT", 1); // same direction while the first is open
    record("BTC/USDT", 2, { degraded: true, confidence: 0.6 });
    record("BTC/USDT", 0, { signal: "sell", stop_loss: 105, take_profit: 90 }, "exchange:binance");
    store("BTC/USDT", [FLAT, FLAT, [100, 111, 99, 110], FLAT, FLAT, FLAT]);
    store("BTC/USDT", [FLAT, FLAT, [100, 111, 99, 110], FLAT], "1h", T0, HOUR, "exchange:binance");
    const groups = stats(["BTC/USDT"]);
    expect(groups.map((g) => g.source).sort()).toEqual(["exchange:binance", SIM]);
    const sim = groups.find((g) => g.source === SIM)!;
    expect(sim).toMatchObject({ overlapping: 1, degraded: 1 });
    expect(band(sim)).toMatchObject({ count: 1, wins: 1 });
    expect(band(sim, "0.55-1.00").count).toBe(0);
    const ex = groups.find((g) => g.source === "exchange:binance")!;
    expect(band(ex)).toMatchObject({ count: 1, losses: 1 });
  });

  it("gives each band a baseline of the same distances entered at every candle", () => {
    record("SOL/USDT", 0);
    // A steady climb of 10 per candle: with a 5 % stop and a 10 % target every entry reaches the target.
    const bars: Bar[] = Array.from({ length: 12 }, (_, i) => [100 + 10 * i, 110 + 10 * i, 99 + 10 * i, 110 + 10 * i]);
    store("SOL/USDT", bars);
    const [g] = stats(["SOL/USDT"]);
    const b = band(g);
    expect(b.baseline).not.toBeNull();
    expect(b.baseline!.count).toBeGreaterThan(5);
    expect(b.baseline!.hit_rate).toBe(1);
    expect(b.insufficient_data).toBe(true);
  });
});
