/**
 * Trigger and fill rules for the paper exchange (trading-semantics.md §3.2–§3.4, §1.7). Pure
 * functions: each takes an order (or an OCO pair) and one market event, a price update or a closed
 * 1-minute candle, and says what happens: nothing, a state change, or one complete fill (§3.5: no
 * depth model, so a triggered order fills in full).
 *
 * Prices are atomic units. Market-type fills (market, stop, take-profit, trailing) take slippage
 * against the trader and round against the trader; a resting limit fills at exactly its price.
 */
import { applyRatio, maxBig, minBig, onePlus, oneMinus, type Ratio } from "./money";
import type { Liquidity, MinuteCandle, OrderType, PriceQuote, Side } from "./types";

export interface MatchConfig {
  slippage: Ratio;
  /** Require price strictly beyond a limit to fill it, modelling queue position (§3.3); default off. */
  limit_requires_trade_through?: boolean;
}

/** A trailing stop's extreme (peak for a sell, trough for a buy) and whether it is active. */
export interface TrailingPoint {
  activated: boolean;
  extreme: bigint | null;
}

/**
 * Two views of the trailing state. `live` follows every price update; `settled` follows closed
 * candles only, so a candle's low is tested against the level as it stood at that candle's open
 * (§1.7: a candle's high never triggers an exit in the same candle).
 */
export interface TrailingState {
  live: TrailingPoint;
  settled: TrailingPoint;
}

export type RestingType = Exclude<OrderType, "market">;

export interface RestingOrder {
  id: string;
  side: Side;
  type: RestingType;
  amount: bigint;
  /** Limit price (limit, stop_limit). */
  price: bigint | null;
  /** Trigger price (stop_market, stop_limit, take_profit). */
  stop_price: bigint | null;
  trailing_delta_bps: number | null;
  activation_price: bigint | null;
  trailing: TrailingState | null;
  /** A stop-limit whose stop has fired and now rests as a limit at `price`. */
  triggered: boolean;
  /**
   * When it began resting in its current form, ms. Candle matching considers only orders that
   * existed when the candle opened (§3.4).
   */
  placed_at: number;
}

export interface Fill {
  price: bigint;
  liquidity: Liquidity;
  /** The price at which the trigger fired (stop, target or trailing level, or the open on a gap). */
  trigger_price: bigint | null;
  /** The price update's time, or the candle's open time for candle fills. */
  ts: number;
}

export type MatchOutcome =
  /** Nothing filled; `order` carries any state change (trailing levels), `changed` says if there was one. */
  | { kind: "none"; order: RestingOrder; changed: boolean }
  /** A stop-limit fired and now rests as a limit. */
  | { kind: "triggered"; order: RestingOrder }
  | { kind: "fill"; order: RestingOrder; fill: Fill };

export const MINUTE_MS = 60_000;
const BPS = BigInt(10_000);

/** Taker fill of a market order at the book, slippage against the trader (§3.2). */
export function marketFillPrice(side: Side, quote: Pick<PriceQuote, "bid" | "ask">, slippage: Ratio): bigint {
  return side === "buy" ? applyRatio(quote.ask, onePlus(slippage), "up") : applyRatio(quote.bid, oneMinus(slippage), "down");
}

/** A market-type fill at reference price p: buys pay p × (1 + s), sells get p × (1 − s). */
function slipped(side: Side, p: bigint, slippage: Ratio): bigint {
  return marketFillPrice(side, { bid: p, ask: p }, slippage);
}

/** A marketable limit takes the better of the book and its limit (§3.3). */
function marketableLimitPrice(side: Side, limit: bigint, book: Pick<PriceQuote, "bid" | "ask">, slippage: Ratio): bigint {
  const taken = marketFillPrice(side, book, slippage);
  return side === "buy" ? minBig(limit, taken) : maxBig(limit, taken);
}

function isMarketable(side: Side, limit: bigint, book: Pick<PriceQuote, "bid" | "ask">): boolean {
  return side === "buy" ? limit >= book.ask : limit <= book.bid;
}

