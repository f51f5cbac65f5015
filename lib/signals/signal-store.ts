import { and, desc, eq, gte, inArray, lt, lte } from "drizzle-orm";
import type { Db } from "@/lib/db/open";
import { signals } from "@/lib/db/schema";
import { publishEvent } from "@/lib/events/publish";
import type { GeneratedSignal, IndicatorSnapshot, SignalReason, SignalSide } from "./generate";

/** The key a recorded signal is unique on (besides its candle): never mixes sources or algorithms. */
export type SignalSeries = { source: string; symbol: string; timeframe: string; algorithm: string };

/** One signal as the API serves it, recorded or computed on the fly. */
export type SignalItem = {
  symbol: string;
  signal: SignalSide;
  /** |score|: a strength, not a probability. */
  confidence: number;
  score: number;
  entry_price: number;
  stop_loss: number | null;
  take_profit: number | null;
  reward_risk_ratio: number | null;
  timeframe: string;
  candle_time: number;
  indicators: IndicatorSnapshot;
  reasons: SignalReason[];
  degraded: boolean;
  fear_greed_source: string | null;
  algorithm: string;
  source: string;
  /** True when read from the recorded signals, false when computed for an untracked pair. */
  recorded: boolean;
};

type StoredDetail = { score: number; indicators: IndicatorSnapshot; reasons: SignalReason[]; fear_greed_source: string | null };
type SignalRow = typeof signals.$inferSelect;

export function toSignalItem(source: string, symbol: string, g: GeneratedSignal, recorded: boolean): SignalItem {
  return {
    symbol,
    signal: g.signal,
    confidence: g.confidence,
    score: g.score,
    entry_price: g.entry_price,
    stop_loss: g.stop_loss,
    take_profit: g.take_profit,
    reward_risk_ratio: g.reward_risk_ratio,
    timeframe: g.timeframe,
    candle_time: g.candle_time,
    indicators: g.indicators,
    reasons: g.reasons,
    degraded: g.degraded,
    fear_greed_source: g.fear_greed_source,
    algorithm: g.algorithm_version,
    source,
    recorded,
  };
}

export function rowToSignalItem(row: SignalRow): SignalItem {
  const d = row.detail as unknown as StoredDetail;
  return {
    symbol: row.symbol,
    signal: row.signal as SignalSide,
    confidence: row.confidence,
    score: d.score,
    entry_price: row.entryPrice,
    stop_loss: row.stopLoss,
    take_profit: row.takeProfit,
    reward_risk_ratio: row.rewardRiskRatio,
    timeframe: row.timeframe,
    candle_time: row.candleTime,
    indicators: d.indicators,
    reasons: d.reasons,
    degraded: row.degraded,
    fear_greed_source: d.fear_greed_source,
    algorithm: row.algorithm,
    source: row.source,
    recorded: true,
  };
}

const seriesWhere = (k: SignalSeries) =>
  and(eq(signals.source, k.source), eq(signals.symbol, k.symbol), eq(signals.timeframe, k.timeframe), eq(signals.algorithm, k.algorithm));

export function readRecordedSignal(db: Db, key: SignalSeries, candleTime: number): SignalItem | null {
  const row = db.select().from(signals).where(and(seriesWhere(key), eq(signals.candleTime, candleTime))).get();
  return row ? rowToSignalItem(row) : null;
}

/** Candle times already recorded in [from, to], so a run computes only the missing ones. */
export function recordedCandleTimes(db: Db, key: SignalSeries, from: number, to: number): Set<number> {
  const rows = db
    .select({ t: signals.candleTime })
    .from(signals)
    .where(and(seriesWhere(key), gte(signals.candleTime, from), lte(signals.candleTime, to)))
    .all();
  return new Set(rows.map((r) => r.t));
}

export type RecordOutcome = {
  /** False when the candle was already recorded (by another process or an earlier run). */
  inserted: boolean;
  /** The previous recorded direction when it differed and the change was published. */
  changedFrom: SignalSide | null;
};

