import "server-only";
import { pauseAllBots } from "@/lib/bots/store";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { NotFound, ValidationFailed } from "@/lib/errors";
import { publishEvent } from "@/lib/events/publish";
import { notifyOrderFills } from "@/lib/notify/trading-events";
import { decodeListCursor, encodeListCursor } from "@/lib/http/list-cursor";
import { withIdempotency } from "@/lib/http/idempotency";
import type { MarketInfo } from "@/lib/market/provider";
import { marketRuntime, type MarketRuntime } from "@/lib/market/service/runtime";
import { getSettings } from "@/lib/settings/settings";
import { accountEquity, DEFAULT_SCALE, formatDecimal, fromNumber, isDust, tradingMarket, type PriceQuote, type TradingMarket } from "@/lib/trading/core";
import {
  balancesView,
  closeAll,
  closePosition,
  getBalances,
  getOrCreateAccount,
  getOrder,
  listFills,
  listOrders,
  listPositions,
  MANUAL_OWNER,
  orderView,
  placeOrder,
  PriceUnavailable,
  readAccount,
  cancelOrder,
  resetAccount,
  type CloseResult,
  type FillRow,
  type OrderRow,
  type PaperAccount,
} from "@/lib/trading/store";
import type { OrderRequestBody } from "./operations";
import { writeFillSnapshotTx } from "./snapshots";
import { assertDailyLossLimit } from "./today";

type Settings = Awaited<ReturnType<typeof getSettings>>["trading"];
export type Ctx = { db: ReturnType<typeof getDb>; rt: MarketRuntime; trading: Settings; account: PaperAccount; zone: string };

class UnknownMarket extends ValidationFailed {
  constructor(symbol: string) {
    super({ symbol: [`${symbol} is not a market of this deployment's data source.`] });
  }
}

/** The caller's live paper account, opened on first use with the starting balance of settings. */
export async function context(userId: string): Promise<Ctx> {
  const db = getDb();
  const rt = await marketRuntime();
  const settings = await getSettings(userId);
  const trading = settings.trading;
  const account = getOrCreateAccount(db, userId, { source: rt.source.id, quoteAsset: trading.stake_currency, startingBalance: priceUnits(trading.paper_starting_balance) });
  return { db, rt, trading, account, zone: settings.display.time_zone };
}

/**
 * The account of an epoch for reading its history: the live one without `epoch`, else the caller's
 * account of that epoch (a reset archives it; its rows stay readable), 404 when there is none.
 */
export async function accountOfEpoch(userId: string, epoch: number | undefined): Promise<Ctx> {
  const ctx = await context(userId);
  if (epoch === undefined || epoch === ctx.account.epoch) return ctx;
  const row = ctx.db.$client.prepare("SELECT id FROM paper_accounts WHERE user_id = ? AND epoch = ?").get(userId, epoch) as { id: string } | undefined;
  const account = row ? readAccount(ctx.db.$client, row.id) : null;
  if (!account) throw new NotFound(`You have no paper account epoch ${epoch}.`, "account_not_found");
  return { ...ctx, account };
}

export async function requireMarket(rt: MarketRuntime, symbol: string): Promise<MarketInfo> {
  const info = await rt.findMarket(symbol);
  if (!info) throw new UnknownMarket(symbol);
  return info;
}

/**
 * A price from the market source (a float) as atomic units. Floats can carry more digits than the
 * units hold (0.1 + 0.2): rounded down for valuations and bids, up for asks, never refused.
 */
export const priceUnits = (x: number, rounding: "down" | "up" = "down") => fromNumber(x, DEFAULT_SCALE, rounding);

/** A ticker as the core's quote; a source without bid/ask gives its last price for both. */
export function quoteOf(t: { price: number; bid: number; ask: number; as_of: number }): PriceQuote {
  return { last: priceUnits(t.price), bid: priceUnits(t.bid > 0 ? t.bid : t.price), ask: priceUnits(t.ask > 0 ? t.ask : t.price, "up"), ts: t.as_of };
}

/** The bound source's current bid/ask/last, refreshed for a signed-in caller; stale → 503. */
export async function quoteFor(rt: MarketRuntime, symbol: string): Promise<PriceQuote> {
  const [t] = await rt.prices.get([symbol], { allowFetch: true });
  if (!t || t.stale) throw new PriceUnavailable(`No fresh ${symbol} price from ${rt.source.label}; try again shortly.`);
  return quoteOf(t);
}