/** Whether a price touches (or, with trade-through, passes) a resting limit. */
function limitReached(side: Side, limit: bigint, price: bigint, cfg: MatchConfig): boolean {
  if (cfg.limit_requires_trade_through) return side === "buy" ? price < limit : price > limit;
  return side === "buy" ? price <= limit : price >= limit;
}

/**
 * The direction a trigger fires in. Stops fire against the position (a sell stop when price falls);
 * take-profits fire in its favour (a sell target when price rises).
 */
function firesOnFall(type: RestingType, side: Side): boolean {
  const stopLike = type === "stop_market" || type === "stop_limit" || type === "trailing_stop";
  return stopLike === (side === "sell");
}

function crossed(fallTrigger: boolean, trigger: bigint, price: bigint): boolean {
  return fallTrigger ? price <= trigger : price >= trigger;
}

/** The trailing level, exact: a sell fires when last × 10,000 ≤ peak × (10,000 − δ). */
function trailingFires(side: Side, extreme: bigint, deltaBps: number, price: bigint): boolean {
  const d = BigInt(deltaBps);
  return side === "sell" ? price * BPS <= extreme * (BPS - d) : price * BPS >= extreme * (BPS + d);
}

/** The trailing level as a price, rounded against the trader (down for a sell's stop, up for a buy's). */
export function trailingLevel(side: Side, extreme: bigint, deltaBps: number): bigint {
  const r = { num: BigInt(deltaBps), den: BPS };
  return side === "sell" ? applyRatio(extreme, oneMinus(r), "down") : applyRatio(extreme, onePlus(r), "up");
}

function activates(side: Side, activation: bigint | null, price: bigint): boolean {
  if (activation === null) return true;
  // A sell trails a rise that has reached the activation price; a buy trails a fall to it.
  return side === "sell" ? price >= activation : price <= activation;
}

/** Moves a trailing point with a price seen (a tick, or a closed candle's high or low). */
function advance(point: TrailingPoint, side: Side, activation: bigint | null, price: bigint): TrailingPoint {
  const activated = point.activated || activates(side, activation, price);
  if (!activated) return point;
  const extreme = point.extreme === null ? price : side === "sell" ? maxBig(point.extreme, price) : minBig(point.extreme, price);
  return { activated, extreme };
}

function samePoint(a: TrailingPoint, b: TrailingPoint): boolean {
  return a.activated === b.activated && a.extreme === b.extreme;
}

function mergePoints(side: Side, a: TrailingPoint, b: TrailingPoint): TrailingPoint {
  const activated = a.activated || b.activated;
  if (a.extreme === null || b.extreme === null) return { activated, extreme: a.extreme ?? b.extreme };
  return { activated, extreme: side === "sell" ? maxBig(a.extreme, b.extreme) : minBig(a.extreme, b.extreme) };
}

/**
 * An order as it starts resting, or fills at once (§3.3). A limit that is marketable on placement
 * takes the book as a taker at min(L, ask × (1 + s)) for a buy. A trailing stop starts trailing from
 * the current price (or waits for its activation price).
 */
export function placeOrder(order: RestingOrder, quote: PriceQuote, cfg: MatchConfig): MatchOutcome {
  if (order.type === "limit" && order.price !== null && isMarketable(order.side, order.price, quote)) {
    return fillNow(order, marketableLimitPrice(order.side, order.price, quote, cfg.slippage), "taker", null, quote.ts);
  }
  if (order.type === "trailing_stop") {
    const start = advance({ activated: false, extreme: null }, order.side, order.activation_price, quote.last);
    return { kind: "none", order: { ...order, trailing: { live: start, settled: start }, placed_at: quote.ts }, changed: true };
  }
  return { kind: "none", order: { ...order, placed_at: quote.ts }, changed: false };
}

function fillNow(order: RestingOrder, price: bigint, liquidity: Liquidity, trigger: bigint | null, ts: number): MatchOutcome {
  return { kind: "fill", order, fill: { price, liquidity, trigger_price: trigger, ts } };
}

