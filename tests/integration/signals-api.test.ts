/**
 * /api/v1/trading/signals over HTTP (simulated market): the caller's default pairs answer their
 * recorded signal on the newest closed candle, an untracked pair is computed and not recorded, the
 * reason lines add up exactly to the score, bad input is a 422 per field, unknown symbols a 404;
 * and two server processes on one database answer the identical signal for the same candle.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { apiClient } from "../support/api-client";
import { readSse } from "../support/sse-reader";
import { startTestServer, type TestServer } from "../support/test-server";

const HOUR = 3_600_000;
const api = apiClient(inject("baseUrl"));

type Reason = { input: string; value: number | null; threshold: { buy: number; sell: number } | null; vote: number; weight: number; contribution: number; text: string };
type Signal = {
  symbol: string;
  signal: "buy" | "sell" | "hold";
  confidence: number;
  score: number;
  entry_price: number;
  stop_loss: number | null;
  take_profit: number | null;
  reward_risk_ratio: number | null;
  timeframe: string;
  candle_time: number;
  indicators: Record<string, number | null>;
  reasons: Reason[];
  degraded: boolean;
  algorithm: string;
  source: string;
  recorded: boolean;
};

let token: string;
/** `t` null: no credentials at all. */
const get = <T = any>(p: string, t: string | null = token, base = api) => base.request<T>("GET", `/api/v1/trading/signals${p}`, { token: t ?? undefined });

beforeAll(async () => {
  token = (await api.newUser("signals")).tokens.access_token;
});

function readRows(databasePath: string, symbol: string, timeframe: string): { candle_time: number; signal: string }[] {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT candle_time, signal FROM signals WHERE symbol = ? AND timeframe = ? ORDER BY candle_time").all(symbol, timeframe) as { candle_time: number; signal: string }[];
  } finally {
    db.close();
  }
}

/** The checks every signal must pass, whatever the market did. */
function expectWellFormed(s: Signal, tick: number) {
  // The reason lines, summed in their order, are exactly the score; confidence is its magnitude.
  let sum = 0;
  for (const r of s.reasons) {
    expect(r.contribution).toBe(r.weight * r.vote + 0);
    expect(Math.abs(r.vote)).toBeLessThanOrEqual(1);
    sum += r.contribution;
  }
  expect(sum).toBe(s.score);
  expect(s.confidence).toBe(Math.abs(s.score));
  expect(s.reasons.reduce((w, r) => w + r.weight, 0)).toBeCloseTo(1, 12);
  expect(s.reasons.map((r) => r.input)).toEqual(["rsi", "macd", "bollinger", "ema_trend", "volume", "fear_greed"]);
  expect(s.signal).toBe(s.score >= 0.25 ? "buy" : s.score <= -0.25 ? "sell" : "hold");
  expect(s.entry_price).toBe(s.indicators.close);
  if (s.signal === "hold") {
    expect([s.stop_loss, s.take_profit]).toEqual([null, null]);
  } else if (s.stop_loss !== null && s.take_profit !== null) {
    const side = s.signal === "buy" ? 1 : -1;
    expect(side * (s.entry_price - s.stop_loss)).toBeGreaterThan(0);
    expect(side * (s.take_profit - s.entry_price)).toBeGreaterThan(0);
    for (const level of [s.stop_loss, s.take_profit]) expect(Math.abs(level / tick - Math.round(level / tick))).toBeLessThan(1e-6);
    expect(s.reward_risk_ratio).toBeCloseTo(Math.abs(s.take_profit - s.entry_price) / Math.abs(s.entry_price - s.stop_loss), 12);
  }
  const fg = s.reasons.find((r) => r.input === "fear_greed")!;
  expect(s.degraded).toBe(fg.value === null);
}