const toNumber = (s: string | null) => (s === null ? null : Number(s));

/** An order on the wire: numbers, the fee currency named as the example names it. */
export function orderWire(row: OrderRow) {
  const v = orderView(row);
  return {
    id: v.id,
    symbol: v.symbol,
    side: v.side as "buy" | "sell",
    type: v.type,
    status: v.status,
    amount: Number(v.amount),
    filled: Number(v.filled),
    remaining: Number(v.remaining),
    price: toNumber(v.price),
    stop_price: toNumber(v.stop_price),
    trailing_delta_bps: v.trailing_delta_bps,
    activation_price: toNumber(v.activation_price),
    average_price: toNumber(v.average_price),
    fee: Number(v.fee),
    fee_currency: v.fee_asset,
    reject_reason: v.reject_reason,
    owner: v.owner === MANUAL_OWNER ? null : v.owner,
    client_order_id: v.client_order_id,
    oco_group: v.oco_group,
    created_at: v.created_at,
    updated_at: v.updated_at,
  };
}

function fillWire(order: OrderRow, f: FillRow) {
  return {
    id: f.id,
    order_id: f.order_id,
    symbol: order.symbol,
    side: order.side as "buy" | "sell",
    price: Number(formatDecimal(f.price)),
    amount: Number(formatDecimal(f.amount)),
    fee: Number(formatDecimal(f.fee)),
    fee_currency: f.fee_asset,
    liquidity: f.liquidity,
    created_at: Number(f.created_at),
  };
}

/** Events of a placed or changed order, published inside its transaction. */
export function publishOrderEvents(db: Ctx["db"], userId: string, order: OrderRow, fills: FillRow[]) {
  publishEvent(db, { userId, topic: "order.updated", payload: orderWire(order) });
  for (const f of fills) publishEvent(db, { userId, topic: "fill.created", payload: fillWire(order, f) });
  if (fills.length > 0) publishEvent(db, { userId, topic: "position.updated", payload: { symbol: order.symbol } });
  notifyOrderFills(db, userId, order, fills);
}

/** Inside a close's transaction: the sale's events, its equity point and its notifications. */
export function publishCloseEvents(db: Ctx["db"], userId: string, account: PaperAccount, result: CloseResult, byAsset: Readonly<Record<string, bigint>>) {
  if (!result.order) return;
  const fills = getOrder(db, account.id, result.order.id)?.fills ?? [];
  publishOrderEvents(db, userId, result.order, fills);
  recordFillSnapshot(db, account, result.order, fills, byAsset);
}

/** POST /api/v1/trading/orders, with the Idempotency-Key answer committed with the order. */
export async function placeUserOrder(userId: string, body: OrderRequestBody, headers: Headers): Promise<Response> {
  const { db, rt, trading, account, zone } = await context(userId);
  const info = await requireMarket(rt, body.symbol);
  const quote = await quoteFor(rt, body.symbol);
  return withIdempotency(db, { userId, route: "POST /api/v1/trading/orders", headers, body, transactional: true }, async (record) => {
    const marks = await heldPrices(rt, db, account);
    // A buy adds risk and meets the daily loss limit (§3.10); a sell only ever reduces it.
    if (body.side === "buy") await assertDailyLossLimit(db, rt, account, { daily_loss_limit_pct: trading.daily_loss_limit_pct, zone }, marks.bySymbol);
    const { symbol: _symbol, ...request } = body;
    const placed = placeOrder(db, {
      accountId: account.id,
      request,
      market: tradingMarket(info),
      price: { source: rt.source.id, quote },
      fee_rate: trading.fee_rate,
      slippage_bps: trading.slippage_bps,
      maxPriceAgeMs: env().MAX_PRICE_AGE_S * 1000,
      inTransaction: ({ order, fills, legs = [] }) => {
        publishOrderEvents(db, userId, order, fills);
        recordFillSnapshot(db, account, order, fills, marks.byAsset);
        for (const leg of legs) publishOrderEvents(db, userId, leg, []);
        record(db, { status: 201, body: orderWire(order), headers: { location: `/api/v1/trading/orders/${order.id}` } });
      },
    });
    return Response.json(orderWire(placed.order), { status: 201, headers: { Location: `/api/v1/trading/orders/${placed.order.id}` } });
  });
}

