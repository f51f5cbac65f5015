import { beforeAll, describe, expect, inject, it } from "vitest";
import { ema } from "@/lib/indicators";
import { simulatedCandles } from "@/lib/market/simulated";
import { apiClient } from "../support/api-client";
import { readSse } from "../support/sse-reader";

/**
 * The market and sentiment endpoints on the shared server, which runs the simulated market with
 * seed 7 and has no CoinGecko or alternative.me (both refuse at once).
 */

const baseUrl = inject("baseUrl");
const api = apiClient(baseUrl);
const SOURCE = "simulated:v1:7";
const H = 3_600_000;
const VALID_TIMEFRAMES = "1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d";

let token: string;
const get = (path: string, signedIn = true) => api.request("GET", path, signedIn ? { token } : {});

beforeAll(async () => {
  token = (await api.newUser("market")).tokens.access_token;
});

type Candle = { open_time: number; open: number; high: number; low: number; close: number; volume: number };

describe("market symbols and prices", () => {
  it("lists the simulated market's pairs with their filters", async () => {
    const res = await get("/api/v1/market/symbols", false);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ source: SOURCE, stale: false });
    const btc = res.body.items.find((m: { symbol: string }) => m.symbol === "BTC/USDT");
    expect(btc).toEqual({ symbol: "BTC/USDT", base: "BTC", quote: "USDT", price_tick: 0.01, amount_step: 0.00001, min_amount: 0.00001, min_notional: 5 });
    expect(res.body.items.map((m: { symbol: string }) => m.symbol)).toContain("POL/USDT");
  });

  it("prices default to the ten tracked symbols, each with its rolling 24 h figures", async () => {
    const res = await get("/api/v1/market/prices");
    expect(res.status).toBe(200);
    expect(res.body.source).toBe(SOURCE);
    expect(res.body.items.map((p: { symbol: string }) => p.symbol)).toEqual(["BTC/USDT", "ETH/USDT", "BNB/USDT", "SOL/USDT", "XRP/USDT", "ADA/USDT", "DOGE/USDT", "AVAX/USDT", "DOT/USDT", "POL/USDT"]);
    for (const p of res.body.items) {
      expect(p.bid).toBeLessThanOrEqual(p.price);
      expect(p.ask).toBeGreaterThanOrEqual(p.price);
      expect(p.low_24h).toBeLessThanOrEqual(p.high_24h);
      expect(p.change_24h_pct).toBeCloseTo((p.change_24h / (p.price - p.change_24h)) * 100, 2); // Binance rounds the percentage to 3 decimals
    }
  });

  it("answers one symbol in either spelling, and 404 symbol_not_found naming an unknown one", async () => {
    const a = await get("/api/v1/market/price/BTC%2FUSDT");
    const b = await get("/api/v1/market/price/btc-usdt");
    expect(a.status).toBe(200);
    expect(b.body.symbol).toBe("BTC/USDT");
    expect(a.body).toMatchObject({ symbol: "BTC/USDT", source: SOURCE, stale: false });
    const missing = await get("/api/v1/market/price/FOO-USDT");
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("symbol_not_found");
    expect(missing.body.error.message).toContain("FOO/USDT");
    const inList = await get("/api/v1/market/prices?symbols=BTC/USDT,NOPE/USDT");
    expect(inList.status).toBe(404);
    expect(inList.body.error.message).toContain("NOPE/USDT");
    const malformed = await get("/api/v1/market/prices?symbols=BTC");
    expect(malformed.status).toBe(422);
    expect(malformed.body.error.fields["symbols.0"]).toBeDefined();
  });
});