/** Matches a resting order against one price update (§3.3: triggers use the last price). */
export function matchOnPrice(order: RestingOrder, quote: PriceQuote, cfg: MatchConfig): MatchOutcome {
  const { side, type } = order;
  const last = quote.last;
  const none: MatchOutcome = { kind: "none", order, changed: false };

  if (type === "limit" || (type === "stop_limit" && order.triggered)) {
    const limit = order.price as bigint;
    return limitReached(side, limit, last, cfg) ? fillNow(order, limit, "maker", null, quote.ts) : none;
  }

  if (type === "trailing_stop") {
    const state = order.trailing ?? { live: { activated: false, extreme: null }, settled: { activated: false, extreme: null } };
    const delta = order.trailing_delta_bps as number;
    const live = advance(state.live, side, order.activation_price, last);
    const updated = { ...order, trailing: { ...state, live } };
    if (live.activated && live.extreme !== null && trailingFires(side, live.extreme, delta, last)) {
      return fillNow(updated, marketFillPrice(side, quote, cfg.slippage), "taker", trailingLevel(side, live.extreme, delta), quote.ts);
    }
    return { kind: "none", order: updated, changed: !samePoint(live, state.live) };
  }

  const stop = order.stop_price as bigint;
  if (!crossed(firesOnFall(type, side), stop, last)) return none;
  if (type === "stop_limit") {
    const limit = order.price as bigint;
    if (isMarketable(side, limit, quote)) return fillNow(order, marketableLimitPrice(side, limit, quote, cfg.slippage), "taker", stop, quote.ts);
    return { kind: "triggered", order: { ...order, triggered: true, placed_at: quote.ts } };
  }
  // stop_market and take_profit fill as market orders at the moment of the trigger (may be beyond S).
  return fillNow(order, marketFillPrice(side, quote, cfg.slippage), "taker", stop, quote.ts);
}

/**
 * Matches a resting order against a closed 1-minute candle (§3.4), catching wicks between price
 * updates and replaying downtime. Only orders that existed when the candle opened take part; fills
 * are stamped with the candle's open time.
 *
 * Prices: a limit fills at L, even when the candle opened beyond it (no price improvement, §1.6).
 * A sell stop fills at min(S, open) × (1 − s), a buy stop at max(S, open) × (1 + s): a gap through
 * the stop fills at the open. A take-profit (a market order on trigger) mirrors that in its own
 * direction, so a gap through it fills at the open too.
 */
export function matchOnCandle(order: RestingOrder, candle: MinuteCandle, cfg: MatchConfig): MatchOutcome {
  const { side, type } = order;
  const none: MatchOutcome = { kind: "none", order, changed: false };
  if (order.placed_at > candle.open_time) return none;
  const ts = candle.open_time;

  if (type === "limit" || (type === "stop_limit" && order.triggered)) {
    const limit = order.price as bigint;
    const touched = limitReached(side, limit, side === "buy" ? candle.low : candle.high, cfg);
    return touched ? fillNow(order, limit, "maker", null, ts) : none;
  }

  if (type === "trailing_stop") return matchTrailingOnCandle(order, candle, cfg);

  const stop = order.stop_price as bigint;
  const onFall = firesOnFall(type, side);
  if (!crossed(onFall, stop, onFall ? candle.low : candle.high)) return none;
  // Where the trigger fired: at the open when the candle opened beyond the level, else at the level.
  const triggerAt = onFall ? minBig(stop, candle.open) : maxBig(stop, candle.open);
  if (type === "stop_limit") {
    const limit = order.price as bigint;
    const book = { bid: triggerAt, ask: triggerAt };
    if (isMarketable(side, limit, book)) return fillNow(order, marketableLimitPrice(side, limit, book, cfg.slippage), "taker", triggerAt, ts);
    // The path after a mid-candle trigger is unknown, so the limit rests from the next candle.
    return { kind: "triggered", order: { ...order, triggered: true, placed_at: candle.open_time + 1 } };
  }
  return fillNow(order, slipped(side, triggerAt, cfg.slippage), "taker", triggerAt, ts);
}

