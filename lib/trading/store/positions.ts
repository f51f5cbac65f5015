/**
 * Positions from FIFO lots (trading-semantics.md §3.7, §3.8, §3.13), per (account, symbol, owner):
 * amount, average entry (remaining cost / amount, buy fees included), unrealized at a price and
 * realized from the disposals. Close and close-all go through the order path: cancel, then a market
 * sell of floor_to_step(amount), reporting the dust that cannot be sold.
 */
import type { Db } from "@/lib/db/open";
import { AppError } from "@/lib/errors";
import {
  bookAmount,
  bookCost,
  closeAmount,
  DEFAULT_SCALES,
  formatDecimal,
  summarizePosition,
  type PositionSummary,
  type PriceQuote,
  type TradingMarket,
} from "@/lib/trading/core";
import { readAccount, requireLiveAccount } from "./accounts";
import { readBalances } from "./ledger";
import { readBooks } from "./lots";
import { cancelOpenOrdersTx, type OrderRow } from "./order-rows";
import { DEFAULT_MAX_PRICE_AGE_MS, placeOrderTx } from "./orders";
import { PriceUnavailable } from "./errors";
import { all, immediate, type Sqlite } from "./sql";

export interface PositionRow {
  symbol: string;
  owner: string;
  amount: bigint;
  cost: bigint;
  average_entry: bigint | null;
  realized: bigint;
  /** Present when a price was given for the symbol. */
  market_value: bigint | null;
  unrealized: bigint | null;
}

/** Every book of the account with lots or realized P&L, valued where `prices` has the symbol's last price. */
export function listPositions(db: Db, accountId: string, prices: Readonly<Record<string, bigint>> = {}, markets: Readonly<Record<string, TradingMarket>> = {}): PositionRow[] {
  const sqlite = db.$client;
  const symbols = all<{ symbol: string }>(
    sqlite,
    "SELECT symbol FROM paper_lots WHERE account_id = ? UNION SELECT symbol FROM paper_disposals WHERE account_id = ? ORDER BY symbol",
    accountId,
    accountId,
  ).map((r) => r.symbol);
  const out: PositionRow[] = [];
  for (const symbol of symbols) {
    for (const book of readBooks(sqlite, accountId, symbol)) {
      const price = prices[symbol];
      const market = markets[symbol] ?? { scales: DEFAULT_SCALES };
      if (price !== undefined) {
        const s: PositionSummary = summarizePosition(book, price, market);
        out.push({ symbol, owner: book.owner, amount: s.amount, cost: s.cost, average_entry: s.average_entry, realized: s.realized, market_value: s.market_value, unrealized: s.unrealized });
      } else {
        const s = summarizePosition(book, BigInt(0), market);
        out.push({ symbol, owner: book.owner, amount: bookAmount(book), cost: bookCost(book), average_entry: s.average_entry, realized: book.realized, market_value: null, unrealized: null });
      }
    }
  }
  return out;
}

/** The wire view of a position: decimal strings. */
export function positionView(p: PositionRow, scales = DEFAULT_SCALES) {
  const q = (u: bigint | null) => (u === null ? null : formatDecimal(u, scales.quote));
  return {
    symbol: p.symbol,
    owner: p.owner,
    amount: formatDecimal(p.amount, scales.base),
    cost: q(p.cost),
    average_entry: p.average_entry === null ? null : formatDecimal(p.average_entry, scales.price),
    realized: q(p.realized),
    market_value: q(p.market_value),
    unrealized: q(p.unrealized),
  };
}

export interface CloseInput {
  accountId: string;
  market: TradingMarket;
  price: { source: string; quote: PriceQuote };
  fee_rate: number | string;
  slippage_bps: number | string;
  /** Close only this owner's book (a strategy's position); default the whole holding of the symbol. */
  owner?: string | null;
  /** The caller's key for the sell (a bot's candle key), echoed on the order. */
  client_order_id?: string | null;
  now?: number;
  maxPriceAgeMs?: number;
  /** Called inside the close's transaction with its result: the caller's rows commit with it or not at all. */
  inTransaction?: (result: CloseResult) => void;
}

export interface CloseResult {
  symbol: string;
  canceled: string[];
  order: OrderRow | null;
  /** Base units sold. */
  sold: bigint;
  /** Base units left because they are below the step or the minimums (§3.7). */
  dust: bigint;
}

/**
 * Closes a position: cancels the symbol's open orders (the owner's, when an owner is given), then
 * market-sells floor_to_step of the holding when that meets the minimums. Never blocked by a risk
 * rule (§3.10). One transaction.
 */