describe("GET /api/v1/trading/signals", () => {
  it("answers the default pairs' recorded signals on the newest closed candle", async () => {
    const res = await get("");
    expect(res.status).toBe(200);
    expect(res.body.source).toMatch(/^simulated:/);
    expect(res.body.timeframe).toBe("1h");
    const items = res.body.items as Signal[];
    expect(items.map((s) => s.symbol)).toEqual(["BTC/USDT", "ETH/USDT"]);
    const answeredAt = Date.now();
    for (const s of items) {
      expect(s).toMatchObject({ timeframe: "1h", algorithm: "signals-v1", recorded: true, source: res.body.source });
      // A closed candle (never the forming one), and the newest or, across an hour boundary, the one before.
      expect(s.candle_time % HOUR).toBe(0);
      expect(s.candle_time + HOUR).toBeLessThanOrEqual(answeredAt);
      expect(s.candle_time).toBeGreaterThanOrEqual(Math.floor(answeredAt / HOUR) * HOUR - 2 * HOUR);
      expectWellFormed(s, 0.01);
    }
    // The entry is the close of that very candle as the candle endpoint serves it.
    const btc = items[0];
    const candles = await api.request<any>("GET", `/api/v1/market/candles/BTC-USDT?timeframe=1h&limit=5`, { token });
    const candle = (candles.body.items as { open_time: number; close: number }[]).find((c) => c.open_time === btc.candle_time);
    expect(candle?.close).toBe(btc.entry_price);
    // Recorded once in the database, under the answer's key.
    expect(readRows(inject("databasePath"), "BTC/USDT", "1h").some((r) => r.candle_time === btc.candle_time && r.signal === btc.signal)).toBe(true);
  });

  it("answers one symbol in either spelling, equal to the list's item", async () => {
    const list = (await get("?symbols=BTC/USDT")).body.items[0] as Signal;
    const dash = await get("/BTC-USDT");
    const encoded = await get("/BTC%2FUSDT?timeframe=1h");
    expect(dash.status).toBe(200);
    expect(encoded.status).toBe(200);
    let compared = 0;
    for (const one of [dash.body, encoded.body]) {
      const { stale, as_of, ...signal } = one;
      expect(typeof stale).toBe("boolean");
      expect(as_of).toBeGreaterThan(0);
      expect(signal.candle_time - list.candle_time).toBeLessThanOrEqual(HOUR);
      // Only an hour boundary between the requests may change the candle.
      if (signal.candle_time === list.candle_time) {
        expect(signal).toEqual(list);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(0);
  });

  it("computes an untracked pair on the fly without recording it", async () => {
    const res = await get("/DOT-USDT?timeframe=2h");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ symbol: "DOT/USDT", timeframe: "2h", recorded: false });
    expectWellFormed(res.body, 0.001);
    expect(readRows(inject("databasePath"), "DOT/USDT", "2h")).toEqual([]);
  });

  it("an unknown symbol is 404 symbol_not_found in the error envelope", async () => {
    for (const p of ["/NOPE-USDT", "/NOPE%2FUSDT", "/NOTASYMBOL"]) {
      const res = await get(p);
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({ code: "symbol_not_found" });
      expect(typeof res.body.error.request_id).toBe("string");
    }
  });

  it("rejects bad symbols and timeframes with a 422 per field", async () => {
    const tf = await get("?timeframe=7m");
    expect(tf.status).toBe(422);
    expect(Object.keys(tf.body.error.fields)).toEqual(["timeframe"]);
    const oneTf = await get("/BTC-USDT?timeframe=1w");
    expect(oneTf.status).toBe(422);
    expect(Object.keys(oneTf.body.error.fields)).toEqual(["timeframe"]);

    const many = Array.from({ length: 21 }, () => "BTC/USDT").join(",");
    const tooMany = await get(`?symbols=${encodeURIComponent(many)}`);
    expect(tooMany.status).toBe(422);
    expect(Object.keys(tooMany.body.error.fields)).toEqual(["symbols"]);

    const malformed = await get("?symbols=BTC/USDT,not-a+pair");
    expect(malformed.status).toBe(422);
    expect(Object.keys(malformed.body.error.fields)).toEqual(["symbols.1"]);

    const unknown = await get("?symbols=FOO/USDT");
    expect(unknown.status).toBe(422);
    expect(Object.keys(unknown.body.error.fields)).toEqual(["symbols.0"]);

    const stats = await get("/stats?symbols=FOO/USDT&timeframe=1h");
    expect(stats.status).toBe(422);

    const extra = await get("?limit=3");
    expect(extra.status).toBe(422);
  });

  it("requires authentication", async () => {
    for (const p of ["", "/BTC-USDT", "/stats"]) {
      const res = await get(p, null);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("unauthenticated");
    }
  });

  it("stats: per symbol, source and algorithm, every confidence band, insufficient data under 30", async () => {
    await get(""); // makes sure the default pairs have a recorded signal
    const res = await get("/stats");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ symbols: ["BTC/USDT", "ETH/USDT"], timeframe: "1h", score_candles: 24 });
    for (const g of res.body.items) {
      expect(["BTC/USDT", "ETH/USDT"]).toContain(g.symbol);
      expect(g).toMatchObject({ timeframe: "1h", algorithm: "signals-v1" });
      expect(g.bands.map((b: { band: string }) => b.band)).toEqual(["0.25-0.40", "0.40-0.55", "0.55-1.00"]);
      for (const b of g.bands) {
        expect(b.count).toBe(b.wins + b.losses + b.expired);
        expect(b.insufficient_data).toBe(b.count < 30);
        if (b.count === 0) expect([b.hit_rate, b.hit_rate_ci95, b.mean_r]).toEqual([null, null, null]);
        else expect(b.hit_rate).toBe(b.wins / b.count);
      }
    }
  });
});

