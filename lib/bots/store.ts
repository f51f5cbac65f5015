import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/open";
import { botEvaluations, botStates, strategies, users } from "@/lib/db/schema";
import { publishEvent } from "@/lib/events/publish";
import { newId } from "@/lib/ids";
import type { MarketTimeframe } from "@/lib/market/provider";
import { timeframeMs } from "@/lib/market/timeframes";
import { nextEvaluationAt } from "./clock";

export type BotStatus = "running" | "paused";
/** Why a bot is paused. market_unavailable lifts itself when the source answers again. */
export type PauseReason = "user" | "close_all" | "account_reset" | "market_unavailable" | "unsupported";
export type BotOutcome = "ordered" | "no_signal" | "rejected" | "skipped_stale" | "error";
export type BotStateRow = typeof botStates.$inferSelect;

/**
 * The bots that should run: live strategies of active users that are enabled, or disabled but still
 * holding trades of their own (disabling stops new entries only: their exits keep running).
 */
export function listRunnableStrategies(db: Db) {
  return db
    .select({ strategy: strategies })
    .from(strategies)
    .innerJoin(users, eq(users.id, strategies.userId))
    .where(
      and(
        sql`${strategies.deletedAt} IS NULL`,
        eq(users.isActive, true),
        // Through the user's live account first: paper_lots is keyed by account, not by owner.
        sql`(${strategies.enabled} = 1 OR EXISTS (SELECT 1 FROM paper_lots l WHERE l.account_id = (SELECT a.id FROM paper_accounts a WHERE a.user_id = ${strategies.userId} AND a.archived_at IS NULL) AND l.owner = ${strategies.id} AND l.amount > 0))`,
      ),
    )
    .orderBy(strategies.createdAt)
    .all()
    .map((r) => r.strategy);
}

/** The bot's state, created running on first sight of its enabled strategy. */
export function ensureBotState(db: Db, userId: string, strategyId: string, now: number): BotStateRow {
  // Read first: the runner asks every second, and an insert that does nothing still takes the write lock.
  const existing = db.select().from(botStates).where(eq(botStates.strategyId, strategyId)).get();
  if (existing) return existing;
  db.insert(botStates).values({ strategyId, userId, status: "running", enabledAt: now, updatedAt: now }).onConflictDoNothing().run();
  return db.select().from(botStates).where(eq(botStates.strategyId, strategyId)).get() as BotStateRow;
}

export function readBotState(db: Db, userId: string, strategyId: string): BotStateRow | null {
  return db.select().from(botStates).where(and(eq(botStates.strategyId, strategyId), eq(botStates.userId, userId))).get() ?? null;
}

export function listBotStates(db: Db, userId: string): BotStateRow[] {
  return db.select().from(botStates).where(eq(botStates.userId, userId)).all();
}

export function updateBotState(db: Db, strategyId: string, patch: Partial<Omit<BotStateRow, "strategyId" | "userId">>, now: number): void {
  db.update(botStates)
    .set({ ...patch, updatedAt: now })
    .where(eq(botStates.strategyId, strategyId))
    .run();
}

/** Pauses every bot of a user (close-all, account reset); returns how many were running. */
export function pauseUserBots(db: Db, userId: string, reason: PauseReason, now: number): number {
  // Bots of enabled strategies that never ran yet get a paused row too, so they do not start.
  const enabled = db
    .select({ id: strategies.id })
    .from(strategies)
    .where(and(eq(strategies.userId, userId), eq(strategies.enabled, true), sql`${strategies.deletedAt} IS NULL`))
    .all();
  for (const { id } of enabled) db.insert(botStates).values({ strategyId: id, userId, status: "running", enabledAt: now, updatedAt: now }).onConflictDoNothing().run();
  return db
    .update(botStates)
    .set({ status: "paused", pausedReason: reason, updatedAt: now })
    .where(and(eq(botStates.userId, userId), eq(botStates.status, "running")))
    .returning({ id: botStates.strategyId })
    .all().length;
}

export interface EvaluationInput {
  userId: string;
  strategyId: string;
  strategyVersion: number;
  symbol: string;
  timeframe: string;
  openTime: number;
  outcome: BotOutcome;
  action?: string | null;
  reason?: string | null;
  orderId?: string | null;
  idempotencyKey?: string | null;
  evaluatedBy: string;
}

/**
 * Records what a bot did for one candle of one symbol. Inside the order's transaction when there is
 * one: the unique (strategy, symbol, timeframe, open_time) key then rolls the order back if another
 * process recorded the candle first. Throws on that conflict.
 */
export function recordEvaluation(db: Db, input: EvaluationInput, now: number): void {
  db.insert(botEvaluations)
    .values({ id: newId(), ...input, action: input.action ?? null, reason: input.reason ?? null, orderId: input.orderId ?? null, idempotencyKey: input.idempotencyKey ?? null, createdAt: now })
    .run();
}

/** Who evaluated a candle already, or null. */
export function evaluationOf(db: Db, strategyId: string, symbol: string, timeframe: string, openTime: number) {
  return (
    db
      .select()
      .from(botEvaluations)
      .where(and(eq(botEvaluations.strategyId, strategyId), eq(botEvaluations.symbol, symbol), eq(botEvaluations.timeframe, timeframe), eq(botEvaluations.openTime, openTime)))
      .get() ?? null
  );
}

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && /UNIQUE constraint failed/.test(error.message);
}

export function botStateWire(state: BotStateRow, tfMs: number) {
  return {
    strategy_id: state.strategyId,
    status: state.status,
    paused_reason: state.pausedReason,
    enabled_at: state.enabledAt,
    last_candle_time: state.lastCandleTime,
    last_action: state.lastAction,
    last_error: state.lastError,
    last_evaluated_at: state.lastEvaluatedAt,
    next_evaluation_at: state.status === "running" && state.lastCandleTime !== null ? nextEvaluationAt(state.lastCandleTime, tfMs) : null,
  };
}

/** Close-all and account reset pause every bot of the user first (§3.13); returns how many were running. */
export function pauseAllBots(db: Db, userId: string, reason: Extract<PauseReason, "close_all" | "account_reset">, now = Date.now()): number {
  return db.$client.transaction(() => {
    const paused = pauseUserBots(db, userId, reason, now);
    const timeframes = new Map(db.select({ id: strategies.id, timeframe: strategies.timeframe }).from(strategies).where(eq(strategies.userId, userId)).all().map((s) => [s.id, s.timeframe]));
    for (const state of listBotStates(db, userId)) {
      const tf = timeframes.get(state.strategyId);
      if (tf) publishEvent(db, { userId, topic: "bot.state", payload: botStateWire(state, timeframeMs(tf as MarketTimeframe)) }, now);
    }
    return paused;
  })();
}
