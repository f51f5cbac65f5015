import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { candleImports, strategies } from "@/lib/db/schema";
import { AppError, NotFound, ValidationFailed, type FieldErrors } from "@/lib/errors";
import { withIdempotency, type IdempotencyRecorder } from "@/lib/http/idempotency";
import { importSourceId, readCandles } from "@/lib/market/candle-store";
import type { MarketTimeframe } from "@/lib/market/provider";
import { marketRuntime } from "@/lib/market/service/runtime";
import { timeframeMs, type Timeframe } from "@/lib/market/timeframes";
import { getSettings } from "@/lib/settings/settings";
import { getStrategy, parseStrategyConfig, SINGLE_SYMBOL_TYPES } from "@/lib/strategies";
import { chartCandles, curvesCsv, tradesCsv } from "./exports";
import { MAX_RUN_CANDLES, type BacktestRequest, type BacktestRequestView, type BacktestStatus } from "./operations";
import { allTrades, backtestView, cancelOrDelete, listRuns, publicSource, queueRun, requireRun, tradesPage } from "./store";

class MarketsUnavailable extends AppError {
  constructor() {
    super(503, "markets_unavailable", "The market list of this deployment's data source is not available yet; try again shortly.", undefined, undefined, { "Retry-After": "10" });
  }
}

const count = (n: number) => n.toLocaleString("en-US");

/**
 * Validates a submission against the caller's strategy, settings and data, resolves every default
 * (stored with the run, so settings edited later do not change what a run meant) and queues it.
 * Every field problem is reported at once under its wire path.
 */
async function submitBacktest(userId: string, body: BacktestRequest, record: IdempotencyRecorder) {
  const db = getDb();
  const strategy = db
    .select()
    .from(strategies)
    .where(and(eq(strategies.userId, userId), eq(strategies.id, body.strategy_id), isNull(strategies.deletedAt)))
    .get();
  if (!strategy) throw new NotFound("No strategy with this id.", "strategy_not_found");

  const fields: FieldErrors = {};
  const add = (path: string, message: string) => (fields[path] ??= []).push(message);
  const trading = (await getSettings(userId)).trading;
  const rt = await marketRuntime();
  const timeframe = (body.timeframe ?? strategy.timeframe) as MarketTimeframe;
  const symbols = body.symbols ?? strategy.symbols;
  const sourceName = body.source ?? "market";
  const config = parseStrategyConfig({ type: strategy.type, parameters: strategy.parameters, risk: strategy.risk });
  const symbolsPath = (i: number) => (body.symbols ? `symbols.${i}` : "strategy_id");

  let source: string;
  if (sourceName === "market") {
    source = rt.source.id;
    for (const [i, symbol] of symbols.entries()) {
      if (symbol.split("/")[1] !== trading.stake_currency) add(symbolsPath(i), `${symbol} is not quoted in your stake currency ${trading.stake_currency}.`);
      else if (!(await rt.findMarket(symbol))) {
        if ((await rt.markets({ allowFetch: false })) === null) throw new MarketsUnavailable();
        add(symbolsPath(i), `${symbol} is not a market of this deployment's data source.`);
      }
    }
  } else {
    const name = sourceName.slice("import:".length);
    source = importSourceId(userId, name);
    const imported = db
      .select({ symbol: candleImports.symbol, timeframe: candleImports.timeframe })
      .from(candleImports)
      .where(and(eq(candleImports.userId, userId), eq(candleImports.source, source), eq(candleImports.status, "published")))
      .all();
    if (imported.length === 0) add("source", `You have no import named ${name}.`);
    else
      for (const [i, symbol] of symbols.entries()) {
        if (!imported.some((r) => r.symbol === symbol && r.timeframe === timeframe)) add(symbolsPath(i), `The import ${name} has no ${symbol} ${timeframe} candles.`);
      }
  }
  if (SINGLE_SYMBOL_TYPES.includes(config.type) && symbols.length !== 1) add(body.symbols ? "symbols" : "strategy_id", `A ${config.type} strategy trades exactly one pair: its price levels belong to it.`);
  if (new Set(symbols).size !== symbols.length) add(body.symbols ? "symbols" : "strategy_id", "Each pair may appear once.");

  const tf = timeframeMs(timeframe);
  const start = Math.ceil(body.start / tf) * tf;
  // Only closed candles exist: the run ends at the last close before now at the latest.
  const lastClose = Math.floor(rt.health.serverNow() / tf) * tf;
  const end = Math.min(Math.ceil(body.end / tf) * tf, sourceName === "market" ? lastClose : Infinity);
  if (start >= lastClose && sourceName === "market") add("start", "must be before the last closed candle (now).");
  else if (end <= start) add("end", `must leave at least one ${timeframe} candle after start.`);
  else {
    const warmup = getStrategy(config.type).warmupBars(config.parameters, tf);
    const perSymbol = (end - start) / tf + warmup + (body.detail === "1m" && timeframe !== "1m" ? (end - start) / 60_000 : 0);
    const total = perSymbol * symbols.length;
    if (total > MAX_RUN_CANDLES) add("end", `This run would read ${count(total)} candles; the limit is ${count(MAX_RUN_CANDLES)}. Shorten the range, use fewer pairs or a longer timeframe.`);
  }
  if (Object.keys(fields).length > 0) throw new ValidationFailed(fields);

  const applyCaps = body.apply_account_caps ?? true;
  const request: BacktestRequestView = {
    start,
    end,
    timeframe,
    symbols,
    source: sourceName,
    starting_balance: body.starting_balance ?? trading.paper_starting_balance,
    fee_rate: body.fee_rate ?? trading.fee_rate,
    slippage_bps: body.slippage_bps ?? trading.slippage_bps,
    detail: timeframe === "1m" ? null : (body.detail ?? null),
    apply_account_caps: applyCaps,
    account_caps: applyCaps ? { max_position_size_pct: trading.max_position_size_pct, max_open_positions: trading.max_open_positions } : null,
  };
  const snapshot = {
    name: strategy.name,
    description: strategy.description,
    type: strategy.type,
    symbols: strategy.symbols,
    timeframe: strategy.timeframe,
    parameters: config.parameters as Record<string, unknown>,
    risk: config.risk as Record<string, unknown>,
    version: strategy.version,
  };
  return queueRun(db, { userId, strategyId: strategy.id, snapshot, request, source, simulated: sourceName === "market" && rt.source.kind === "simulated" }, Date.now(), (tx, run) =>
    record(tx, acceptedAnswer(run.id)),
  );
}