describe("signal.changed", () => {
  it("is pushed to a user who tracks a pair when its recorded direction changes", async () => {
    // Not across an hour boundary: the candle must stay the same from the first look to the recording.
    const untilNextHour = HOUR - (Date.now() % HOUR);
    if (untilNextHour < 90_000) await new Promise((r) => setTimeout(r, untilNextHour + 5_000));
    const { tokens } = await api.newUser("changed");
    const t = tokens.access_token;

    // Untracked first: what the newest candle says, computed and not recorded.
    const probe = await get("/POL-USDT?timeframe=1h", t);
    expect(probe.status).toBe(200);
    expect(probe.body.recorded).toBe(false);
    const { candle_time: candle, signal: now, source } = probe.body as Signal;
    const before = now === "buy" ? "sell" : "buy";

    // The candle before it was recorded with the other direction.
    const db = new Database(inject("databasePath"));
    try {
      db.pragma("busy_timeout = 5000");
      db.prepare(
        `INSERT INTO signals (source, symbol, timeframe, candle_time, algorithm, signal, confidence, entry_price, degraded, detail, created_at)
         VALUES (?, 'POL/USDT', '1h', ?, 'signals-v1', ?, 0.5, 1, 0, '{}', ?)`,
      ).run(source, candle - HOUR, before, Date.now());
    } finally {
      db.close();
    }

    const abort = new AbortController();
    try {
      const response = await fetch(`${inject("baseUrl")}/api/v1/stream?topics=signal.changed`, { headers: { authorization: `Bearer ${t}` }, signal: abort.signal });
      expect(response.status).toBe(200);
      const stream = readSse(response, "signal stream");
      await stream.readUntil((text) => text.startsWith("retry: 3000\n\n"));

      // Tracking it (a default pair) makes the next read record it.
      const saved = await api.request("PUT", "/api/v1/settings", { token: t, body: { trading: { default_pairs: ["POL/USDT"] } } });
      expect(saved.status).toBe(200);
      const list = await get("", t);
      expect(list.status).toBe(200);
      expect(list.body.items).toHaveLength(1);
      expect(list.body.items[0]).toMatchObject({ symbol: "POL/USDT", candle_time: candle, signal: now, recorded: true });

      const text = await stream.readUntil((x) => x.includes("event: signal.changed"), 10_000);
      const data = JSON.parse(/event: signal\.changed\ndata: (.*)\n/.exec(text)![1]);
      expect(data).toMatchObject({ symbol: "POL/USDT", timeframe: "1h", signal: now, previous_signal: before, candle_time: candle, source });
    } finally {
      abort.abort();
    }
  });
});

describe("two processes on one database", () => {
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    a = await startTestServer({ env: { RATE_LIMIT_SCALE: "1000" } });
    b = await startTestServer({ env: { RATE_LIMIT_SCALE: "1000" }, databasePath: a.databasePath });
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    if (a) fs.rmSync(path.dirname(a.databasePath), { recursive: true, force: true });
  });

  it("answer the identical signal for the same symbol, timeframe and candle", async () => {
    const clientA = apiClient(a.url);
    const clientB = apiClient(b.url);
    // Sessions live in the shared database: one token works against both processes.
    const t = (await clientA.newUser("two")).tokens.access_token;
    for (let attempt = 0; attempt < 3; attempt++) {
      // Asked at the same moment, so both processes may compute the candle; one row wins for both.
      const [ra, rb] = await Promise.all([get("?symbols=BTC/USDT,ETH/USDT", t, clientA), get("?symbols=BTC/USDT,ETH/USDT", t, clientB)]);
      expect(ra.status).toBe(200);
      expect(rb.status).toBe(200);
      const sa = ra.body.items as Signal[];
      const sb = rb.body.items as Signal[];
      // An hour boundary between the two answers changes the candle: ask again.
      if (sa.some((s, i) => s.candle_time !== sb[i]?.candle_time)) continue;
      expect(sa).toHaveLength(2);
      expect(sb).toEqual(sa);
      for (const s of sa) expect(readRows(a.databasePath, s.symbol, "1h").filter((r) => r.candle_time === s.candle_time)).toHaveLength(1);
      return;
    }
    throw new Error("the two processes never answered for the same candle");
  });

  it("compute the identical untracked signal from the shared candle store", async () => {
    const t = (await apiClient(a.url).newUser("two-untracked")).tokens.access_token;
    for (let attempt = 0; attempt < 3; attempt++) {
      const [ra, rb] = await Promise.all([get("/AVAX-USDT?timeframe=2h", t, apiClient(a.url)), get("/AVAX-USDT?timeframe=2h", t, apiClient(b.url))]);
      expect(ra.status).toBe(200);
      expect(rb.status).toBe(200);
      if (ra.body.candle_time !== rb.body.candle_time) continue;
      const strip = ({ stale: _s, as_of: _a, ...signal }: Record<string, unknown>) => signal;
      expect(ra.body.recorded).toBe(false);
      expect(strip(rb.body)).toEqual(strip(ra.body));
      return;
    }
    throw new Error("the two processes never answered for the same candle");
  });
});
