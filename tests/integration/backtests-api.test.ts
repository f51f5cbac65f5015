/**
 * /api/v1/backtests over HTTP against the shared test server (simulated market, seed 7): a run
 * downloads what it lacks with progress on the stream, completes with the same trades and metrics
 * as the engine run in this process on the generator's candles, pages and exports its trades and
 * curves, and answers per the contract for limits, cancel/delete, idempotency, validation, imports
 * and other users.
 */
import { describe, expect, inject, it } from "vitest";
import { runBacktest } from "@/lib/backtest";
import { simulatedCandles } from "@/lib/market/simulated";
import { getStrategy, parseStrategyConfig } from "@/lib/strategies";
import { apiClient } from "../support/api-client";
import { readSse } from "../support/sse-reader";

const baseUrl = inject("baseUrl");
const api = apiClient(baseUrl);
const H = 3_600_000;
const DAY = 24 * H;
const SOURCE = "simulated:v1:7";
/**
 * A fixed range in the past, so reruns read exactly the same closed candles, and older than what
 * the server's own tasks keep fresh (the signal recorder's recent 1h candles of tracked pairs), so
 * the first run has to download it.
 */
const END = Math.floor(Date.now() / DAY) * DAY - 60 * DAY;
const START = END - 12 * DAY;

type User = { token: string };
async function newUser(label: string): Promise<User> {
  const { tokens } = await api.newUser(label);
  return { token: tokens.access_token };
}

const MA_CROSS = {
  type: "ma_cross",
  symbols: ["BTC/USDT"],
  timeframe: "1h",
  parameters: { ma_type: "ema", fast_period: 8, slow_period: 21 },
  risk: { position_size_pct: 50, max_open_trades: 1, stop_loss_pct: 3, take_profit_pct: null, trailing_stop_pct: null },
};

async function strategy(u: User, name: string, body: Record<string, unknown> = MA_CROSS): Promise<any> {
  const res = await api.request("POST", "/api/v1/strategies", { token: u.token, body: { name, ...body } });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

const submit = (u: User, body: unknown, headers: Record<string, string> = {}) => api.request<any>("POST", "/api/v1/backtests", { token: u.token, body, headers });
/** A trade as the engine returns it: the stored row without its sequence number. */
const withoutSeq = ({ seq: _seq, ...trade }: Record<string, unknown>) => trade;

const getRun = (u: User, id: string, query = "") => api.request<any>("GET", `/api/v1/backtests/${id}${query}`, { token: u.token });

async function waitFinished(u: User, id: string, timeoutMs = 60_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await getRun(u, id);
    expect(res.status, res.text).toBe(200);
    if (!["queued", "running"].includes(res.body.status)) return res.body;
    if (Date.now() > deadline) throw new Error(`backtest ${id} still ${res.body.status} at ${res.body.progress}%`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function allTrades(u: User, id: string): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; text: string; body: any } = await api.request<any>("GET", `/api/v1/backtests/${id}/trades?limit=3${cursor ? `&cursor=${cursor}` : ""}`, { token: u.token });
    expect(res.status, res.text).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(3);
    items.push(...res.body.items);
    cursor = res.body.next_cursor;
  } while (cursor);
  return items;
}

function fieldsOf(res: { status: number; text: string; body: any }): Record<string, string[]> {
  expect(res.status, res.text).toBe(422);
  return res.body.error.fields;
}