/**
 * A trailing stop against a candle, as §1.7 orders it: test the gap at the open and then the low
 * (a sell; a buy mirrors with the high) against the level as it stood at the open, and only then
 * raise the level with the candle's high, effective from the next candle.
 */
function matchTrailingOnCandle(order: RestingOrder, candle: MinuteCandle, cfg: MatchConfig): MatchOutcome {
  const { side } = order;
  const delta = order.trailing_delta_bps as number;
  const state = order.trailing ?? { live: { activated: false, extreme: null }, settled: { activated: false, extreme: null } };
  const { settled } = state;
  const ts = candle.open_time;
  if (settled.activated && settled.extreme !== null) {
    const level = trailingLevel(side, settled.extreme, delta);
    const adverse = side === "sell" ? candle.low : candle.high;
    if (trailingFires(side, settled.extreme, delta, adverse)) {
      const gap = trailingFires(side, settled.extreme, delta, candle.open);
      const triggerAt = gap ? candle.open : level;
      return fillNow(order, slipped(side, triggerAt, cfg.slippage), "taker", triggerAt, ts);
    }
  }
  const favourable = side === "sell" ? candle.high : candle.low;
  const nextSettled = advance(settled, side, order.activation_price, favourable);
  const live = mergePoints(side, state.live, nextSettled);
  const changed = !samePoint(nextSettled, settled) || !samePoint(live, state.live);
  return { kind: "none", order: { ...order, trailing: { live, settled: nextSettled } }, changed };
}

/**
 * An OCO pair (§3.3): a stop-loss leg (stop_market, stop_limit or trailing_stop) and a take-profit
 * leg (limit or take_profit) on the same side and amount, sharing one lock. The first leg to fill or
 * trigger cancels the other.
 */
export interface OcoPair {
  id: string;
  stop: RestingOrder;
  target: RestingOrder;
}

export type OcoOutcome =
  | { kind: "none"; pair: OcoPair; changed: boolean }
  /** `leg` filled or (a stop-limit) triggered; `canceled` is the other leg's id. */
  | { kind: "done"; leg: "stop" | "target"; outcome: Exclude<MatchOutcome, { kind: "none" }>; canceled: string };

function ocoResult(pair: OcoPair, stop: MatchOutcome, target: MatchOutcome | null): OcoOutcome {
  if (stop.kind !== "none") return { kind: "done", leg: "stop", outcome: stop, canceled: pair.target.id };
  if (target && target.kind !== "none") return { kind: "done", leg: "target", outcome: target, canceled: pair.stop.id };
  const next = { ...pair, stop: stop.order, target: target?.order ?? pair.target };
  return { kind: "none", pair: next, changed: stop.changed || (target?.kind === "none" && target.changed) };
}

/** One price cannot be both below the stop and above the target, so the order of tests is moot here. */
export function matchOcoOnPrice(pair: OcoPair, quote: PriceQuote, cfg: MatchConfig): OcoOutcome {
  const stop = matchOnPrice(pair.stop, quote, cfg);
  return stop.kind !== "none" ? ocoResult(pair, stop, null) : ocoResult(pair, stop, matchOnPrice(pair.target, quote, cfg));
}

/**
 * Which leg wins inside one candle (§1.7): a gap through the stop at the open, then a gap through
 * the target, then the stop against the range, then the target. When both levels lie inside the
 * range, the stop is assumed to have come first.
 */
export function matchOcoOnCandle(pair: OcoPair, candle: MinuteCandle, cfg: MatchConfig): OcoOutcome {
  const stop = matchOnCandle(pair.stop, candle, cfg);
  const target = matchOnCandle(pair.target, candle, cfg);
  if (stop.kind !== "none" && target.kind !== "none" && !gapsAtOpen(pair.stop, candle) && gapsAtOpen(pair.target, candle)) {
    return ocoResult(pair, { kind: "none", order: pair.stop, changed: false }, target);
  }
  return ocoResult(pair, stop, target);
}

