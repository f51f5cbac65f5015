import { and, asc, desc, eq, gt, inArray, lt, or, sql } from "drizzle-orm";
import type { Db, Tx } from "@/lib/db/client";
import { backtests, backtestTrades, jobs, type BacktestRow } from "@/lib/db/schema";
import { AppError, NotFound, ValidationFailed } from "@/lib/errors";
import { publishEvent } from "@/lib/events/publish";
import { decodeListCursor, encodeListCursor } from "@/lib/http/list-cursor";
import { newId } from "@/lib/ids";
import { isImportSource, parseImportSourceId } from "@/lib/market/candle-store";
import {
  MAX_RUNNING_PER_USER,
  RUNNING_RETRY_AFTER_S,
  type BacktestHeadline,
  type BacktestPhase,
  type BacktestRequestView,
  type BacktestStatus,
  type TradeView,
} from "./operations";

/*
 * The backtests table, always scoped by the owner's id on the request side. The job side (claim,
 * progress, complete, fail) works by run id: it acts for the owner who queued the run.
 */

export const BACKTEST_JOB = "backtest.run";
const ACTIVE: BacktestStatus[] = ["queued", "running"];

export class TooManyRunningBacktests extends AppError {
  constructor() {
    super(429, "too_many_running_backtests", `At most ${MAX_RUNNING_PER_USER} backtests can be queued or running at once. Wait for one to finish or cancel it.`, undefined, undefined, {
      "Retry-After": String(RUNNING_RETRY_AFTER_S),
    });
  }
}

export const backtestNotFound = () => new NotFound("No backtest with this id.", "backtest_not_found");

/** The wire name of a candle source: imports are named without the owner's id inside the key. */
export function publicSource(source: string): string {
  return isImportSource(source) ? `import:${parseImportSourceId(source)?.name ?? "?"}` : source;
}

export function progressPayload(row: Pick<BacktestRow, "id" | "status" | "progress" | "phase" | "error">): Record<string, unknown> {
  return { backtest_id: row.id, status: row.status, progress: row.progress, phase: row.phase, ...(row.error ? { error: row.error } : {}) };
}

export function backtestView(row: BacktestRow) {
  const report = (row.report ?? null) as Record<string, unknown> | null;
  const pick = (key: string) => (report?.[key] ?? null) as Record<string, unknown> | null;
  return {
    id: row.id,
    strategy_id: row.strategyId,
    strategy_snapshot: row.strategySnapshot,
    status: row.status as BacktestStatus,
    progress: row.progress,
    phase: row.phase as BacktestPhase,
    error: row.error,
    created_at: row.createdAt,
    started_at: row.startedAt,
    finished_at: row.finishedAt,
    request: { ...(row.request as BacktestRequestView) },
    source: publicSource(row.source),
    simulated: row.simulated,
    engine_version: (report?.engine_version as string | undefined) ?? null,
    candles_sha256: (report?.candles_sha256 as string | undefined) ?? null,
    settings: pick("settings"),
    metrics: pick("metrics"),
    null_reasons: pick("null_reasons"),
    tables: pick("tables"),
    data_quality: pick("data_quality"),
    freqtrade_compat: pick("freqtrade_compat"),
    warnings: (report?.warnings as { code: string; message: string }[] | undefined) ?? null,
    trades_count: row.tradesCount,
    equity_curve: row.equityCurve ?? null,
    drawdown_curve: row.drawdownCurve ?? null,
  };
}
export type BacktestView = ReturnType<typeof backtestView>;

function listItem(row: BacktestRow) {
  const snapshot = row.strategySnapshot as { name?: string; type?: string };
  const request = row.request as BacktestRequestView;
  return {
    id: row.id,
    strategy_id: row.strategyId,
    strategy_name: snapshot.name ?? "",
    strategy_type: snapshot.type ?? "",
    status: row.status as BacktestStatus,
    progress: row.progress,
    error: row.error,
    created_at: row.createdAt,
    finished_at: row.finishedAt,
    timeframe: request.timeframe,
    symbols: request.symbols,
    start: request.start,
    end: request.end,
    source: publicSource(row.source),
    simulated: row.simulated,
    headline: (row.headline as BacktestHeadline | null) ?? null,
  };
}

export interface QueueRunInput {
  userId: string;
  strategyId: string;
  snapshot: Record<string, unknown>;
  request: BacktestRequestView;
  /** The store key the run reads (import sources carry the owner's id). */
  source: string;
  simulated: boolean;
}

