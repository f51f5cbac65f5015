import { z, ZodError } from "zod";
import { downsampleSeries, hashCandlesYielding, runBacktest, type BacktestResult, type MarketFilters } from "@/lib/backtest";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { JobContext } from "@/lib/jobs/runner";
import { isImportSource, missingRanges, readCandlesInChunks, type CandleArrays, type TimeRange } from "@/lib/market/candle-store";
import type { MarketTimeframe } from "@/lib/market/provider";
import type { MarketRuntime } from "@/lib/market/service/runtime";
import { timeframeMs } from "@/lib/market/timeframes";
import { getStrategy, parseStrategyConfig } from "@/lib/strategies";
import type { BacktestRequestView } from "./operations";
import { completeRun, failRun, publicSource, reportProgress, startRun, type CompletedResult } from "./store";

const payloadSchema = z.object({ backtest_id: z.string() });

/** Share of the progress bar given to downloading, when there is anything to download. */
const DOWNLOAD_SHARE = 50;
/** Engine progress is published in steps of this many percent (each step is a row and an event). */
const PROGRESS_STEP = 5;

/** A reason the run cannot go on that the trader should read as it is (not a server fault). */
class RunRefused extends Error {}

interface Need {
  symbol: string;
  timeframe: MarketTimeframe;
  range: TimeRange;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(":00.000Z", "Z");
const describeRanges = (ranges: TimeRange[]) =>
  ranges
    .slice(0, 5)
    .map((r) => `${iso(r.start)} – ${iso(r.end)}`)
    .join(", ") + (ranges.length > 5 ? ` and ${ranges.length - 5} more` : "");

/** What a failed run tells its owner: our own refusals and input errors verbatim, anything else generically. */
export function failureMessage(error: unknown): string {
  if (error instanceof RunRefused || error instanceof AppError) return error.message;
  if (error instanceof ZodError) return `Invalid backtest settings: ${error.issues.map((i) => `${i.path.join(".") || "input"} ${i.message}`).join("; ")}`;
  return "The backtest failed unexpectedly. Run it again; if it fails again, the server log has the details.";
}

/**
 * The `backtest.run` job: download what the market source is missing (with progress), read every
 * candle from exactly one source, run the engine, and store the result with its trades in one
 * transaction. A cancel (DELETE) is honoured between download pages and before saving.
 */
export async function executeBacktest(ctx: JobContext, deps: { db: Db; runtime: () => Promise<MarketRuntime> }): Promise<unknown> {
  const { db } = deps;
  const { backtest_id: id } = payloadSchema.parse(ctx.job.payload);
  const started = startRun(db, id);
  if (!started) return { skipped: "not queued" };
  try {
    const request = started.request as BacktestRequestView;
    const snapshot = started.strategySnapshot as { type: string; parameters: unknown; risk: unknown };
    const config = parseStrategyConfig({ type: snapshot.type, parameters: snapshot.parameters, risk: snapshot.risk });
    const timeframe = request.timeframe as MarketTimeframe;
    const tf = timeframeMs(timeframe);
    const warmup = getStrategy(config.type).warmupBars(config.parameters, tf);
    const from = request.start - warmup * tf;
    const source = started.source;
    const rt = await deps.runtime();

    const needs: Need[] = request.symbols.map((symbol) => ({ symbol, timeframe, range: { start: from, end: request.end } }));
    if (request.detail === "1m" && timeframe !== "1m") needs.push(...request.symbols.map((symbol) => ({ symbol, timeframe: "1m" as const, range: { start: request.start, end: request.end } })));

    let base = 0;
    if (!isImportSource(source)) {
      if (source !== rt.source.id) throw new RunRefused(`This backtest was queued for ${source}; the deployment now reads ${rt.source.id}. Run it again.`);
      const now = rt.health.serverNow();
      const todo = needs.filter((n) => missingRanges(db, { source, symbol: n.symbol, timeframe: n.timeframe, from: n.range.start, to: n.range.end, now }).length > 0);
      if (todo.length > 0) {
        if (!reportProgress(db, id, 0, "downloading")) return { canceled: true };
        for (const [i, need] of todo.entries()) {
          let stillRunning = true;
          const result = await rt.candles
            .download(need.symbol, need.timeframe, need.range, async (done) => {
              stillRunning = reportProgress(db, id, ((i + done) / todo.length) * DOWNLOAD_SHARE, "downloading");
              await ctx.yieldToEventLoop();
              return stillRunning && !(await ctx.isCancelled());
            })
            .catch((error: unknown) => {
              throw new RunRefused(`Could not download ${need.symbol} ${need.timeframe} candles from ${rt.source.label}: ${error instanceof Error ? error.message : String(error)}`);
            });
          if (!stillRunning || (await ctx.isCancelled())) return { canceled: true };
          if (!result.complete) throw new RunRefused(`Candles are missing for ${need.symbol} ${need.timeframe} and could not be downloaded: ${describeRanges(result.missing)}.`);
        }
        base = DOWNLOAD_SHARE;
      }
    }
    if (!reportProgress(db, id, base, "running")) return { canceled: true };
    await ctx.yieldToEventLoop();

    // Read in chunks with a turn between them: millions of rows would otherwise hold every request up.
    const read = (n: Need): Promise<CandleArrays> =>
      readCandlesInChunks(db, { source, symbol: n.symbol, timeframe: n.timeframe, from: n.range.start, to: n.range.end }, () => ctx.yieldToEventLoop());
    const symbols = [];
    for (const symbol of request.symbols) {
      const candles = await read({ symbol, timeframe, range: { start: from, end: request.end } });
      if (isImportSource(source)) assertImportCovers(symbol, candles, request, warmup, tf, publicSource(source));
      const market = await rt.findMarket(symbol);
      const detail = request.detail === "1m" && timeframe !== "1m" ? await read({ symbol, timeframe: "1m", range: { start: request.start, end: request.end } }) : undefined;
      symbols.push({ symbol, candles, market: market ? filtersOf(market) : undefined, detail_candles: detail });
    }

    // Hashed here, between turns of the event loop, rather than inside the engine's synchronous run:
    // the same sets in the same order as the engine would hash (it reads exactly this range).
    const candlesSha256 = await hashCandlesYielding(
      symbols.flatMap((s) => [
        { symbol: s.symbol, timeframe, candles: s.candles, intervalMs: tf },
        ...(s.detail_candles ? [{ symbol: s.symbol, timeframe: "1m", candles: s.detail_candles, intervalMs: 60_000 }] : []),
      ]),
      () => ctx.yieldToEventLoop(),
    );

    let published = base;
    const result = runBacktest({
      symbols,
      timeframe,
      strategy: config,
      starting_balance: request.starting_balance,
      fee_rate: request.fee_rate,
      slippage_bps: request.slippage_bps,
      start: request.start,
      end: request.end,
      account_caps: request.account_caps,
      source: publicSource(source),
      candles_sha256: candlesSha256,
      onProgress: (pct) => {
        const overall = base + (pct * (99 - base)) / 100;
        if (overall - published >= PROGRESS_STEP) {
          published = overall;
          reportProgress(db, id, overall, "running");
        }
      },
    });

    if (await ctx.isCancelled()) return { canceled: true };
    if (!reportProgress(db, id, 99, "saving")) return { canceled: true };
    const saved = completeRun(db, id, toCompleted(result));
    return saved ? { backtest_id: id, trades: result.trades.length, final_equity: result.metrics.final_equity } : { canceled: true };
  } catch (error) {
    failRun(db, id, failureMessage(error));
    throw error instanceof RunRefused || error instanceof AppError ? new Error(error.message) : error;
  }
}

function filtersOf(m: MarketFilters): MarketFilters {
  return { amount_step: m.amount_step, min_amount: m.min_amount, min_notional: m.min_notional, price_tick: m.price_tick };
}

/**
 * An import cannot be topped up, so it must already hold the warm-up and the range: the run fails
 * with the earliest start the import allows rather than deciding on cold indicators.
 */
function assertImportCovers(symbol: string, candles: CandleArrays, request: BacktestRequestView, warmup: number, tf: number, source: string) {
  const times = candles.openTime;
  let before = 0;
  while (before < times.length && times[before] < request.start) before++;
  if (before === times.length) throw new RunRefused(`${source} has no ${symbol} ${request.timeframe} candles from ${iso(request.start)} to ${iso(request.end)}.`);
  if (before < warmup) {
    const earliest = times.length > 0 ? times[0] + warmup * tf : request.start;
    throw new RunRefused(`This strategy needs ${warmup} ${request.timeframe} candles before the start to warm up its indicators; ${source} has ${before} for ${symbol}. Start at ${iso(earliest)} or later.`);
  }
}

/** The engine's result in storage shape: the report as JSON, curves downsampled, the full equity as bytes. */
export function toCompleted(result: BacktestResult): CompletedResult {
  const { trades, equity, drawdown, ...report } = result;
  const m = result.metrics;
  return {
    headline: {
      final_equity: m.final_equity,
      total_return_pct: m.total_return_pct,
      max_drawdown_pct: m.max_drawdown_pct,
      sharpe: m.sharpe,
      win_rate: m.win_rate,
      profit_factor: m.profit_factor,
      trades_count: m.trades_count,
    },
    report: JSON.parse(JSON.stringify(report)) as Record<string, unknown>,
    equityCurve: downsampleSeries(equity),
    drawdownCurve: downsampleSeries(drawdown),
    equityFull: Buffer.from(equity.values.buffer, equity.values.byteOffset, equity.values.byteLength),
    curveStartAt: equity.start_at,
    curveIntervalMs: equity.interval_ms,
    trades,
  };
}