/** The 202 of a queued run; also what a retry with the same Idempotency-Key replays. */
function acceptedAnswer(id: string) {
  const url = `/api/v1/backtests/${id}`;
  return { status: 202, body: { id, status: "queued", url, events_url: "/api/v1/stream?topics=backtest.progress" }, headers: { location: url } };
}

/** POST /api/v1/backtests: queue a run, replaying the first answer for a repeated Idempotency-Key. */
export function queueBacktest(userId: string, body: BacktestRequest, headers: Headers): Promise<Response> {
  return withIdempotency(getDb(), { userId, route: "POST /api/v1/backtests", headers, body, transactional: true }, async (record) => {
    const run = await submitBacktest(userId, body, record);
    const answer = acceptedAnswer(run.id);
    return Response.json(answer.body, { status: answer.status, headers: answer.headers });
  });
}

export function listBacktests(userId: string, query: { strategy_id?: string; status?: BacktestStatus; limit?: number; cursor?: string }) {
  return listRuns(getDb(), userId, query);
}

export function getBacktest(userId: string, id: string) {
  return backtestView(requireRun(getDb(), userId, id));
}

export function backtestCurvesCsv(userId: string, id: string): string {
  return curvesCsv(requireRun(getDb(), userId, id));
}

/** DELETE: the canceled run's view, or null when a finished run was removed. */
export function cancelOrDeleteBacktest(userId: string, id: string) {
  const outcome = cancelOrDelete(getDb(), userId, id);
  return "canceled" in outcome ? backtestView(outcome.canceled) : null;
}

export function backtestTradesPage(userId: string, id: string, query: { limit?: number; cursor?: string; symbol?: string }) {
  const db = getDb();
  return tradesPage(db, requireRun(db, userId, id), query);
}

export function backtestTradesCsv(userId: string, id: string, symbol?: string): string {
  const db = getDb();
  return tradesCsv(allTrades(db, requireRun(db, userId, id), symbol));
}

/** The candles a run read for one of its pairs, merged into buckets when there are too many to draw. */
export function backtestCandles(userId: string, id: string, symbol: string) {
  const db = getDb();
  const run = requireRun(db, userId, id);
  const request = run.request as BacktestRequestView;
  if (!request.symbols.includes(symbol)) throw new ValidationFailed({ symbol: [`is not one of this run's pairs (${request.symbols.join(", ")})`] });
  const candles = readCandles(db, { source: run.source, symbol, timeframe: request.timeframe, from: request.start, to: request.end });
  return { symbol, timeframe: request.timeframe, source: publicSource(run.source), ...chartCandles(candles, timeframeMs(request.timeframe as Timeframe)) };
}