/** Last prices of the account's holdings, by symbol and by asset, for valuing it around an order. */
export async function heldPrices(rt: MarketRuntime, db: Ctx["db"], account: PaperAccount): Promise<{ bySymbol: Record<string, bigint>; byAsset: Record<string, bigint> }> {
  const assets = Object.entries(getBalances(db, account.id))
    .filter(([asset, b]) => asset !== account.quoteAsset && b.free + b.locked > BigInt(0))
    .map(([asset]) => asset);
  const { prices } = await pricesOf(rt, assets.map((a) => `${a}/${account.quoteAsset}`));
  const byAsset: Record<string, bigint> = {};
  for (const [symbol, price] of Object.entries(prices)) byAsset[symbol.split("/")[0]] = price;
  return { bySymbol: prices, byAsset };
}

/** A chart point at the fill (§2.5), inside the fill's transaction: the symbol at its fill price. */
export function recordFillSnapshot(db: Ctx["db"], account: PaperAccount, order: OrderRow, fills: FillRow[], byAsset: Readonly<Record<string, bigint>>): void {
  const last = fills.at(-1);
  if (!last) return;
  writeFillSnapshotTx(db.$client, account, Number(last.created_at), { ...byAsset, [order.base]: last.price });
}

export async function listUserOrders(userId: string, q: { status?: "open" | "closed" | "all"; symbol?: string; epoch?: number }) {
  const { db, account } = await accountOfEpoch(userId, q.epoch);
  const rows = listOrders(db, account.id, { status: q.status === "all" ? undefined : q.status, symbol: q.symbol });
  return { items: rows.map(orderWire), next_cursor: null };
}

export async function getUserOrder(userId: string, id: string) {
  const { db, account } = await context(userId);
  const found = getOrder(db, account.id, id);
  if (!found) throw new NotFound("No order with this id.", "order_not_found");
  return orderWire(found.order);
}

export async function cancelUserOrder(userId: string, id: string) {
  const { db, account } = await context(userId);
  const found = getOrder(db, account.id, id);
  if (!found) throw new NotFound("No order with this id.", "order_not_found");
  const group = found.order.oco_group;
  const row = cancelOrder(db, account.id, id);
  publishEvent(db, { userId, topic: "order.updated", payload: orderWire(row) });
  // The other leg of an OCO pair was canceled with it (§3.3).
  if (group !== null) {
    for (const leg of listOrders(db, account.id).filter((o) => o.oco_group === group && o.id !== id)) publishEvent(db, { userId, topic: "order.updated", payload: orderWire(leg) });
  }
  return orderWire(row);
}

export async function listUserTrades(userId: string, q: { symbol?: string; limit?: number; cursor?: string; epoch?: number }) {
  const { db, account } = await accountOfEpoch(userId, q.epoch);
  const limit = q.limit ?? 100;
  const rows = listFills(db, account.id, { symbol: q.symbol, limit: limit + 1, before: q.cursor ? decodeListCursor(q.cursor) : undefined });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      order_id: r.order_id,
      symbol: r.symbol,
      side: r.side as "buy" | "sell",
      price: Number(formatDecimal(r.price)),
      amount: Number(formatDecimal(r.amount)),
      fee: Number(formatDecimal(r.fee)),
      fee_currency: r.fee_asset,
      liquidity: r.liquidity,
      created_at: r.created_at,
    })),
    next_cursor: rows.length > limit && last ? encodeListCursor(last.created_at, last.id) : null,
  };
}

/** Last prices (as atomic units) of the given symbols from the bound source, and whether any is stale. */
export async function pricesOf(rt: MarketRuntime, symbols: string[]): Promise<{ prices: Record<string, bigint>; stale: boolean; asOf: number }> {
  const tickers = symbols.length > 0 ? await rt.prices.get(symbols, { allowFetch: true }) : [];
  const prices: Record<string, bigint> = {};
  for (const t of tickers) prices[t.symbol] = priceUnits(t.price);
  return { prices, stale: tickers.some((t) => t.stale) || tickers.length < symbols.length, asOf: tickers.reduce((m, t) => Math.max(m, t.as_of), 0) || Date.now() };
}

