/**
 * The matcher's database side (trading-semantics.md §3.4, §3.12): resting orders against price
 * updates and against closed 1-minute candles, through the core's matching rules. Every trigger and
 * fill is its own immediate transaction guarded by `status = 'open'`; a candle's fills and the
 * cursor that records the candle as processed commit together, so a replay after downtime fills a
 * resting order exactly once, at the historical price, stamped with the candle's minute.
 *
 * The cursor is kept per (source, symbol): candles arrive per symbol, and one cursor per source
 * would mark a minute processed for symbols whose candle had not been matched yet.
 */
import type { Db } from "@/lib/db/open";
import { readCandles } from "@/lib/market/candle-store";
import {
  fromNumber,
  matchOcoOnCandle,
  matchOnCandle,
  matchOnPrice,
  MINUTE_MS,
  type MatchOutcome,
  type MinuteCandle,
  type OcoPair,
  type PriceQuote,
  type RestingOrder,
  type TradingMarket,
} from "@/lib/trading/core";
import { encodeTrailing, fillOrderTx, orderTerms, readOrder, toResting, type FillOutcome, type OrderRow } from "./order-rows";
import { DEFAULT_MAX_PRICE_AGE_MS } from "./orders";
import { all, immediate, one, run, toNum, type Sqlite } from "./sql";

export interface MatchScope {
  /** The market source the prices come from; only accounts bound to it are matched (§3.1). */
  source: string;
  symbol: string;
  market: TradingMarket;
  /**
   * One account only; default every live account bound to the source. The cursor belongs to the
   * whole source and symbol, so a one-account candle match neither reads nor moves it.
   */
  accountId?: string;
  /**
   * Called inside each transaction that fills, triggers or rejects an order, with the row as it now
   * stands: where the caller publishes its event (publishEvent on the same db handle writes through
   * the same connection, so the event commits with the fill or not at all).
   */
  onChange?: (order: OrderRow, change: "filled" | "triggered" | "rejected") => void;
}

export interface MatchReport {
  filled: string[];
  triggered: string[];
  /** Orders whose fill the balances could not pay for (a stop buy gapping past its buffer). */
  rejected: string[];
}

const emptyReport = (): MatchReport => ({ filled: [], triggered: [], rejected: [] });

function openOrderIds(sqlite: Sqlite, scope: MatchScope): string[] {
  const rows = all<{ id: string; account_id: string }>(
    sqlite,
    `SELECT o.id, o.account_id FROM paper_orders o JOIN paper_accounts a ON a.id = o.account_id
     WHERE o.status = 'open' AND o.symbol = ? AND a.source = ? AND a.archived_at IS NULL
     ORDER BY o.placed_at, o.id`,
    scope.symbol,
    scope.source,
  );
  return rows.filter((r) => scope.accountId === undefined || r.account_id === scope.accountId).map((r) => r.id);
}

/** Applies one outcome of the core to a still-open row, inside the caller's transaction. */
function applyOutcome(sqlite: Sqlite, row: OrderRow, outcome: MatchOutcome, scope: MatchScope, now: number, report: MatchReport): void {
  if (outcome.kind === "fill") {
    const f: FillOutcome = fillOrderTx(sqlite, row, { price: outcome.fill.price, liquidity: outcome.fill.liquidity, ts: outcome.fill.ts, source: scope.source }, scope.market, now);
    if (f.kind === "filled") {
      report.filled.push(row.id);
      scope.onChange?.(f.order, "filled");
    } else if (f.kind === "rejected") {
      report.rejected.push(row.id);
      scope.onChange?.(f.order, "rejected");
    }
    return;
  }
  if (outcome.kind === "triggered") {
    // A stop-limit whose stop fired rests on as a limit at its price, from the time it fired.
    const changed = run(
      sqlite,
      "UPDATE paper_orders SET triggered = 1, placed_at = ?, trailing_state = ?, updated_at = ? WHERE id = ? AND status = 'open'",
      outcome.order.placed_at,
      encodeTrailing(outcome.order.trailing),
      now,
      row.id,
    );
    if (changed.changes === 1) {
      report.triggered.push(row.id);
      scope.onChange?.(readOrder(sqlite, row.id) as OrderRow, "triggered");
    }
    return;
  }
  if (outcome.changed) {
    run(sqlite, "UPDATE paper_orders SET trailing_state = ?, updated_at = ? WHERE id = ? AND status = 'open'", encodeTrailing(outcome.order.trailing), now, row.id);
  }
}