describe("candles", () => {
  it("serves closed candles that satisfy the invariants and equal the generator's", async () => {
    const res = await get("/api/v1/market/candles/ETH%2FUSDT?timeframe=1h&limit=48");
    expect(res.status).toBe(200);
    const { items, as_of } = res.body as { items: Candle[]; as_of: number };
    expect(res.body).toMatchObject({ source: SOURCE, symbol: "ETH/USDT", timeframe: "1h", stale: false, next_cursor: null });
    expect(items).toHaveLength(48);
    items.forEach((c, i) => {
      expect(c.open_time % H).toBe(0);
      if (i > 0) expect(c.open_time).toBe(items[i - 1].open_time + H);
      expect(c.high).toBeGreaterThanOrEqual(Math.max(c.open, c.close));
      expect(c.low).toBeLessThanOrEqual(Math.min(c.open, c.close));
      expect(c.volume).toBeGreaterThanOrEqual(0);
    });
    const last = items[47];
    expect(last.open_time + H).toBeLessThanOrEqual(as_of);
    expect(last.open_time + 2 * H).toBeGreaterThan(as_of);
    // Any process computes the same candles for the same seed.
    const expected = simulatedCandles({ seed: "7", symbol: "ETH/USDT", timeframe: "1h", from: items[0].open_time, to: last.open_time + H, now: as_of });
    expect(items.map((c) => c.close)).toEqual(Array.from(expected.close));
    expect(items.map((c) => c.high)).toEqual(Array.from(expected.high));
  });

  it("pages forward from since with next_cursor", async () => {
    const latest = (await get("/api/v1/market/candles/BTC%2FUSDT?timeframe=4h&limit=10")).body as { items: Candle[] };
    const since = latest.items[0].open_time - 6 * 4 * H;
    const page = await get(`/api/v1/market/candles/BTC%2FUSDT?timeframe=4h&limit=6&since=${since}`);
    expect(page.body.items.map((c: Candle) => c.open_time)).toEqual(Array.from({ length: 6 }, (_, i) => since + i * 4 * H));
    expect(page.body.next_cursor).toBe(since + 6 * 4 * H);
    const next = await get(`/api/v1/market/candles/BTC%2FUSDT?timeframe=4h&limit=3&since=${page.body.next_cursor}`);
    expect(next.body.items[0]).toEqual(latest.items[0]);
  });

  it("anonymous callers read the store only: nothing until a signed-in caller filled it", async () => {
    const anon = await get("/api/v1/market/candles/DOT%2FUSDT?timeframe=6h&limit=20", false);
    expect(anon.status).toBe(200);
    expect(anon.body).toMatchObject({ items: [], stale: true });
    const signed = await get("/api/v1/market/candles/DOT%2FUSDT?timeframe=6h&limit=20");
    expect(signed.body.items).toHaveLength(20);
    const again = await get("/api/v1/market/candles/DOT%2FUSDT?timeframe=6h&limit=20", false);
    expect(again.body).toMatchObject({ items: signed.body.items, stale: false });
  });

  it("rejects a bad timeframe listing the valid ones, and a bad limit or since", async () => {
    const tf = await get("/api/v1/market/candles/BTC%2FUSDT?timeframe=2d");
    expect(tf.status).toBe(422);
    expect(tf.body.error.fields.timeframe[0]).toContain(VALID_TIMEFRAMES);
    expect((await get("/api/v1/market/candles/BTC%2FUSDT?limit=1001")).status).toBe(422);
    expect((await get("/api/v1/market/candles/BTC%2FUSDT?limit=0")).status).toBe(422);
    expect((await get("/api/v1/market/candles/BTC%2FUSDT?since=yesterday")).status).toBe(422);
    expect((await get("/api/v1/market/candles/BTC%2FUSDT?page=2")).status).toBe(422);
    const unknown = await get("/api/v1/market/candles/FOO%2FUSDT");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("symbol_not_found");
  });
});