/**
 * Records one signal, at most once per (source, symbol, timeframe, candle, algorithm): a second
 * process computing the same candle inserts nothing. When `notifyUserIds` is given and the new
 * direction differs from the latest earlier recorded one, `signal.changed` goes to those users in
 * the same transaction, so the event exists exactly when the row does.
 */
export function recordSignal(
  db: Db,
  input: { source: string; symbol: string; signal: GeneratedSignal; notifyUserIds?: readonly string[] },
  now = Date.now(),
): RecordOutcome {
  const { source, symbol, signal: g } = input;
  const key: SignalSeries = { source, symbol, timeframe: g.timeframe, algorithm: g.algorithm_version };
  const detail: StoredDetail = { score: g.score, indicators: g.indicators, reasons: g.reasons, fear_greed_source: g.fear_greed_source };
  return db.transaction(
    (tx) => {
      const inserted = tx
        .insert(signals)
        .values({
          ...key,
          candleTime: g.candle_time,
          signal: g.signal,
          confidence: g.confidence,
          entryPrice: g.entry_price,
          stopLoss: g.stop_loss,
          takeProfit: g.take_profit,
          rewardRiskRatio: g.reward_risk_ratio,
          degraded: g.degraded,
          detail: detail as unknown as Record<string, unknown>,
          createdAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: signals.id })
        .get();
      if (!inserted) return { inserted: false, changedFrom: null };
      const notify = input.notifyUserIds ?? [];
      if (notify.length === 0) return { inserted: true, changedFrom: null };
      const previous = tx
        .select({ signal: signals.signal })
        .from(signals)
        .where(and(seriesWhere(key), lt(signals.candleTime, g.candle_time)))
        .orderBy(desc(signals.candleTime))
        .limit(1)
        .get();
      if (!previous || previous.signal === g.signal) return { inserted: true, changedFrom: null };
      const payload = {
        symbol,
        timeframe: g.timeframe,
        signal: g.signal,
        previous_signal: previous.signal,
        confidence: g.confidence,
        candle_time: g.candle_time,
        algorithm: g.algorithm_version,
        source,
      };
      for (const userId of notify) publishEvent(tx, { userId, topic: "signal.changed", payload }, now);
      return { inserted: true, changedFrom: previous.signal as SignalSide };
    },
    { behavior: "immediate" },
  );
}

/** A recorded buy or sell with levels, as scoring needs it. */
export type RecordedTradeSignal = {
  id: string;
  source: string;
  algorithm: string;
  symbol: string;
  timeframe: string;
  signal: "buy" | "sell";
  candle_time: number;
  confidence: number;
  entry_price: number;
  stop_loss: number;
  take_profit: number;
  degraded: boolean;
};

/**
 * The newest `limit` recorded buy and sell signals of these symbols at one timeframe, every source
 * and algorithm (the caller groups them), oldest first. Holds and signals without levels are not
 * trades and are never scored.
 */
export function readTradeSignals(db: Db, q: { symbols: readonly string[]; timeframe: string; limit: number }): RecordedTradeSignal[] {
  if (q.symbols.length === 0) return [];
  const out: RecordedTradeSignal[] = [];
  for (const symbol of q.symbols) {
    const rows = db
      .select()
      .from(signals)
      .where(and(eq(signals.symbol, symbol), eq(signals.timeframe, q.timeframe), inArray(signals.signal, ["buy", "sell"])))
      .orderBy(desc(signals.candleTime))
      .limit(q.limit)
      .all();
    for (const r of rows.reverse()) {
      if (r.stopLoss === null || r.takeProfit === null) continue;
      out.push({
        id: String(r.id),
        source: r.source,
        algorithm: r.algorithm,
        symbol: r.symbol,
        timeframe: r.timeframe,
        signal: r.signal as "buy" | "sell",
        candle_time: r.candleTime,
        confidence: r.confidence,
        entry_price: r.entryPrice,
        stop_loss: r.stopLoss,
        take_profit: r.takeProfit,
        degraded: r.degraded,
      });
    }
  }
  return out;
}