describe("a backtest run", () => {
  it("downloads with progress on the stream, then completes with the engine's exact result", async () => {
    const u = await newUser("bt-run");
    const s = await strategy(u, "EMA cross");
    const abort = new AbortController();
    const stream = await fetch(`${baseUrl}/api/v1/stream?topics=backtest.progress`, { headers: { authorization: `Bearer ${u.token}` }, signal: abort.signal });
    try {
      const res = await submit(u, { strategy_id: s.id, start: new Date(START).toISOString(), end: END });
      expect(res.status, res.text).toBe(202);
      const id = res.body.id;
      expect(res.body).toEqual({ id, status: "queued", url: `/api/v1/backtests/${id}`, events_url: "/api/v1/stream?topics=backtest.progress" });
      expect(res.headers.get("location")).toBe(`/api/v1/backtests/${id}`);

      const text = await readSse(stream, "backtest stream").readUntil((t) => t.includes('"phase":"completed"') || t.includes('"status":"failed"'), 60_000);
      const events = [...text.matchAll(/event: backtest\.progress\ndata: (.*)\n/g)].map((m) => JSON.parse(m[1])).filter((e) => e.backtest_id === id);
      expect(events.at(-1)).toMatchObject({ status: "completed", progress: 100, phase: "completed" });
      const progress = events.map((e) => e.progress);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      expect(new Set(progress).size).toBeGreaterThanOrEqual(3);
      expect(events.some((e) => e.phase === "downloading")).toBe(true);

      const run = (await getRun(u, id)).body;
      expect(run).toMatchObject({ status: "completed", progress: 100, source: SOURCE, simulated: true, strategy_id: s.id, error: null });
      expect(run.request).toEqual({
        start: START,
        end: END,
        timeframe: "1h",
        symbols: ["BTC/USDT"],
        source: "market",
        starting_balance: 10_000,
        fee_rate: 0.001,
        slippage_bps: 5,
        detail: null,
        apply_account_caps: true,
        account_caps: { max_position_size_pct: 10, max_open_positions: 3 },
      });
      expect(run.strategy_snapshot).toMatchObject({ name: "EMA cross", type: "ma_cross", version: 1, parameters: MA_CROSS.parameters });
      expect(run.settings.effective_risk).toEqual({ position_size_pct: 10, max_open_trades: 1 });

      // The same engine on the generator's candles in this process gives exactly the stored result.
      const config = parseStrategyConfig({ type: s.type, parameters: s.parameters, risk: s.risk });
      const warmup = getStrategy(config.type).warmupBars(config.parameters, H);
      const market = (await api.request<any>("GET", "/api/v1/market/symbols", { token: u.token })).body.items.find((m: any) => m.symbol === "BTC/USDT");
      const candles = simulatedCandles({ seed: "7", symbol: "BTC/USDT", timeframe: "1h", from: START - warmup * H, to: END, now: END });
      const expected = runBacktest({
        symbols: [{ symbol: "BTC/USDT", candles, market: { amount_step: market.amount_step, min_amount: market.min_amount, min_notional: market.min_notional, price_tick: market.price_tick } }],
        timeframe: "1h",
        strategy: config,
        starting_balance: 10_000,
        fee_rate: 0.001,
        slippage_bps: 5,
        start: START,
        end: END,
        account_caps: { max_position_size_pct: 10, max_open_positions: 3 },
        source: SOURCE,
      });
      expect(run.candles_sha256).toBe(expected.candles_sha256);
      expect(run.metrics).toEqual(JSON.parse(JSON.stringify(expected.metrics)));
      expect(run.trades_count).toBe(expected.trades.length);
      expect(expected.trades.length).toBeGreaterThan(0);

      const trades = await allTrades(u, id);
      expect(trades.map(withoutSeq)).toEqual(JSON.parse(JSON.stringify(expected.trades)));
      expect(trades.map((t) => t.seq)).toEqual(trades.map((_, i) => i + 1));
      const sum = trades.reduce((acc, t) => acc + t.pnl, 0);
      expect(run.metrics.final_equity).toBeCloseTo(10_000 + sum, 6);
      expect(run.equity_curve.at(-1)[1]).toBeCloseTo(run.metrics.final_equity, 9);
      expect(run.equity_curve.length).toBeLessThanOrEqual(2000);
      expect(run.drawdown_curve.length).toBe(run.equity_curve.length);

      // Full curve as CSV: one row per point, starting balance first, final equity last.
      const csv = await fetch(`${baseUrl}/api/v1/backtests/${id}?resolution=full`, { headers: { authorization: `Bearer ${u.token}` } });
      expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
      const rows = (await csv.text()).trim().split("\n");
      expect(rows[0]).toBe("time,equity,drawdown_pct");
      expect(rows.length - 1).toBe(expected.equity.values.length);
      expect(Number(rows[1].split(",")[1])).toBe(10_000);
      expect(Number(rows.at(-1)!.split(",")[1])).toBeCloseTo(run.metrics.final_equity, 9);

      const tradesCsv = await fetch(`${baseUrl}/api/v1/backtests/${id}/trades?format=csv`, { headers: { authorization: `Bearer ${u.token}` } });
      const tradeRows = (await tradesCsv.text()).trim().split("\n");
      expect(tradeRows[0]).toMatch(/^seq,symbol,side,signal_at,entry_at,entry_price/);
      expect(tradeRows).toHaveLength(trades.length + 1);

      const chart = await api.request<any>("GET", `/api/v1/backtests/${id}/candles?symbol=BTC/USDT`, { token: u.token });
      expect(chart.status, chart.text).toBe(200);
      expect(chart.body).toMatchObject({ symbol: "BTC/USDT", timeframe: "1h", bucket_ms: H, source: SOURCE });
      expect(chart.body.items).toHaveLength((END - START) / H);
      expect(chart.body.items[0]).toEqual([START, candles.open[warmup], candles.high[warmup], candles.low[warmup], candles.close[warmup], candles.volume[warmup]]);
      expect(fieldsOf(await api.request("GET", `/api/v1/backtests/${id}/candles?symbol=ETH/USDT`, { token: u.token }))).toHaveProperty("symbol");

      // Listed with its headline, and as the strategy's last backtest.
      const listed = (await api.request<any>("GET", "/api/v1/backtests", { token: u.token })).body.items;
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({ id, strategy_name: "EMA cross", status: "completed", simulated: true, headline: { trades_count: expected.trades.length, final_equity: expected.metrics.final_equity } });
      const strategies = (await api.request<any>("GET", "/api/v1/strategies", { token: u.token })).body.items;
      expect(strategies[0].last_backtest).toMatchObject({ id, status: "completed", trades_count: expected.trades.length, simulated: true });

      // The same request again gives identical trades and metrics (the candles are now stored).
      const again = await submit(u, { strategy_id: s.id, start: new Date(START).toISOString(), end: END });
      const rerun = await waitFinished(u, again.body.id);
      expect(rerun.metrics).toEqual(run.metrics);
      expect(rerun.candles_sha256).toBe(run.candles_sha256);
      expect((await allTrades(u, again.body.id)).map(withoutSeq)).toEqual(trades.map(withoutSeq));

      // A deleted strategy's runs stay readable with their snapshot.
      expect((await api.request("DELETE", `/api/v1/strategies/${s.id}`, { token: u.token })).status).toBe(204);
      expect((await getRun(u, id)).body.strategy_snapshot.name).toBe("EMA cross");
      expect((await submit(u, { strategy_id: s.id, start: START, end: END })).status).toBe(404);
    } finally {
      abort.abort();
    }
  });

  it("allows two active runs per user (the third → 429 with Retry-After), cancels with DELETE, then deletes", async () => {
    const u = await newUser("bt-limit");
    const s = await strategy(u, "Slow", { ...MA_CROSS, symbols: ["DOT/USDT"] });
    // Long enough that none finishes before all three requests are answered (days to compute).
    const body = { strategy_id: s.id, start: END - 80 * DAY, end: END };
    const answers = await Promise.all([submit(u, body), submit(u, body), submit(u, body)]);
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([202, 202, 429]);
    const refused = answers.find((a) => a.status === 429)!;
    expect(refused.body.error.code).toBe("too_many_running_backtests");
    expect(refused.headers.get("retry-after")).toBe("10");

    for (const a of answers.filter((x) => x.status === 202)) {
      const del = await api.request<any>("DELETE", `/api/v1/backtests/${a.body.id}`, { token: u.token });
      expect(del.status, del.text).toBe(200);
      expect(del.body.status).toBe("canceled");
    }
    const accepted = await submit(u, { ...body, start: END - DAY });
    expect(accepted.status, accepted.text).toBe(202);
    await waitFinished(u, accepted.body.id);

    const first = answers.find((a) => a.status === 202)!.body.id;
    expect((await getRun(u, first)).body.status).toBe("canceled");
    expect((await api.request("DELETE", `/api/v1/backtests/${first}`, { token: u.token })).status).toBe(204);
    expect((await getRun(u, first)).status).toBe(404);
  });

  it("replays an Idempotency-Key's answer and refuses it for another body", async () => {
    const u = await newUser("bt-idem");
    const s = await strategy(u, "Idem");
    const body = { strategy_id: s.id, start: END - 2 * DAY, end: END };
    const one = await submit(u, body, { "Idempotency-Key": "run-1" });
    expect(one.status, one.text).toBe(202);
    const two = await submit(u, body, { "Idempotency-Key": "run-1" });
    expect(two.status).toBe(202);
    expect(two.body.id).toBe(one.body.id);
    expect(two.headers.get("idempotent-replayed")).toBe("true");
    expect(two.headers.get("location")).toBe(one.headers.get("location"));
    const other = await submit(u, { ...body, end: END - DAY }, { "Idempotency-Key": "run-1" });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe("idempotency_key_reused");
    expect(fieldsOf(await submit(u, body, { "Idempotency-Key": "k".repeat(256) }))).toHaveProperty("Idempotency-Key");
    expect((await api.request<any>("GET", "/api/v1/backtests", { token: u.token })).body.items).toHaveLength(1);
    await waitFinished(u, one.body.id);
  });

  it("validates every field with its path", async () => {
    const u = await newUser("bt-validate");
    const s = await strategy(u, "Validate");
    expect(fieldsOf(await submit(u, { strategy_id: s.id, start: "2025-01-01T00:00:00", end: END }))).toHaveProperty("start");
    expect(fieldsOf(await submit(u, { strategy_id: s.id, start: END, end: END - DAY }))).toHaveProperty("end");
    expect(fieldsOf(await submit(u, { strategy_id: s.id, start: START, end: END, symbols: ["BTC/EUR"] }))).toHaveProperty(["symbols.0"]);
    expect(fieldsOf(await submit(u, { strategy_id: s.id, start: START, end: END, source: "import:nothing" }))).toHaveProperty("source");
    expect(fieldsOf(await submit(u, { strategy_id: s.id, start: START, end: END, fee_rate: 0.5, bogus: 1 }))).toMatchObject({ fee_rate: expect.any(Array) });
    expect(fieldsOf(await submit(u, { strategy_id: s.id, start: "2015-01-01", end: END, timeframe: "1m", symbols: ["BTC/USDT", "ETH/USDT"] })).end[0]).toMatch(/limit is 5,000,000/);
    expect(fieldsOf(await submit(u, { strategy_id: s.id, start: Date.now() + DAY, end: Date.now() + 2 * DAY }))).toHaveProperty("start");
    const missing = await submit(u, { strategy_id: "nope", start: START, end: END });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("strategy_not_found");
    expect((await api.request<any>("GET", "/api/v1/backtests", { token: u.token })).body.items).toEqual([]);
  });

  it("reads one of the caller's imports, and fails with the earliest start when its warm-up is short", async () => {
    const u = await newUser("bt-import");
    const s = await strategy(u, "On import");
    const t0 = Date.UTC(2024, 0, 1);
    const rows = Array.from({ length: 600 }, (_, i) => {
      const o = 100 + 10 * Math.sin(i / 9) + i / 50;
      return [t0 + i * H, o, o + 1.5, o - 1.5, o + Math.cos(i / 5), 10 + (i % 7)].join(",");
    });
    const up = await fetch(`${baseUrl}/api/v1/market/candles/import?${new URLSearchParams({ symbol: "BTC/USDT", timeframe: "1h", name: "btc-h" })}`, {
      method: "POST",
      headers: { "content-type": "text/csv", authorization: `Bearer ${u.token}` },
      body: `open_time,open,high,low,close,volume\n${rows.join("\n")}\n`,
    });
    expect(up.status, await up.text()).toBe(201);

    const ok = await submit(u, { strategy_id: s.id, source: "import:btc-h", start: t0 + 300 * H, end: t0 + 600 * H, starting_balance: 1000 });
    expect(ok.status, ok.text).toBe(202);
    const run = await waitFinished(u, ok.body.id);
    expect(run).toMatchObject({ status: "completed", source: "import:btc-h", simulated: false });
    expect(run.request.starting_balance).toBe(1000);
    expect(run.data_quality.symbols[0]).toMatchObject({ symbol: "BTC/USDT", first_decision_at: t0 + 300 * H });

    const early = await submit(u, { strategy_id: s.id, source: "import:btc-h", start: t0 + 100 * H, end: t0 + 600 * H });
    const failed = await waitFinished(u, early.body.id);
    expect(failed.status).toBe("failed");
    const warmup = getStrategy("ma_cross").warmupBars(parseStrategyConfig({ type: "ma_cross", parameters: s.parameters }).parameters, H);
    const earliest = new Date(t0 + warmup * H).toISOString().replace(":00.000Z", "Z");
    expect(failed.error).toBe(`This strategy needs ${warmup} 1h candles before the start to warm up its indicators; import:btc-h has 100 for BTC/USDT. Start at ${earliest} or later.`);
    expect(failed.metrics).toBeNull();

    // Another user can neither read these runs nor use the import.
    const other = await newUser("bt-import-other");
    const theirs = await strategy(other, "Theirs");
    expect(fieldsOf(await submit(other, { strategy_id: theirs.id, source: "import:btc-h", start: t0 + 300 * H, end: t0 + 600 * H }))).toHaveProperty("source");
    for (const path of [`/api/v1/backtests/${ok.body.id}`, `/api/v1/backtests/${ok.body.id}/trades`, `/api/v1/backtests/${ok.body.id}/candles?symbol=BTC/USDT`]) {
      const res = await api.request<any>("GET", path, { token: other.token });
      expect(res.status, path).toBe(404);
      expect(res.body.error.code).toBe("backtest_not_found");
    }
    expect((await api.request("DELETE", `/api/v1/backtests/${ok.body.id}`, { token: other.token })).status).toBe(404);
    expect((await submit(other, { strategy_id: s.id, start: START, end: END })).status).toBe(404);
    expect((await getRun(u, ok.body.id)).status).toBe(200);
  });
});
