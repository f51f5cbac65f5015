/**
 * Order rows and the two guarded transitions every path shares: fill (§3.12: `… WHERE id = ? AND
 * status = 'open'`, so a cancel/fill race, or two matchers, have exactly one winner) and cancel.
 * Both run inside the caller's immediate transaction.
 */
import {
  applyFill,
  bps,
  DEFAULT_SCALES,
  formatDecimal,
  lockFunds,
  placeOrder as matchOnPlacement,
  ratio,
  releaseLock,
  restingOrder,
  type Liquidity,
  type Lock,
  type RestingOrder,
  type RestingType,
  type Side,
  type TradingMarket,
  type TrailingState,
} from "@/lib/trading/core";
import { newId } from "@/lib/ids";
import { InsufficientBalance } from "./errors";
import { postEntries, readBalances } from "./ledger";
import { MANUAL_OWNER, recordBuy, recordSell } from "./lots";
import { all, one, run, toNum, toNumOrNull, type Sqlite } from "./sql";

export const ORDER_STATUSES = ["open", "partially_filled", "filled", "canceled", "rejected", "expired"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** A paper_orders row as read (INTEGER columns as BigInt). */
export interface OrderRow {
  id: string;
  account_id: string;
  symbol: string;
  base: string;
  quote: string;
  side: Side;
  type: string;
  amount: bigint;
  price: bigint | null;
  stop_price: bigint | null;
  trailing_delta_bps: bigint | null;
  activation_price: bigint | null;
  stop_loss_price: bigint | null;
  take_profit_price: bigint | null;
  trailing_stop_pct: number | null;
  reference_price: bigint;
  status: OrderStatus;
  filled: bigint;
  average_price: bigint | null;
  fee: bigint;
  reject_reason: string | null;
  owner: string | null;
  client_order_id: string | null;
  oco_group: string | null;
  trailing_state: string | null;
  triggered: bigint;
  lock_asset: string | null;
  lock_amount: bigint;
  fee_rate: string;
  slippage_bps: string;
  placed_at: bigint;
  created_at: bigint;
  updated_at: bigint;
}

export interface FillRow {
  id: string;
  order_id: string;
  account_id: string;
  seq: bigint;
  price: bigint;
  amount: bigint;
  notional: bigint;
  fee: bigint;
  fee_asset: string;
  liquidity: Liquidity;
  price_ts: bigint;
  source: string;
  created_at: bigint;
}

export function readOrder(sqlite: Sqlite, orderId: string): OrderRow | undefined {
  return one<OrderRow>(sqlite, "SELECT * FROM paper_orders WHERE id = ?", orderId);
}

export function readFills(sqlite: Sqlite, orderId: string): FillRow[] {
  return all<FillRow>(sqlite, "SELECT * FROM paper_fills WHERE order_id = ? ORDER BY seq", orderId);
}

type StoredPoint = { activated: boolean; extreme: string | null };

export function encodeTrailing(state: TrailingState | null): string | null {
  if (!state) return null;
  const point = (p: TrailingState["live"]): StoredPoint => ({ activated: p.activated, extreme: p.extreme === null ? null : p.extreme.toString() });
  return JSON.stringify({ live: point(state.live), settled: point(state.settled) });
}

function decodeTrailing(text: string | null): TrailingState | null {
  if (!text) return null;
  const s = JSON.parse(text) as { live: StoredPoint; settled: StoredPoint };
  const point = (p: StoredPoint) => ({ activated: p.activated, extreme: p.extreme === null ? null : BigInt(p.extreme) });
  return { live: point(s.live), settled: point(s.settled) };
}

/** The row as the core's resting order. */
export function toResting(row: OrderRow): RestingOrder {
  return restingOrder({
    id: row.id,
    side: row.side,
    type: row.type as RestingType,
    amount: row.amount,
    price: row.price,
    stop_price: row.stop_price,
    trailing_delta_bps: toNumOrNull(row.trailing_delta_bps),
    activation_price: row.activation_price,
    trailing: decodeTrailing(row.trailing_state),
    triggered: row.triggered !== BigInt(0),
    placed_at: toNum(row.placed_at),
  });
}

export const orderTerms = (row: Pick<OrderRow, "fee_rate" | "slippage_bps">) => ({ fee_rate: ratio(row.fee_rate), slippage: bps(row.slippage_bps) });

export interface FillEvent {
  price: bigint;
  liquidity: Liquidity;
  /** Source time of the price: the tick's time, or the candle's open time. */
  ts: number;
  source: string;
}

export type FillOutcome =
  /** `legs`: the protective orders a filled buy's attachments created, stop-loss first. */
  | { kind: "filled"; order: OrderRow; fill: FillRow; legs: OrderRow[] }
  | { kind: "lost" }
  | { kind: "rejected"; order: OrderRow };

/** The other open legs of an order's OCO group (§3.3); none for an order outside a group. */
export function openSiblings(sqlite: Sqlite, row: Pick<OrderRow, "id" | "oco_group">): OrderRow[] {
  if (row.oco_group === null) return [];
  return all<OrderRow>(sqlite, "SELECT * FROM paper_orders WHERE oco_group = ? AND id <> ? AND status = 'open' ORDER BY created_at, id", row.oco_group, row.id);
}

/**
 * Fills an open order completely (§3.5) and books it: the guarded status change, the fill row, the
 * ledger entries and the lots. A fill the balances cannot cover (a stop buy gapping past its
 * buffer, §3.3) rejects a resting order and releases its lock, or, with `throwOnShortfall` (an order
 * being placed), throws InsufficientBalance so nothing is stored.
 */
export function fillOrderTx(
  sqlite: Sqlite,
  order: OrderRow,
  event: FillEvent,
  market: Pick<TradingMarket, "base" | "quote" | "scales">,
  now: number,
  throwOnShortfall = false,
): FillOutcome {
  const { fee_rate } = orderTerms(order);
  // An OCO pair holds one lock between its legs (on the stop-loss leg): the leg that fills releases
  // all of it, and the partner it cancels has nothing left to release.
  const siblings = openSiblings(sqlite, order);
  const lockAsset = order.lock_asset ?? siblings.find((o) => o.lock_asset !== null)?.lock_asset ?? null;
  const lockAmount = siblings.reduce((sum, o) => sum + o.lock_amount, order.lock_amount);
  const lock: Lock | null = lockAmount > BigInt(0) && lockAsset ? { asset: lockAsset, amount: lockAmount, order_id: order.id } : null;
  const fillId = newId(now);
  const result = applyFill(readBalances(sqlite, order.account_id), {
    order_id: order.id,
    fill_id: fillId,
    side: order.side,
    market,
    amount: order.amount,
    price: event.price,
    fee_rate,
    lock,
  });
  if (!result.ok) {
    if (throwOnShortfall) throw new InsufficientBalance(result.shortfall, market.scales.quote);
    const rejected = cancelOrderTx(sqlite, order.id, now, "rejected", "insufficient_balance");
    return rejected ? { kind: "rejected", order: rejected } : { kind: "lost" };
  }
  const won = run(
    sqlite,
    "UPDATE paper_orders SET status = 'filled', filled = ?, average_price = ?, fee = ?, lock_amount = 0, updated_at = ? WHERE id = ? AND status = 'open'",
    order.amount,
    event.price,
    result.amounts.fee,
    now,
    order.id,
  );
  if (won.changes !== 1) return { kind: "lost" };
  for (const sibling of siblings) {
    run(sqlite, "UPDATE paper_orders SET status = 'canceled', lock_amount = 0, updated_at = ? WHERE id = ? AND status = 'open'", now, sibling.id);
  }
  const seq = one<{ n: bigint }>(sqlite, "SELECT COUNT(*) AS n FROM paper_fills WHERE order_id = ?", order.id)?.n ?? BigInt(0);
  run(
    sqlite,
    `INSERT INTO paper_fills (id, order_id, account_id, seq, price, amount, notional, fee, fee_asset, liquidity, price_ts, source, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    fillId,
    order.id,
    order.account_id,
    seq + BigInt(1),
    event.price,
    order.amount,
    result.amounts.notional,
    result.amounts.fee,
    market.quote,
    event.liquidity,
    event.ts,
    event.source,
    now,
  );
  // The ledger dates a fill when it happened on the exchange (a replayed candle's minute), so equity
  // at a past instant (§3.9) sees it; never before the order itself existed.
  const bookedAt = Math.max(event.ts, toNum(order.created_at));
  postEntries(sqlite, order.account_id, result.entries, bookedAt);
  const lotFill = { fill_id: fillId, ts: event.ts, amount: order.amount, notional: result.amounts.notional, fee: result.amounts.fee };
  const owner = order.owner ?? MANUAL_OWNER;
  if (order.side === "buy") recordBuy(sqlite, order.account_id, order.symbol, owner, lotFill);
  else recordSell(sqlite, order.account_id, order.symbol, owner, lotFill);
  const legs = order.side === "buy" ? attachProtectiveTx(sqlite, order, event, market, bookedAt, now) : [];
  const filled = readOrder(sqlite, order.id) as OrderRow;
  return { kind: "filled", order: filled, fill: readFills(sqlite, order.id).at(-1) as FillRow, legs };
}

/**
 * The protective sells a filled buy carried (§3.3), created with its fill: a stop-loss (stop-market
 * at stop_loss_price, or a trailing stop of trailing_stop_pct) and a take-profit limit at exactly
 * take_profit_price, for the filled amount and the entry's owner. Two legs form an OCO pair under
 * one lock of the base amount, held by the stop-loss leg; a single leg is an ordinary order with its
 * own lock.
 */
function attachProtectiveTx(
  sqlite: Sqlite,
  entry: OrderRow,
  event: FillEvent,
  market: Pick<TradingMarket, "base" | "quote" | "scales">,
  bookedAt: number,
  now: number,
): OrderRow[] {
  type Leg = Pick<RestingOrder, "type" | "price" | "stop_price" | "trailing_delta_bps">;
  const legs: Leg[] = [];
  if (entry.trailing_stop_pct !== null) {
    legs.push({ type: "trailing_stop", price: null, stop_price: null, trailing_delta_bps: Math.round(entry.trailing_stop_pct * 100) });
  } else if (entry.stop_loss_price !== null) {
    legs.push({ type: "stop_market", price: null, stop_price: entry.stop_loss_price, trailing_delta_bps: null });
  }
  if (entry.take_profit_price !== null) legs.push({ type: "limit", price: entry.take_profit_price, stop_price: null, trailing_delta_bps: null });
  if (legs.length === 0) return [];
  const amount = entry.amount;
  const group = legs.length > 1 ? newId(now) : null;
  // The fill's price stands in for the book at this instant: a trailing leg starts its peak there.
  const at = { bid: event.price, ask: event.price, last: event.price, ts: event.ts };
  const ids: string[] = [];
  legs.forEach((leg, i) => {
    const id = newId(now);
    const holdsLock = i === 0;
    const placed = matchOnPlacement(restingOrder({ id, side: "sell", amount, ...leg }), at, { slippage: orderTerms(entry).slippage });
    run(
      sqlite,
      `INSERT INTO paper_orders (id, account_id, symbol, base, quote, side, type, amount, price, stop_price, trailing_delta_bps, activation_price,
         stop_loss_price, take_profit_price, trailing_stop_pct, reference_price, status, filled, average_price, fee, owner, oco_group, trailing_state, triggered,
         lock_asset, lock_amount, fee_rate, slippage_bps, placed_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'sell', ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, ?, 'open', 0, NULL, 0, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)`,
      id,
      entry.account_id,
      entry.symbol,
      entry.base,
      entry.quote,
      leg.type,
      amount,
      leg.price,
      leg.stop_price,
      leg.trailing_delta_bps,
      event.price,
      entry.owner,
      group,
      encodeTrailing(placed.order.trailing),
      holdsLock ? market.base : null,
      holdsLock ? amount : BigInt(0),
      entry.fee_rate,
      entry.slippage_bps,
      event.ts,
      now,
      now,
    );
    if (holdsLock) {
      const locked = lockFunds(readBalances(sqlite, entry.account_id), { asset: market.base, amount, order_id: id });
      if (!locked.ok) throw new InsufficientBalance(locked.shortfall, market.scales.base);
      postEntries(sqlite, entry.account_id, locked.entries, bookedAt);
    }
    ids.push(id);
  });
  return ids.map((id) => readOrder(sqlite, id) as OrderRow);
}

/**
 * Ends an open order (canceled, expired, or rejected on a fill it cannot pay for) and releases its
 * lock. Returns the updated row, or null when the order was no longer open: the race's loser.
 */
export function cancelOrderTx(sqlite: Sqlite, orderId: string, now: number, status: Exclude<OrderStatus, "open" | "filled" | "partially_filled"> = "canceled", reason: string | null = null): OrderRow | null {
  const row = readOrder(sqlite, orderId);
  if (!row) return null;
  const changed = run(
    sqlite,
    "UPDATE paper_orders SET status = ?, reject_reason = ?, lock_amount = 0, updated_at = ? WHERE id = ? AND status = 'open'",
    status,
    reason,
    now,
    orderId,
  );
  if (changed.changes !== 1) return null;
  if (row.lock_amount > BigInt(0) && row.lock_asset) {
    const released = releaseLock(readBalances(sqlite, row.account_id), { asset: row.lock_asset, amount: row.lock_amount, order_id: row.id });
    if (!released.ok) throw new InsufficientBalance(released.shortfall);
    postEntries(sqlite, row.account_id, released.entries, now);
  }
  // One leg of an OCO pair does not stand alone (§3.3): its partner ends with it. Each leg releases
  // only the lock it holds, so the pair's one lock is released once.
  for (const sibling of openSiblings(sqlite, row)) cancelOrderTx(sqlite, sibling.id, now);
  return readOrder(sqlite, orderId) as OrderRow;
}

/** Cancels every open order of an account (optionally of one symbol, or one owner); returns their ids. */
export function cancelOpenOrdersTx(sqlite: Sqlite, accountId: string, now: number, filter: { symbol?: string; owner?: string | null } = {}): string[] {
  const ids = all<{ id: string; symbol: string; owner: string | null }>(
    sqlite,
    "SELECT id, symbol, owner FROM paper_orders WHERE account_id = ? AND status = 'open' ORDER BY created_at",
    accountId,
  )
    .filter((o) => filter.symbol === undefined || o.symbol === filter.symbol)
    .filter((o) => filter.owner === undefined || o.owner === filter.owner)
    .map((o) => o.id);
  // A leg canceled with its OCO partner earlier in this loop counts as canceled here too.
  return ids.filter((id) => cancelOrderTx(sqlite, id, now) !== null || (readOrder(sqlite, id) as OrderRow).status === "canceled");
}

const dec = (u: bigint | null, scale: number) => (u === null ? null : formatDecimal(u, scale));

/** The wire view: amounts and prices as decimal strings, never floats; times as epoch ms. */
export function orderView(row: OrderRow, scales = DEFAULT_SCALES) {
  return {
    id: row.id,
    symbol: row.symbol,
    side: row.side,
    type: row.type,
    status: row.status,
    amount: dec(row.amount, scales.base) as string,
    filled: dec(row.filled, scales.base) as string,
    remaining: dec(row.amount - row.filled, scales.base) as string,
    price: dec(row.price, scales.price),
    stop_price: dec(row.stop_price, scales.price),
    trailing_delta_bps: toNumOrNull(row.trailing_delta_bps),
    activation_price: dec(row.activation_price, scales.price),
    average_price: dec(row.average_price, scales.price),
    fee: dec(row.fee, scales.quote) as string,
    fee_asset: row.quote,
    reject_reason: row.reject_reason,
    owner: row.owner,
    client_order_id: row.client_order_id,
    oco_group: row.oco_group,
    triggered: row.triggered !== BigInt(0),
    locked: row.lock_asset ? { asset: row.lock_asset, amount: dec(row.lock_amount, row.lock_asset === row.quote ? scales.quote : scales.base) as string } : null,
    created_at: toNum(row.created_at),
    updated_at: toNum(row.updated_at),
  };
}
export type OrderView = ReturnType<typeof orderView>;

export function fillView(row: FillRow, scales = DEFAULT_SCALES) {
  return {
    id: row.id,
    order_id: row.order_id,
    seq: toNum(row.seq),
    price: formatDecimal(row.price, scales.price),
    amount: formatDecimal(row.amount, scales.base),
    notional: formatDecimal(row.notional, scales.quote),
    fee: formatDecimal(row.fee, scales.quote),
    fee_asset: row.fee_asset,
    liquidity: row.liquidity,
    price_ts: toNum(row.price_ts),
    source: row.source,
    created_at: toNum(row.created_at),
  };
}
export type FillView = ReturnType<typeof fillView>;