export async function marketsOf(rt: MarketRuntime, symbols: string[]): Promise<Record<string, TradingMarket>> {
  const out: Record<string, TradingMarket> = {};
  for (const s of symbols) {
    const info = await rt.findMarket(s);
    if (info) out[s] = tradingMarket(info);
  }
  return out;
}

export async function userPositions(userId: string) {
  const { db, rt, account } = await context(userId);
  // Every position is a holding of its base asset: the balances name the symbols to price.
  const symbols = Object.entries(getBalances(db, account.id))
    .filter(([asset, b]) => asset !== account.quoteAsset && b.free + b.locked > BigInt(0))
    .map(([asset]) => `${asset}/${account.quoteAsset}`);
  const [{ prices, stale }, markets] = await Promise.all([pricesOf(rt, symbols), marketsOf(rt, symbols)]);
  const rows = listPositions(db, account.id, prices, markets).filter((p) => p.amount > BigInt(0));
  // The protective sells resting for a position (its OCO legs, or stops placed by hand), per book.
  const openSells = listOrders(db, account.id, { status: "open" }).filter((o) => o.side === "sell");
  const ownerOf = (owner: string | null) => (owner === null || owner === MANUAL_OWNER ? MANUAL_OWNER : owner);
  const protection = (symbol: string, owner: string) => {
    const legs = openSells.filter((o) => o.symbol === symbol && ownerOf(o.owner) === ownerOf(owner)).map(orderWire);
    const stop = legs.find((o) => o.type === "stop_market" || o.type === "stop_limit" || o.type === "trailing_stop");
    const target = legs.find((o) => (o.type === "limit" && o.oco_group !== null) || o.type === "take_profit") ?? legs.find((o) => o.type === "limit");
    return {
      stop_loss_price: stop ? (stop.stop_price ?? stop.activation_price) : null,
      trailing_delta_bps: stop?.type === "trailing_stop" ? stop.trailing_delta_bps : null,
      take_profit_price: target ? (target.type === "take_profit" ? target.stop_price : target.price) : null,
    };
  };
  return {
    items: rows.map((p) => {
      const price = prices[p.symbol];
      const cost = Number(formatDecimal(p.cost));
      const unrealized = p.unrealized === null ? null : Number(formatDecimal(p.unrealized));
      const market = markets[p.symbol];
      return {
        symbol: p.symbol,
        owner: p.owner === MANUAL_OWNER ? null : p.owner,
        amount: Number(formatDecimal(p.amount)),
        average_entry: p.average_entry === null ? null : Number(formatDecimal(p.average_entry)),
        current_price: price === undefined ? null : Number(formatDecimal(price)),
        value: p.market_value === null ? null : Number(formatDecimal(p.market_value)),
        cost,
        unrealized_pnl: unrealized,
        unrealized_pnl_pct: unrealized === null || cost === 0 ? null : (unrealized / cost) * 100,
        realized_pnl: Number(formatDecimal(p.realized)),
        ...protection(p.symbol, p.owner),
        dust: market !== undefined && price !== undefined && isDust(p.amount, price, market),
        stale: stale || price === undefined,
      };
    }),
    next_cursor: null,
  };
}

/** Balances with equity valued at the bound source's last prices. */
async function balanceWire(ctx: Ctx, account: PaperAccount) {
  const view = balancesView(ctx.db, account.id);
  const assets = view.filter((b) => b.asset !== account.quoteAsset && Number(b.total) > 0).map((b) => `${b.asset}/${account.quoteAsset}`);
  const { prices, stale, asOf } = await pricesOf(ctx.rt, assets);
  // The core's valuation (free and locked, rounded down). A holding without a price is left out of the
  // equity rather than guessed, and the answer is then stale (pricesOf says so).
  const balances = getBalances(ctx.db, account.id);
  const marks: Record<string, { price: bigint }> = {};
  for (const asset of Object.keys(balances)) {
    const price = prices[`${asset}/${account.quoteAsset}`];
    if (price !== undefined) marks[asset] = { price };
  }
  const priced = Object.fromEntries(Object.entries(balances).filter(([asset]) => asset === account.quoteAsset || marks[asset] !== undefined));
  const equity = accountEquity(priced, account.quoteAsset, marks);
  return {
    balances: view.map((b) => ({ asset: b.asset, free: Number(b.free), locked: Number(b.locked), total: Number(b.total) })),
    equity: Number(formatDecimal(equity)),
    quote_asset: account.quoteAsset,
    source: account.source,
    epoch: account.epoch,
    as_of: asOf,
    stale,
  };
}