/** Whether the candle's open alone is already beyond the order's trigger or limit. */
function gapsAtOpen(order: RestingOrder, candle: MinuteCandle): boolean {
  const point: MinuteCandle = { open_time: candle.open_time, open: candle.open, high: candle.open, low: candle.open, close: candle.open };
  return matchOnCandle(order, point, { slippage: { num: BigInt(0), den: BigInt(1) } }).kind !== "none";
}

/** Candle matching precedence between orders: stops, then targets, then limits; then by age. */
function candlePriority(order: RestingOrder): number {
  if (order.type === "stop_market" || order.type === "trailing_stop" || (order.type === "stop_limit" && !order.triggered)) return 0;
  if (order.type === "take_profit") return 1;
  return 2;
}

export type BookEntry = { kind: "order"; order: RestingOrder } | { kind: "oco"; pair: OcoPair };

export interface ReplayEvent {
  /** The order or OCO pair id. */
  id: string;
  candle_open_time: number;
  outcome: Exclude<MatchOutcome, { kind: "none" }>;
  /** The OCO leg canceled by this event, if any. */
  canceled: string | null;
}

/**
 * Replays closed candles after `cursor` (the last processed minute's open time) in time order, as
 * the matcher does on start after downtime (§3.4): resting orders live on the exchange and fill at
 * the historical price. Returns the events, the book that is left and the new cursor. Balance
 * effects are the caller's: it applies each fill through the ledger in the same transaction that
 * moves the cursor, so a replay happens exactly once.
 */
export function replayCandles(
  book: readonly BookEntry[],
  candles: readonly MinuteCandle[],
  cursor: number,
  cfg: MatchConfig,
): { events: ReplayEvent[]; book: BookEntry[]; cursor: number } {
  let open = [...book];
  const events: ReplayEvent[] = [];
  let at = cursor;
  const sorted = candles.filter((c) => c.open_time > cursor).sort((a, b) => a.open_time - b.open_time);
  for (const candle of sorted) {
    const ordered = [...open].sort((a, b) => entryPriority(a) - entryPriority(b) || entryAge(a) - entryAge(b));
    const next: BookEntry[] = [];
    for (const entry of ordered) {
      if (entry.kind === "order") {
        const r = matchOnCandle(entry.order, candle, cfg);
        if (r.kind === "fill") events.push({ id: entry.order.id, candle_open_time: candle.open_time, outcome: r, canceled: null });
        else {
          if (r.kind === "triggered") events.push({ id: entry.order.id, candle_open_time: candle.open_time, outcome: r, canceled: null });
          next.push({ kind: "order", order: r.order });
        }
      } else {
        const r = matchOcoOnCandle(entry.pair, candle, cfg);
        if (r.kind === "none") next.push({ kind: "oco", pair: r.pair });
        else {
          events.push({ id: entry.pair.id, candle_open_time: candle.open_time, outcome: r.outcome, canceled: r.canceled });
          // A triggered stop-limit leg keeps resting alone; its partner is gone.
          if (r.outcome.kind === "triggered") next.push({ kind: "order", order: r.outcome.order });
        }
      }
    }
    open = next;
    at = candle.open_time;
  }
  return { events, book: open, cursor: at };
}

function entryPriority(e: BookEntry): number {
  return e.kind === "order" ? candlePriority(e.order) : 0;
}

function entryAge(e: BookEntry): number {
  return e.kind === "order" ? e.order.placed_at : Math.min(e.pair.stop.placed_at, e.pair.target.placed_at);
}

/** A resting order with the defaults filled in, for callers building one from a stored row. */
export function restingOrder(fields: Pick<RestingOrder, "id" | "side" | "type" | "amount"> & Partial<RestingOrder>): RestingOrder {
  return {
    price: null,
    stop_price: null,
    trailing_delta_bps: null,
    activation_price: null,
    trailing: null,
    triggered: false,
    placed_at: 0,
    ...fields,
  };
}
