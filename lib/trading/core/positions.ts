/**
 * FIFO lots and realized P&L (trading-semantics.md §3.8). Each buy fill opens a lot whose cost is
 * the quote spent plus the buy fee; each sell fill consumes the oldest lots first and records one
 * disposal per lot touched, which is what a tax-style CSV lists. With the position's average entry
 * = remaining cost / remaining amount and unrealized = market value − remaining cost,
 * realized + unrealized = equity − starting balance holds exactly, in atomic units.
 *
 * A book is kept per (symbol, owner): the account-wide FIFO for the tax export uses one owner per
 * base asset; bot attribution keeps a book per bot (specific identification, §3.8). Label both.
 */
import type { TradingMarket } from "./market";
import { DEFAULT_SCALES, floorDiv, type MarketScales, notional, pow10 } from "./money";

export interface Lot {
  fill_id: string;
  acquired_at: number;
  /** Remaining base atomic units. */
  amount: bigint;
  /** Remaining cost in quote atomic units, the buy fee included. */
  cost: bigint;
}

export interface Disposal {
  sell_fill_id: string;
  lot_fill_id: string;
  acquired_at: number;
  disposed_at: number;
  amount: bigint;
  /** The consumed part of the lot's cost, buy fee included. */
  cost: bigint;
  /** This disposal's share of the sell's gross proceeds and of its fee. */
  proceeds: bigint;
  fee: bigint;
  /** proceeds − fee − cost. */
  realized: bigint;
}

export interface LotBook {
  symbol: string;
  /** "manual", or a bot's id. */
  owner: string;
  lots: readonly Lot[];
  realized: bigint;
}

export interface BuyFill {
  fill_id: string;
  ts: number;
  amount: bigint;
  /** Quote spent on the coins (price × amount, as the ledger debited it). */
  notional: bigint;
  fee: bigint;
}

export interface SellFill {
  fill_id: string;
  ts: number;
  amount: bigint;
  /** Gross proceeds, as the ledger credited them before the fee. */
  notional: bigint;
  fee: bigint;
}

const ZERO = BigInt(0);

export function emptyBook(symbol: string, owner = "manual"): LotBook {
  return { symbol, owner, lots: [], realized: ZERO };
}

export function addBuy(book: LotBook, fill: BuyFill): LotBook {
  if (fill.amount <= ZERO) throw new RangeError("A buy fill must have a positive amount");
  const lot: Lot = { fill_id: fill.fill_id, acquired_at: fill.ts, amount: fill.amount, cost: fill.notional + fill.fee };
  return { ...book, lots: [...book.lots, lot] };
}

export type SellResult = { ok: true; book: LotBook; disposals: Disposal[] } | { ok: false; held: bigint; requested: bigint };

/**
 * Consumes lots oldest first. A partly consumed lot gives up floor(cost × taken / amount) and keeps
 * the rest, so lot costs always add up to what was paid. Proceeds and fee are split over the
 * disposals by amount, the last one taking the remainder, so their sum is the sell's exactly.
 */
export function addSell(book: LotBook, fill: SellFill): SellResult {
  const held = bookAmount(book);
  if (fill.amount <= ZERO || fill.amount > held) return { ok: false, held, requested: fill.amount };
  const lots = book.lots.map((l) => ({ ...l }));
  const disposals: Disposal[] = [];
  let left = fill.amount;
  let proceedsLeft = fill.notional;
  let feeLeft = fill.fee;
  while (left > ZERO) {
    const lot = lots[0];
    const take = left < lot.amount ? left : lot.amount;
    const cost = take === lot.amount ? lot.cost : floorDiv(lot.cost * take, lot.amount);
    left -= take;
    const last = left === ZERO;
    const proceeds = last ? proceedsLeft : floorDiv(fill.notional * take, fill.amount);
    const fee = last ? feeLeft : floorDiv(fill.fee * take, fill.amount);
    proceedsLeft -= proceeds;
    feeLeft -= fee;
    disposals.push({
      sell_fill_id: fill.fill_id,
      lot_fill_id: lot.fill_id,
      acquired_at: lot.acquired_at,
      disposed_at: fill.ts,
      amount: take,
      cost,
      proceeds,
      fee,
      realized: proceeds - fee - cost,
    });
    lot.amount -= take;
    lot.cost -= cost;
    if (lot.amount === ZERO) lots.shift();
  }
  const realized = disposals.reduce((sum, d) => sum + d.realized, ZERO);
  return { ok: true, book: { ...book, lots, realized: book.realized + realized }, disposals };
}

export function bookAmount(book: LotBook): bigint {
  return book.lots.reduce((sum, l) => sum + l.amount, ZERO);
}

export function bookCost(book: LotBook): bigint {
  return book.lots.reduce((sum, l) => sum + l.cost, ZERO);
}

/**
 * What a holding is worth at a price, rounded down. Equity and unrealized P&L must both use this
 * one valuation, or their identity breaks by a unit.
 */
export function markValue(amount: bigint, price: bigint, scales: MarketScales = DEFAULT_SCALES): bigint {
  return notional(price, amount, "down", scales);
}

export interface PositionSummary {
  symbol: string;
  owner: string;
  amount: bigint;
  /** Remaining cost, buy fees included. */
  cost: bigint;
  /** cost / amount as a price (quote per whole base at the price scale), rounded down; null when flat. */
  average_entry: bigint | null;
  market_value: bigint;
  unrealized: bigint;
  realized: bigint;
}

export function summarizePosition(book: LotBook, price: bigint, market: Pick<TradingMarket, "scales"> = { scales: DEFAULT_SCALES }): PositionSummary {
  const { scales } = market;
  const amount = bookAmount(book);
  const cost = bookCost(book);
  const value = markValue(amount, price, scales);
  return {
    symbol: book.symbol,
    owner: book.owner,
    amount,
    cost,
    average_entry: amount > ZERO ? floorDiv(cost * pow10(scales.price + scales.base - scales.quote), amount) : null,
    market_value: value,
    unrealized: value - cost,
    realized: book.realized,
  };
}

/**
 * Equity in the quote asset: the quote balance (free and locked) plus every other holding (free and
 * locked) marked at its price with markValue. A holding without a price is an error rather than a
 * silent zero. Today's P&L and the daily loss limit compare two of these (§3.9).
 */
export function accountEquity(
  balances: Readonly<Record<string, { free: bigint; locked: bigint }>>,
  quoteAsset: string,
  prices: Readonly<Record<string, { price: bigint; scales?: MarketScales }>>,
): bigint {
  let equity = ZERO;
  for (const [asset, b] of Object.entries(balances)) {
    const held = b.free + b.locked;
    if (asset === quoteAsset) equity += held;
    else if (held !== ZERO) {
      const p = prices[asset];
      if (!p) throw new RangeError(`No price to value ${asset}`);
      equity += markValue(held, p.price, p.scales ?? DEFAULT_SCALES);
    }
  }
  return equity;
}
