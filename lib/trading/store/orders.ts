/**
 * Placing and canceling paper orders (trading-semantics.md §3.2, §3.3, §3.12). Placement is one
 * BEGIN IMMEDIATE transaction: validation by the core, the lock as a conditional debit, and for a
 * market order (or a limit marketable on arrival) the fill, its ledger entries and its lots, and the
 * protective sells a buy carries (an OCO pair of stop-loss and take-profit, created by the fill). The
 * price is read by the caller before the transaction; nothing exists between acceptance and fill,
 * so a crash leaves either the whole order or none of it.
 */
import type { Db } from "@/lib/db/open";
import { Conflict, NotFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import {
  bps,
  lockFor,
  lockFunds,
  marketFillPrice,
  placeOrder as matchOnPlacement,
  ratio,
  restingOrder,
  validateOrder,
  type OrderRequest,
  type PriceQuote,
  type RestingType,
  type TradingMarket,
} from "@/lib/trading/core";
import { requireLiveAccount } from "./accounts";
import { InsufficientBalance, OrderInvalid, PriceUnavailable } from "./errors";
import { postEntries, readBalances } from "./ledger";
import {
  cancelOrderTx,
  encodeTrailing,
  fillOrderTx,
  readFills,
  readOrder,
  type FillRow,
  type OrderRow,
} from "./order-rows";
import { all, immediate, run, type Sqlite } from "./sql";

/** §3.1: a market order needs a price no older than this, unless the caller configures another age. */
export const DEFAULT_MAX_PRICE_AGE_MS = 10_000;

export interface PlaceOrderInput {
  accountId: string;
  request: OrderRequest;
  /** The symbol's market on the account's bound source. */
  market: TradingMarket;
  /** The bound source's current price, read before the transaction. */
  price: { source: string; quote: PriceQuote };
  /** Settings' fee_rate (0.001) and slippage_bps (5); kept on the order so it fills on these terms. */
  fee_rate: number | string;
  slippage_bps: number | string;
  /** A strategy's id, or null/undefined for a manual order. */
  owner?: string | null;
  /** The caller's key for the order (a bot's candle key), echoed on the order. */
  client_order_id?: string | null;
  now?: number;
  maxPriceAgeMs?: number;
  /**
   * Called inside the transaction once the order is stored (and filled, for a market order): where
   * the caller publishes its event and records its Idempotency-Key answer (lib/http/idempotency), so
   * both commit with the order or not at all.
   */
  inTransaction?: (placed: PlacedOrder) => void;
}

export interface PlacedOrder {
  order: OrderRow;
  fills: FillRow[];
  /** The protective sells created by this order's fill (stop-loss first), when it carried any. */
  legs?: OrderRow[];
}

/**
 * Places an order. Throws OrderInvalid (422, one problem per field), InsufficientBalance (422 with
 * the shortfall), PriceUnavailable (503) when the price is too old.
 */
export function placeOrder(db: Db, input: PlaceOrderInput): PlacedOrder {
  const now = input.now ?? Date.now();
  const maxAge = input.maxPriceAgeMs ?? DEFAULT_MAX_PRICE_AGE_MS;
  const age = now - input.price.quote.ts;
  if (age > maxAge) throw new PriceUnavailable(`The last price from ${input.price.source} is ${Math.round(age / 1000)} s old; orders need one no older than ${Math.round(maxAge / 1000)} s.`);
  return immediate(db, (sqlite) => {
    const placed = placeOrderTx(sqlite, input, now);
    input.inTransaction?.(placed);
    return placed;
  });
}

/** The placement itself, inside the caller's immediate transaction. */
export function placeOrderTx(sqlite: Sqlite, input: PlaceOrderInput, now: number): PlacedOrder {
  const account = requireLiveAccount(sqlite, input.accountId);
  if (input.price.source !== account.source) {
    throw new Conflict("source_mismatch", `This account trades on ${account.source}; the price came from ${input.price.source}.`);
  }
  const { market } = input;
  const { quote } = input.price;
  const fee_rate = ratio(input.fee_rate);
  const slippage = bps(input.slippage_bps);
  const v = validateOrder(input.request, { market, quote, fee_rate, slippage });
  if (!v.ok) throw new OrderInvalid(v.problems, v.adjusted);
  const o = v.order;
  // An OCO pair has one stop-loss leg: a fixed stop and a trailing one cannot both be it.
  if (o.stop_loss_price !== null && o.trailing_stop_pct !== null) {
    throw new OrderInvalid(
      [{ field: "trailing_stop_pct", code: "conflicts_with_stop_loss", message: "Attach either a stop-loss price or a trailing stop, not both." }],
      v.adjusted,
    );
  }

  const id = newId(now);
  const resting =
    o.type === "market"
      ? null
      : restingOrder({
          id,
          side: o.side,
          type: o.type as RestingType,
          amount: o.amount,
          price: o.price,
          stop_price: o.stop_price,
          trailing_delta_bps: o.trailing_delta_bps,
          activation_price: o.activation_price,
        });
  const lock = lockFor(o, { market, fee_rate, slippage, last: quote.last });
  if (lock) {
    const locked = lockFunds(readBalances(sqlite, account.id), { ...lock, order_id: id });
    // The pure check names the shortfall; postEntries' conditional debit is what guarantees it.
    if (!locked.ok) throw new InsufficientBalance(locked.shortfall, lock.asset === market.quote ? market.scales.quote : market.scales.base);
    postEntries(sqlite, account.id, locked.entries, now);
  }
  const placement = resting ? matchOnPlacement(resting, quote, { slippage }) : null;
  const placedAt = placement ? placement.order.placed_at : quote.ts;
  run(
    sqlite,
    `INSERT INTO paper_orders (id, account_id, symbol, base, quote, side, type, amount, price, stop_price, trailing_delta_bps, activation_price,
       stop_loss_price, take_profit_price, trailing_stop_pct, reference_price, status, filled, average_price, fee, owner, client_order_id, trailing_state, triggered,
       lock_asset, lock_amount, fee_rate, slippage_bps, placed_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', 0, NULL, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    id,
    account.id,
    market.symbol,
    market.base,
    market.quote,
    o.side,
    o.type,
    o.amount,
    o.price,
    o.stop_price,
    o.trailing_delta_bps,
    o.activation_price,
    o.stop_loss_price,
    o.take_profit_price,
    o.trailing_stop_pct,
    o.reference_price,
    input.owner ?? null,
    input.client_order_id ?? null,
    encodeTrailing(placement?.order.trailing ?? null),
    placement?.order.triggered ? 1 : 0,
    lock?.asset ?? null,
    lock?.amount ?? BigInt(0),
    String(input.fee_rate),
    String(input.slippage_bps),
    placedAt,
    now,
    now,
  );
  const row = readOrder(sqlite, id) as OrderRow;
  let fillAt: { price: bigint; liquidity: "maker" | "taker" } | null = null;
  if (o.type === "market") fillAt = { price: marketFillPrice(o.side, quote, slippage), liquidity: "taker" };
  else if (placement?.kind === "fill") fillAt = { price: placement.fill.price, liquidity: placement.fill.liquidity };
  let legs: OrderRow[] = [];
  if (fillAt) {
    const filled = fillOrderTx(sqlite, row, { ...fillAt, ts: quote.ts, source: account.source }, market, now, true);
    if (filled.kind !== "filled") throw new Error("An order being placed cannot lose its own fill");
    legs = filled.legs;
  }
  return { order: readOrder(sqlite, id) as OrderRow, fills: readFills(sqlite, id), legs };
}

/**
 * Cancels an open order and releases its lock, with its OCO partner when it is one leg of a pair
 * (§3.3); a filled or already canceled order is a 409.
 */
export function cancelOrder(db: Db, accountId: string, orderId: string, now = Date.now()): OrderRow {
  return immediate(db, (sqlite) => {
    const row = readOrder(sqlite, orderId);
    if (!row || row.account_id !== accountId) throw new NotFound("No order with this id.", "order_not_found");
    requireLiveAccount(sqlite, accountId);
    const canceled = cancelOrderTx(sqlite, orderId, now);
    if (!canceled) throw new Conflict("order_not_open", `The order is ${(readOrder(sqlite, orderId) as OrderRow).status} and can no longer be canceled.`);
    return canceled;
  });
}

export function getOrder(db: Db, accountId: string, orderId: string): PlacedOrder | null {
  const sqlite = db.$client;
  const order = readOrder(sqlite, orderId);
  if (!order || order.account_id !== accountId) return null;
  return { order, fills: readFills(sqlite, orderId) };
}

/** The account's orders, newest first; "open" includes partially filled ones. */
export function listOrders(db: Db, accountId: string, filter: { status?: "open" | "closed"; symbol?: string } = {}): OrderRow[] {
  const where = ["account_id = ?"];
  const params: unknown[] = [accountId];
  if (filter.symbol !== undefined) {
    where.push("symbol = ?");
    params.push(filter.symbol);
  }
  if (filter.status === "open") where.push("status IN ('open', 'partially_filled')");
  if (filter.status === "closed") where.push("status NOT IN ('open', 'partially_filled')");
  return all<OrderRow>(db.$client, `SELECT * FROM paper_orders WHERE ${where.join(" AND ")} ORDER BY created_at DESC, id DESC`, ...params);
}