/**
 * Inserts the run and its job in one transaction, after counting the owner's active runs inside it,
 * so two simultaneous submissions cannot both take the last slot.
 */
export function queueRun(db: Db, input: QueueRunInput, now = Date.now(), inTransaction?: (tx: Tx, row: BacktestRow) => void): BacktestRow {
  return db.transaction(
    (tx) => {
      const active = tx
        .select({ n: sql<number>`count(*)` })
        .from(backtests)
        .where(and(eq(backtests.userId, input.userId), inArray(backtests.status, ACTIVE)))
        .get();
      if ((active?.n ?? 0) >= MAX_RUNNING_PER_USER) throw new TooManyRunningBacktests();
      const id = newId(now);
      const jobId = newId(now);
      tx.insert(jobs).values({ id: jobId, userId: input.userId, type: BACKTEST_JOB, status: "queued", payload: { backtest_id: id }, createdAt: now }).run();
      const row = tx
        .insert(backtests)
        .values({
          id,
          userId: input.userId,
          strategyId: input.strategyId,
          strategySnapshot: input.snapshot,
          status: "queued",
          progress: 0,
          phase: "queued",
          jobId,
          request: input.request as unknown as Record<string, unknown>,
          source: input.source,
          simulated: input.simulated,
          createdAt: now,
        })
        .returning()
        .get();
      publishEvent(tx, { userId: input.userId, topic: "backtest.progress", payload: progressPayload(row) }, now);
      inTransaction?.(tx, row);
      return row;
    },
    { behavior: "immediate" },
  );
}

export function getRun(db: Db, userId: string, id: string): BacktestRow | null {
  return db.select().from(backtests).where(and(eq(backtests.userId, userId), eq(backtests.id, id))).get() ?? null;
}

export function requireRun(db: Db, userId: string, id: string): BacktestRow {
  const row = getRun(db, userId, id);
  if (!row) throw backtestNotFound();
  return row;
}

export function listRuns(db: Db, userId: string, q: { strategy_id?: string; status?: BacktestStatus; limit?: number; cursor?: string }) {
  const limit = q.limit ?? 50;
  const conditions = [eq(backtests.userId, userId)];
  if (q.strategy_id) conditions.push(eq(backtests.strategyId, q.strategy_id));
  if (q.status) conditions.push(eq(backtests.status, q.status));
  if (q.cursor) {
    const [createdAt, id] = decodeListCursor(q.cursor);
    conditions.push(or(lt(backtests.createdAt, createdAt), and(eq(backtests.createdAt, createdAt), lt(backtests.id, id)))!);
  }
  const rows = db
    .select()
    .from(backtests)
    .where(and(...conditions))
    .orderBy(desc(backtests.createdAt), desc(backtests.id))
    .limit(limit + 1)
    .all();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(listItem), next_cursor: rows.length > limit && last ? encodeListCursor(last.createdAt, last.id) : null };
}

/** Each strategy's latest completed run, for the strategies list. */
export function latestCompletedByStrategy(db: Db, userId: string, strategyIds: string[]) {
  if (strategyIds.length === 0) return new Map<string, ReturnType<typeof lastBacktestSummary>>();
  const rows = db
    .select()
    .from(backtests)
    .where(and(eq(backtests.userId, userId), eq(backtests.status, "completed"), inArray(backtests.strategyId, strategyIds)))
    .orderBy(desc(backtests.finishedAt), desc(backtests.id))
    .all();
  const latest = new Map<string, ReturnType<typeof lastBacktestSummary>>();
  for (const row of rows) if (!latest.has(row.strategyId)) latest.set(row.strategyId, lastBacktestSummary(row));
  return latest;
}

function lastBacktestSummary(row: BacktestRow) {
  const h = (row.headline ?? {}) as Partial<BacktestHeadline>;
  return {
    id: row.id,
    status: "completed" as const,
    finished_at: row.finishedAt ?? row.createdAt,
    total_return_pct: h.total_return_pct ?? 0,
    max_drawdown_pct: h.max_drawdown_pct ?? 0,
    sharpe: h.sharpe ?? null,
    win_rate: h.win_rate ?? null,
    trades_count: h.trades_count ?? 0,
    simulated: row.simulated,
  };
}