/**
 * Matches the scope's resting orders against one price update (§3.3: triggers use the last
 * price). Each order is read, matched and written in its own transaction. The legs of an OCO pair
 * are matched one by one: one price cannot be both below the stop and at or above the target
 * (matchOcoOnPrice's own argument), and a leg's fill cancels its partner in its transaction. A
 * price older than `maxPriceAgeMs` triggers nothing (§3.1): the candles replay that stretch once
 * they are stored.
 */
export function matchPriceUpdate(db: Db, scope: MatchScope, quote: PriceQuote, now = Date.now(), maxPriceAgeMs = DEFAULT_MAX_PRICE_AGE_MS): MatchReport {
  const report = emptyReport();
  if (now - quote.ts > maxPriceAgeMs) return report;
  for (const id of openOrderIds(db.$client, scope)) {
    immediate(db, (sqlite) => {
      const row = readOrder(sqlite, id);
      if (!row || row.status !== "open") return;
      applyOutcome(sqlite, row, matchOnPrice(toResting(row), quote, { slippage: orderTerms(row).slippage }), scope, now, report);
    });
  }
  return report;
}

/** Candle precedence (§3.4): stops first, then take-profits, then limits; then by age. */
function candlePriority(o: RestingOrder): number {
  if (o.type === "stop_market" || o.type === "trailing_stop" || (o.type === "stop_limit" && !o.triggered)) return 0;
  return o.type === "take_profit" ? 1 : 2;
}

export function readCursor(db: Db, scope: Pick<MatchScope, "source" | "symbol">): number | null {
  const r = one<{ last_minute: bigint }>(db.$client, "SELECT last_minute FROM paper_matcher_cursors WHERE source = ? AND symbol = ?", scope.source, scope.symbol);
  return r ? toNum(r.last_minute) : null;
}

function writeCursor(sqlite: Sqlite, scope: MatchScope, minute: number, now: number): void {
  run(
    sqlite,
    `INSERT INTO paper_matcher_cursors (source, symbol, last_minute, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (source, symbol) DO UPDATE SET last_minute = excluded.last_minute, updated_at = excluded.updated_at`,
    scope.source,
    scope.symbol,
    minute,
    now,
  );
}

/** An OCO group's two open legs as the core's pair (stop-loss leg, take-profit leg), or null. */
function ocoPairOf(sqlite: Sqlite, row: OrderRow): { pair: OcoPair; rows: { stop: OrderRow; target: OrderRow } } | null {
  if (row.oco_group === null) return null;
  const legs = all<OrderRow>(sqlite, "SELECT * FROM paper_orders WHERE oco_group = ? AND status = 'open' ORDER BY created_at, id", row.oco_group);
  const target = legs.find((l) => l.type === "limit" || l.type === "take_profit");
  const stop = legs.find((l) => l !== target);
  if (legs.length !== 2 || !target || !stop) return null;
  return { pair: { id: row.oco_group, stop: toResting(stop), target: toResting(target) }, rows: { stop, target } };
}

/**
 * One candle against an OCO pair (§3.3, §1.7): the core decides which leg wins inside the candle;
 * the winner's fill cancels the other leg in the same transaction (fillOrderTx).
 */
function applyOcoCandle(sqlite: Sqlite, found: NonNullable<ReturnType<typeof ocoPairOf>>, candle: MinuteCandle, scope: MatchScope, now: number, report: MatchReport): void {
  const { pair, rows } = found;
  const r = matchOcoOnCandle(pair, candle, { slippage: orderTerms(rows.stop).slippage });
  if (r.kind === "done") {
    applyOutcome(sqlite, r.leg === "stop" ? rows.stop : rows.target, r.outcome, scope, now, report);
    return;
  }
  if (r.changed) {
    for (const [leg, row] of [[r.pair.stop, rows.stop], [r.pair.target, rows.target]] as const) {
      run(sqlite, "UPDATE paper_orders SET trailing_state = ?, updated_at = ? WHERE id = ? AND status = 'open'", encodeTrailing(leg.trailing), now, row.id);
    }
  }
}

/**
 * Matches a closed 1m candle (§3.4): orders that existed when it opened, stops first, at the
 * candle's prices, stamped with its open time; then moves the cursor to it, all in one transaction.
 * An OCO pair is matched as one entry with the stops. A candle at or before the cursor was
 * processed already and is skipped.
 */