export async function userBalance(userId: string) {
  const ctx = await context(userId);
  return balanceWire(ctx, ctx.account);
}

/** A path's BTC-USDT (or BTC%2FUSDT); a malformed escape is taken as written and simply finds nothing. */
function symbolFromPath(raw: string): string {
  let text = raw;
  try {
    text = decodeURIComponent(raw);
  } catch {
    // not an escape sequence this API produced
  }
  return text.trim().toUpperCase().replace("-", "/");
}

/** Cancel the symbol's orders and sell the holding; a position that does not exist → 404. */
export async function closeUserPosition(userId: string, rawSymbol: string) {
  const { db, rt, trading, account } = await context(userId);
  const symbol = symbolFromPath(rawSymbol);
  const held = listPositions(db, account.id).filter((p) => p.symbol === symbol && p.amount > BigInt(0));
  if (held.length === 0) throw new NotFound(`No open ${symbol} position.`, "position_not_found");
  const info = await requireMarket(rt, symbol);
  const quote = await quoteFor(rt, symbol);
  const marks = await heldPrices(rt, db, account);
  const result = closePosition(db, {
    accountId: account.id,
    market: tradingMarket(info),
    price: { source: rt.source.id, quote },
    fee_rate: trading.fee_rate,
    slippage_bps: trading.slippage_bps,
    maxPriceAgeMs: env().MAX_PRICE_AGE_S * 1000,
    // Events, the equity point and notifications commit with the sale or not at all.
    inTransaction: (r) => publishCloseEvents(db, userId, account, r, marks.byAsset),
  });
  return { order: result.order ? orderWire(result.order) : null, sold: Number(formatDecimal(result.sold)), dust: Number(formatDecimal(result.dust)), canceled_orders: result.canceled };
}

/**
 * The emergency button (§3.13): the user's bots are paused first (so none buys back), every open
 * order is canceled, every holding sold; each symbol reports its own result.
 */
export async function closeAllForUser(userId: string) {
  const { db, rt, trading, account } = await context(userId);
  const pausedBots = pauseAllBots(db, userId, "close_all");
  const held = [...new Set(listPositions(db, account.id).filter((p) => p.amount > BigInt(0)).map((p) => p.symbol))];
  const markets: Record<string, { market: TradingMarket; quote: PriceQuote }> = {};
  for (const symbol of held) {
    const info = await rt.findMarket(symbol);
    const quote = info ? await quoteFor(rt, symbol).catch(() => null) : null;
    if (info && quote) markets[symbol] = { market: tradingMarket(info), quote };
  }
  const byAsset = Object.fromEntries(Object.values(markets).map((m) => [m.market.base, m.quote.last]));
  const outcome = closeAll(db, {
    accountId: account.id,
    markets,
    source: rt.source.id,
    fee_rate: trading.fee_rate,
    slippage_bps: trading.slippage_bps,
    maxPriceAgeMs: env().MAX_PRICE_AGE_S * 1000,
    inTransaction: (r) => publishCloseEvents(db, userId, account, r, byAsset),
  });
  return {
    canceled_orders: outcome.canceled,
    paused_bots: pausedBots,
    results: outcome.results.map((r) =>
      r.ok
        ? { symbol: r.symbol, ok: true, order_id: r.order?.id ?? null, sold: Number(formatDecimal(r.sold)), dust: Number(formatDecimal(r.dust)), error: null }
        : { symbol: r.symbol, ok: false, order_id: null, sold: 0, dust: Number(formatDecimal(r.held)), error: r.message },
    ),
  };
}

export async function resetUserAccount(userId: string) {
  const ctx = await context(userId);
  pauseAllBots(ctx.db, userId, "account_reset");
  const { account } = resetAccount(ctx.db, userId, { source: ctx.rt.source.id, quoteAsset: ctx.trading.stake_currency, startingBalance: priceUnits(ctx.trading.paper_starting_balance) });
  return balanceWire(ctx, account);
}