export function closePosition(db: Db, input: CloseInput): CloseResult {
  const now = input.now ?? Date.now();
  assertFresh(input.price, now, input.maxPriceAgeMs);
  return immediate(db, (sqlite) => {
    const result = closeTx(sqlite, input, now);
    input.inTransaction?.(result);
    return result;
  });
}

function assertFresh(price: CloseInput["price"], now: number, maxAgeMs = DEFAULT_MAX_PRICE_AGE_MS): void {
  if (now - price.quote.ts > maxAgeMs) throw new PriceUnavailable(`The last price from ${price.source} is too old to sell at.`);
}

function closeTx(sqlite: Sqlite, input: CloseInput, now: number): CloseResult {
  const { market } = input;
  requireLiveAccount(sqlite, input.accountId);
  const canceled = cancelOpenOrdersTx(sqlite, input.accountId, now, input.owner === undefined ? { symbol: market.symbol } : { symbol: market.symbol, owner: input.owner });
  const free = readBalances(sqlite, input.accountId)[market.base]?.free ?? BigInt(0);
  let holding = free;
  if (input.owner !== undefined) {
    const book = readBooks(sqlite, input.accountId, market.symbol).find((b) => b.owner === (input.owner ?? "manual"));
    holding = book ? bookAmount(book) : BigInt(0);
    if (holding > free) holding = free;
  }
  const { amount, dust } = closeAmount(holding, input.price.quote.bid, market);
  if (amount === BigInt(0)) return { symbol: market.symbol, canceled, order: null, sold: BigInt(0), dust };
  const placed = placeOrderTx(
    sqlite,
    {
      accountId: input.accountId,
      request: { side: "sell", type: "market", amount: formatDecimal(amount, market.scales.base) },
      market,
      price: input.price,
      fee_rate: input.fee_rate,
      slippage_bps: input.slippage_bps,
      owner: input.owner ?? null,
      client_order_id: input.client_order_id ?? null,
    },
    now,
  );
  return { symbol: market.symbol, canceled, order: placed.order, sold: amount, dust };
}

export interface CloseAllInput {
  accountId: string;
  /** Per symbol the account holds, its market and current price on the bound source. */
  markets: Readonly<Record<string, { market: TradingMarket; quote: PriceQuote }>>;
  source: string;
  fee_rate: number | string;
  slippage_bps: number | string;
  now?: number;
  maxPriceAgeMs?: number;
  /** Called inside each symbol's close transaction (events, notifications). */
  inTransaction?: (result: CloseResult) => void;
}

export type CloseAllItem = ({ ok: true } & CloseResult) | { ok: false; symbol: string; asset: string; held: bigint; code: string; message: string };

/**
 * Close-all (§3.13) after the caller has paused the user's strategies: cancels every open order,
 * then sells each non-quote holding, one transaction per symbol so one failure does not undo the
 * others, and reports per symbol. A holding with no market or price given is reported, not sold.
 */
export function closeAll(db: Db, input: CloseAllInput): { canceled: string[]; results: CloseAllItem[] } {
  const now = input.now ?? Date.now();
  const canceled = immediate(db, (sqlite) => {
    requireLiveAccount(sqlite, input.accountId);
    return cancelOpenOrdersTx(sqlite, input.accountId, now);
  });
  const account = readAccount(db.$client, input.accountId);
  const balances = readBalances(db.$client, input.accountId);
  const results: CloseAllItem[] = [];
  for (const [asset, b] of Object.entries(balances)) {
    if (asset === account?.quoteAsset || b.free + b.locked === BigInt(0)) continue;
    const entry = Object.values(input.markets).find((m) => m.market.base === asset && m.market.quote === account?.quoteAsset);
    const held = b.free + b.locked;
    if (!entry) {
      results.push({ ok: false, symbol: `${asset}/${account?.quoteAsset}`, asset, held, code: "price_unavailable", message: `No price for ${asset}; it was not sold.` });
      continue;
    }
    try {
      const r = closePosition(db, { accountId: input.accountId, market: entry.market, price: { source: input.source, quote: entry.quote }, fee_rate: input.fee_rate, slippage_bps: input.slippage_bps, now, maxPriceAgeMs: input.maxPriceAgeMs, inTransaction: input.inTransaction });
      results.push({ ok: true, ...r });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      results.push({ ok: false, symbol: entry.market.symbol, asset, held, code: error.code, message: error.message });
    }
  }
  return { canceled, results };
}