export function matchClosedCandle(db: Db, scope: MatchScope, candle: MinuteCandle, now = Date.now()): MatchReport & { skipped: boolean } {
  return immediate(db, (sqlite) => {
    const report = emptyReport();
    const whole = scope.accountId === undefined;
    const cursor = whole ? one<{ last_minute: bigint }>(sqlite, "SELECT last_minute FROM paper_matcher_cursors WHERE source = ? AND symbol = ?", scope.source, scope.symbol) : undefined;
    if (cursor && toNum(cursor.last_minute) >= candle.open_time) return { ...report, skipped: true };
    const rows = openOrderIds(sqlite, scope)
      .map((id) => readOrder(sqlite, id) as OrderRow)
      .map((row) => ({ row, resting: toResting(row) }))
      // A pair ranks with the stops, as the core's replay ranks it.
      .sort((a, b) => (a.row.oco_group !== null ? 0 : candlePriority(a.resting)) - (b.row.oco_group !== null ? 0 : candlePriority(b.resting)) || a.resting.placed_at - b.resting.placed_at);
    const pairsSeen = new Set<string>();
    for (const { row } of rows) {
      const current = readOrder(sqlite, row.id);
      if (!current || current.status !== "open") continue;
      // Each pair meets the candle once, not once per leg: a second pass would test the candle's
      // low against a trailing level its own high had just raised (§1.7).
      if (current.oco_group !== null && pairsSeen.has(current.oco_group)) continue;
      const pair = ocoPairOf(sqlite, current);
      if (pair) {
        pairsSeen.add(pair.pair.id);
        applyOcoCandle(sqlite, pair, candle, scope, now, report);
      } else applyOutcome(sqlite, current, matchOnCandle(toResting(current), candle, { slippage: orderTerms(current).slippage }), scope, now, report);
    }
    if (whole) writeCursor(sqlite, scope, candle.open_time, now);
    return { ...report, skipped: false };
  });
}

/** A stored candle's float prices in atomic units at the market's price scale. */
function toMinuteCandle(openTime: number, o: number, h: number, l: number, c: number, market: TradingMarket): MinuteCandle {
  const p = (x: number) => fromNumber(x, market.scales.price, "down");
  return { open_time: openTime, open: p(o), high: p(h), low: p(l), close: p(c) };
}

/**
 * Replays every stored closed 1m candle after the cursor (§3.4), on start or after a gap. Without a
 * cursor it starts at the oldest open order's minute (nothing older can fill it); with no open
 * orders it only records the last closed minute. `now` bounds the replay to closed candles.
 */
export function replaySince(db: Db, scope: MatchScope, now = Date.now()): MatchReport & { candles: number; cursor: number | null } {
  if (scope.accountId !== undefined) throw new RangeError("A replay runs for every account of the source: the cursor is theirs together");
  const lastClosed = Math.floor(now / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
  let cursor = readCursor(db, scope);
  if (cursor === null) {
    const oldest = one<{ placed_at: bigint | null }>(
      db.$client,
      `SELECT MIN(o.placed_at) AS placed_at FROM paper_orders o JOIN paper_accounts a ON a.id = o.account_id
       WHERE o.status = 'open' AND o.symbol = ? AND a.source = ? AND a.archived_at IS NULL`,
      scope.symbol,
      scope.source,
    )?.placed_at;
    if (oldest === null || oldest === undefined) {
      immediate(db, (sqlite) => writeCursor(sqlite, scope, lastClosed, now));
      return { ...emptyReport(), candles: 0, cursor: lastClosed };
    }
    cursor = Math.floor(toNum(oldest) / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
  }
  const c = readCandles(db, { source: scope.source, symbol: scope.symbol, timeframe: "1m", from: cursor + MINUTE_MS, to: lastClosed + MINUTE_MS });
  const report = emptyReport();
  for (let i = 0; i < c.openTime.length; i++) {
    const r = matchClosedCandle(db, scope, toMinuteCandle(c.openTime[i], c.open[i], c.high[i], c.low[i], c.close[i], scope.market), now);
    report.filled.push(...r.filled);
    report.triggered.push(...r.triggered);
    report.rejected.push(...r.rejected);
  }
  return { ...report, candles: c.openTime.length, cursor: readCursor(db, scope) };
}