describe("indicators", () => {
  it("computes on the last closed candle with enough warm-up for EMA 200", async () => {
    const res = await get("/api/v1/market/indicators/SOL%2FUSDT?timeframe=15m");
    expect(res.status).toBe(200);
    const last = (await get("/api/v1/market/candles/SOL%2FUSDT?timeframe=15m&limit=1")).body.items[0] as Candle;
    expect(res.body).toMatchObject({ symbol: "SOL/USDT", timeframe: "15m", source: SOURCE, candle_time: last.open_time });
    for (const key of ["rsi_14", "ema_20", "ema_50", "ema_200", "sma_20", "sma_50", "atr_14", "adx_14"]) expect(res.body[key]).toEqual(expect.any(Number));
    expect(res.body.rsi_14).toBeGreaterThanOrEqual(0);
    expect(res.body.rsi_14).toBeLessThanOrEqual(100);
    expect(res.body.bb.upper).toBeGreaterThan(res.body.bb.lower);
    expect(res.body.macd.hist).toBeCloseTo(res.body.macd.line - res.body.macd.signal, 9);
    // The same 1,200 candles through lib/indicators give the same EMA 20.
    const tf = 15 * 60_000;
    const c = simulatedCandles({ seed: "7", symbol: "SOL/USDT", timeframe: "15m", from: last.open_time - 1_199 * tf, to: last.open_time + tf, now: last.open_time + tf });
    const e20 = ema(c.close, 20);
    expect(res.body.ema_20).toBe(e20[e20.length - 1]);
  });

  it("rejects a bad timeframe and an unknown symbol", async () => {
    expect((await get("/api/v1/market/indicators/BTC%2FUSDT?timeframe=7m")).status).toBe(422);
    expect((await get("/api/v1/market/indicators/NOPE%2FUSDT")).status).toBe(404);
  });
});

describe("overview, movers, trending and sentiment without outside services", () => {
  it("overview sums the tracked tickers' quote volume and leaves cap and dominance null", async () => {
    const [overview, prices] = await Promise.all([get("/api/v1/market/overview"), get("/api/v1/market/prices")]);
    expect(overview.status).toBe(200);
    expect(overview.body).toMatchObject({ total_market_cap: null, btc_dominance: null, source: "computed" });
    const sum = prices.body.items.reduce((s: number, p: { price: number; volume_24h: number }) => s + p.price * p.volume_24h, 0);
    expect(overview.body.total_volume_24h).toBeGreaterThan(sum * 0.5);
    expect(overview.body.total_volume_24h).toBeLessThan(sum * 2);
  });

  it("gainers and losers are tracked symbols ordered by their 24 h change", async () => {
    const res = await get("/api/v1/market/gainers-losers");
    expect(res.status).toBe(200);
    const pct = (xs: { change_24h_pct: number }[]) => xs.map((x) => x.change_24h_pct);
    expect(pct(res.body.gainers)).toEqual([...pct(res.body.gainers)].sort((a, b) => b - a));
    expect(pct(res.body.losers)).toEqual([...pct(res.body.losers)].sort((a, b) => a - b));
    expect(res.body.gainers.length + res.body.losers.length).toBeGreaterThan(0);
    for (const g of res.body.gainers) expect(g.change_24h_pct).toBeGreaterThan(0);
    for (const l of res.body.losers) expect(l.change_24h_pct).toBeLessThan(0);
  });

  it("trending falls back to tracked symbols by volume, labelled", async () => {
    const res = await get("/api/v1/market/trending");
    expect(res.status).toBe(200);
    expect(res.body.source).toBe("computed");
    expect(res.body.label).toMatch(/CoinGecko unavailable/);
    expect(res.body.items.length).toBeGreaterThan(0);
  });

  it("Fear & Greed is computed from market momentum and volatility, classified by our bands", async () => {
    const res = await get("/api/v1/sentiment/fear-greed");
    expect(res.status).toBe(200);
    expect(res.body.source).toBe("computed");
    const v = res.body.value as number;
    expect(Number.isInteger(v) && v >= 0 && v <= 100).toBe(true);
    const band = v <= 24 ? "Extreme Fear" : v <= 49 ? "Fear" : v === 50 ? "Neutral" : v <= 75 ? "Greed" : "Extreme Greed";
    expect(res.body.classification).toBe(band);
    expect(res.body.provider_classification).toBeUndefined();
  });
});