const tradeColumns = {
  seq: backtestTrades.seq,
  symbol: backtestTrades.symbol,
  side: backtestTrades.side,
  signal_at: backtestTrades.signalAt,
  entry_at: backtestTrades.entryAt,
  entry_price: backtestTrades.entryPrice,
  amount: backtestTrades.amount,
  entry_fee: backtestTrades.entryFee,
  exit_at: backtestTrades.exitAt,
  exit_price: backtestTrades.exitPrice,
  exit_fee: backtestTrades.exitFee,
  exit_reason: backtestTrades.exitReason,
  funding: backtestTrades.funding,
  pnl: backtestTrades.pnl,
  pnl_pct: backtestTrades.pnlPct,
  holding_ms: backtestTrades.holdingMs,
};

function decodeSeqCursor(cursor: string): number {
  const seq = Number(Buffer.from(cursor, "base64url").toString("utf8").replace(/^seq:/, ""));
  if (!Number.isInteger(seq) || seq < 0 || !Buffer.from(cursor, "base64url").toString("utf8").startsWith("seq:")) {
    throw new ValidationFailed({ cursor: ["is not a cursor this list returned"] });
  }
  return seq;
}

export function tradesPage(db: Db, run: BacktestRow, q: { limit?: number; cursor?: string; symbol?: string }) {
  const limit = q.limit ?? 100;
  const conditions = [eq(backtestTrades.backtestId, run.id)];
  if (q.symbol) conditions.push(eq(backtestTrades.symbol, q.symbol));
  if (q.cursor) conditions.push(gt(backtestTrades.seq, decodeSeqCursor(q.cursor)));
  const rows = db
    .select(tradeColumns)
    .from(backtestTrades)
    .where(and(...conditions))
    .orderBy(asc(backtestTrades.seq))
    .limit(limit + 1)
    .all() as TradeView[];
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page, next_cursor: rows.length > limit && last ? Buffer.from(`seq:${last.seq}`).toString("base64url") : null };
}

export function allTrades(db: Db, run: BacktestRow, symbol?: string): TradeView[] {
  const conditions = [eq(backtestTrades.backtestId, run.id)];
  if (symbol) conditions.push(eq(backtestTrades.symbol, symbol));
  return db.select(tradeColumns).from(backtestTrades).where(and(...conditions)).orderBy(asc(backtestTrades.seq)).all() as TradeView[];
}

/**
 * DELETE's two meanings: an active run is canceled and kept (its job is told to stop, or dropped
 * when it had not started); a finished one is removed with its trades.
 */
export function cancelOrDelete(db: Db, userId: string, id: string, now = Date.now()): { canceled: BacktestRow } | { deleted: true } {
  return db.transaction(
    (tx) => {
      const row = tx.select().from(backtests).where(and(eq(backtests.userId, userId), eq(backtests.id, id))).get();
      if (!row) throw backtestNotFound();
      if (!ACTIVE.includes(row.status as BacktestStatus)) {
        tx.delete(backtests).where(eq(backtests.id, id)).run();
        return { deleted: true as const };
      }
      if (row.jobId) {
        tx.update(jobs).set({ status: "cancelled", cancelRequested: true, finishedAt: now }).where(and(eq(jobs.id, row.jobId), eq(jobs.status, "queued"))).run();
        tx.update(jobs).set({ cancelRequested: true }).where(and(eq(jobs.id, row.jobId), eq(jobs.status, "running"))).run();
      }
      const canceled = tx
        .update(backtests)
        .set({ status: "canceled", phase: "canceled", finishedAt: now })
        .where(eq(backtests.id, id))
        .returning()
        .get();
      publishEvent(tx, { userId, topic: "backtest.progress", payload: progressPayload(canceled) }, now);
      return { canceled };
    },
    { behavior: "immediate" },
  );
}

/* ---- The job's side ---- */

export function runById(db: Db, id: string): BacktestRow | null {
  return db.select().from(backtests).where(eq(backtests.id, id)).get() ?? null;
}

/** queued → running; null when the run was canceled (or removed) before its job started. */
export function startRun(db: Db, id: string, now = Date.now()): BacktestRow | null {
  return db.transaction((tx) => {
    const row = tx
      .update(backtests)
      .set({ status: "running", phase: "running", startedAt: now })
      .where(and(eq(backtests.id, id), eq(backtests.status, "queued")))
      .returning()
      .get();
    if (row) publishEvent(tx, { userId: row.userId, topic: "backtest.progress", payload: progressPayload(row) }, now);
    return row ?? null;
  });
}