describe("coverage and downloads", () => {
  it("coverage needs a signed-in caller and shows what the store holds", async () => {
    expect((await get("/api/v1/market/coverage", false)).status).toBe(401);
    await get("/api/v1/market/candles/ADA%2FUSDT?timeframe=2h&limit=30");
    const res = await get("/api/v1/market/coverage");
    expect(res.status).toBe(200);
    const ada = res.body.items.find((i: { symbol: string; timeframe: string }) => i.symbol === "ADA/USDT" && i.timeframe === "2h");
    expect(ada).toMatchObject({ source: SOURCE, gaps: [] });
    expect(ada.count).toBeGreaterThanOrEqual(30);
    expect(ada.end - ada.start).toBe(ada.count * 2 * H);
  });

  it("downloads a range as a job with progress, visible only to its owner", async () => {
    const end = Math.floor(Date.now() / H) * H - 24 * H;
    const start = end - 1_500 * H / 6;
    const res = await api.request("POST", "/api/v1/market/candles/download", { token, body: { symbol: "XRP/USDT", timeframe: "1h", start, end } });
    expect(res.status).toBe(202);
    const jobId = res.body.job.id as string;
    expect(res.body.job).toMatchObject({ type: "market.download", status: "queued" });

    let job = res.body.job;
    for (let i = 0; i < 200 && !["succeeded", "failed"].includes(job.status); i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await get(`/api/v1/jobs/${jobId}`)).body;
    }
    expect(job).toMatchObject({ status: "succeeded", progress: 100, result: { symbol: "XRP/USDT", timeframe: "1h", inserted: 250, complete: true, missing: [] } });

    const stranger = (await api.newUser("stranger")).tokens.access_token;
    expect((await api.request("GET", `/api/v1/jobs/${jobId}`, { token: stranger })).status).toBe(404);
    const window = await get(`/api/v1/market/candles/XRP%2FUSDT?timeframe=1h&since=${start}&limit=250`, false);
    expect(window.body.items).toHaveLength(250);
  });

  it("refuses an unknown symbol, an inverted range and one over a million candles", async () => {
    const post = (body: unknown) => api.request("POST", "/api/v1/market/candles/download", { token, body });
    expect((await post({ symbol: "NOPE/USDT", timeframe: "1h", start: 0, end: H })).status).toBe(404);
    const inverted = await post({ symbol: "BTC/USDT", timeframe: "1h", start: 2 * H, end: H });
    expect(inverted.status).toBe(422);
    expect(inverted.body.error.fields.end).toBeDefined();
    const huge = await post({ symbol: "BTC/USDT", timeframe: "1m", start: 0, end: 2_000_000 * 60_000 });
    expect(huge.status).toBe(422);
    expect(huge.body.error.fields.end[0]).toMatch(/at most 1000000/);
    expect((await api.request("POST", "/api/v1/market/candles/download", { body: { symbol: "BTC/USDT", timeframe: "1h", start: 0, end: H } })).status).toBe(401);
  });
});

describe("live prices", () => {
  it("publishes price.tick events for tracked symbols on the stream", async () => {
    const abort = new AbortController();
    const response = await fetch(`${baseUrl}/api/v1/stream?topics=price.tick&symbols=BTC/USDT`, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
    try {
      const text = await readSse(response, "price stream").readUntil((t) => (t.match(/event: price\.tick/g) ?? []).length >= 2, 10_000);
      const ticks = [...text.matchAll(/event: price\.tick\ndata: (.*)\n/g)].map((m) => JSON.parse(m[1]));
      expect(ticks.every((t) => t.symbol === "BTC/USDT" && t.source === SOURCE && t.price > 0)).toBe(true);
      expect(ticks[1].as_of).toBeGreaterThan(ticks[0].as_of);
    } finally {
      abort.abort();
    }
  });
});