/**
 * Records progress and publishes it; false once the run is no longer running (canceled), which
 * tells the job to stop. Synchronous so the engine's own progress callback can call it.
 */
export function reportProgress(db: Db, id: string, progress: number, phase: BacktestPhase, now = Date.now()): boolean {
  const pct = Math.max(0, Math.min(100, Math.floor(progress)));
  return db.transaction((tx) => {
    const row = tx
      .update(backtests)
      .set({ progress: pct, phase })
      .where(and(eq(backtests.id, id), eq(backtests.status, "running")))
      .returning()
      .get();
    if (row) publishEvent(tx, { userId: row.userId, topic: "backtest.progress", payload: progressPayload(row) }, now);
    return row !== undefined;
  });
}

export interface CompletedResult {
  headline: BacktestHeadline;
  report: Record<string, unknown>;
  equityCurve: [number, number][];
  drawdownCurve: [number, number][];
  equityFull: Buffer;
  curveStartAt: number;
  curveIntervalMs: number;
  trades: Omit<TradeView, "seq">[];
}

const TRADE_INSERT_CHUNK = 500;

/** The result, its trades and the completed status in one transaction: a run is whole or not there. */
export function completeRun(db: Db, id: string, result: CompletedResult, now = Date.now()): boolean {
  return db.transaction(
    (tx) => {
      const row = tx
        .update(backtests)
        .set({
          status: "completed",
          phase: "completed",
          progress: 100,
          headline: result.headline as unknown as Record<string, unknown>,
          report: result.report,
          equityCurve: result.equityCurve,
          drawdownCurve: result.drawdownCurve,
          equityFull: result.equityFull,
          curveStartAt: result.curveStartAt,
          curveIntervalMs: result.curveIntervalMs,
          tradesCount: result.trades.length,
          finishedAt: now,
        })
        .where(and(eq(backtests.id, id), eq(backtests.status, "running")))
        .returning()
        .get();
      if (!row) return false;
      for (let i = 0; i < result.trades.length; i += TRADE_INSERT_CHUNK) {
        tx.insert(backtestTrades)
          .values(
            result.trades.slice(i, i + TRADE_INSERT_CHUNK).map((t, k) => ({
              backtestId: id,
              seq: i + k + 1,
              symbol: t.symbol,
              side: t.side,
              signalAt: t.signal_at,
              entryAt: t.entry_at,
              entryPrice: t.entry_price,
              amount: t.amount,
              entryFee: t.entry_fee,
              exitAt: t.exit_at,
              exitPrice: t.exit_price,
              exitFee: t.exit_fee,
              exitReason: t.exit_reason,
              funding: t.funding,
              pnl: t.pnl,
              pnlPct: t.pnl_pct,
              holdingMs: t.holding_ms,
            })),
          )
          .run();
      }
      publishEvent(tx, { userId: row.userId, topic: "backtest.progress", payload: progressPayload(row) }, now);
      return true;
    },
    { behavior: "immediate" },
  );
}

export function failRun(db: Db, id: string, message: string, now = Date.now()): boolean {
  return db.transaction((tx) => {
    const row = tx
      .update(backtests)
      .set({ status: "failed", phase: "failed", error: message, finishedAt: now })
      .where(and(eq(backtests.id, id), inArray(backtests.status, ACTIVE)))
      .returning()
      .get();
    if (row) publishEvent(tx, { userId: row.userId, topic: "backtest.progress", payload: progressPayload(row) }, now);
    return row !== undefined;
  });
}

/**
 * Runs whose job ended without them (the process stopped mid-run and the job was failed as
 * interrupted, or the job row is gone) are failed too, so nothing stays "running" forever.
 */
export function failOrphanedRuns(db: Db, now = Date.now()): number {
  const orphans = db
    .select({ id: backtests.id })
    .from(backtests)
    .leftJoin(jobs, eq(jobs.id, backtests.jobId))
    .where(and(inArray(backtests.status, ACTIVE), or(sql`${jobs.id} IS NULL`, inArray(jobs.status, ["failed", "succeeded", "cancelled"]))))
    .all();
  let failed = 0;
  for (const { id } of orphans) if (failRun(db, id, "The server stopped while this backtest was running. Run it again.", now)) failed++;
  return failed;
}
