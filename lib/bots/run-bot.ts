import type { Logger } from "pino";
import type { Db } from "@/lib/db/open";
import type { StrategyRow } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { publishEvent } from "@/lib/events/publish";
import { scrubSecrets } from "@/lib/exchange/scrub";
import type { MarketTimeframe } from "@/lib/market/provider";
import type { CandleArrays } from "@/lib/market/simulated";
import { timeframeMs } from "@/lib/market/timeframes";
import { ENTER_LONG, parseStrategyConfig, type GridParameters, type StrategyConfig } from "@/lib/strategies";
import { accountEquity, bookAmount, bookCost, floorToStepUnits, formatDecimal, isDust, type PriceQuote, type TradingMarket } from "@/lib/trading/core";
import { closePosition, getBalances, getOrCreateAccount, listPositions, placeOrder, placeOrderTx, readBooks, type FillRow, type OrderRow, type PaperAccount } from "@/lib/trading/store";
import { cancelOpenOrdersTx, readFills } from "@/lib/trading/store/order-rows";
import { offsetPrice } from "@/lib/trading/price-offset";
import { botOrderKey, candlesToEvaluate, isFresh, latestClosedOpen } from "./clock";
import { placeGridOrders } from "./grid-bot";
import { candlesNeeded, decideCandle, flagsAt, symbolSignals, type BotAction, type SymbolSignals } from "./decide";
import { botStateWire, ensureBotState, evaluationOf, isUniqueViolation, recordEvaluation, updateBotState, type BotOutcome, type BotStateRow } from "./store";

const ZERO = BigInt(0);

/** What a bot reads from the deployment's market source; production wraps the market runtime. */
export interface BotMarket {
  source: string;
  /** The source's clock. */
  serverNow(): number;
  /** True while the source does not answer (an exchange outage): bots pause, never use fallback data. */
  unavailable(): boolean;
  /** The newest `limit` closed candles in the store (filled from the source first). */
  closedCandles(symbol: string, timeframe: MarketTimeframe, limit: number): Promise<{ candles: CandleArrays; stale: boolean }>;
  /** A fresh quote, or null when there is none. */
  quote(symbol: string): Promise<PriceQuote | null>;
  market(symbol: string): Promise<TradingMarket | null>;
}

/** The settings a bot's orders use: the user's trading settings and account caps. */
export interface BotTradingSettings {
  stake_currency: string;
  paper_starting_balance: number;
  fee_rate: number;
  slippage_bps: number;
  max_position_size_pct: number;
  max_open_positions: number;
}

export interface BotDeps {
  db: Db;
  market: BotMarket;
  /** This runner's name, written on every evaluation it records. */
  owner: string;
  log: Logger;
  settings(userId: string): Promise<BotTradingSettings>;
  catchupMax: number;
  maxPriceAgeMs: number;
  toUnits(price: number): bigint;
  /** Runs inside an order's transaction: events, equity snapshot, notifications of its fills. */
  onOrder?(db: Db, userId: string, account: PaperAccount, order: OrderRow, fills: FillRow[], legs: OrderRow[], byAsset: Record<string, bigint>): void;
  /** Throws a 422 AppError when a risk-increasing order would break the user's daily loss limit. */
  assertDailyLoss?(userId: string, account: PaperAccount, bySymbol: Record<string, bigint>): Promise<void>;
  /** A bot error for the user's notifications (written in the transaction that records it). */
  onBotError?(db: Db, userId: string, strategy: StrategyRow, message: string, key: string): void;
  now?: () => number;
}

/** A failure that should be retried on the next tick while the candle is fresh (no row written). */
class Transient extends Error {}

export type BotTickResult = { evaluated: number; ordered: number; waiting?: string };

/**
 * Runs one bot up to the newest closed candle: evaluates the candles it has not evaluated yet,
 * oldest first; missed ones (downtime) only advance its state and are recorded skipped_stale when
 * they would have traded; only the newest, while fresh, places orders.
 */
export async function runBot(deps: BotDeps, strategy: StrategyRow): Promise<BotTickResult> {
  const { db, market } = deps;
  const now = deps.now?.() ?? Date.now();
  let state = ensureBotState(db, strategy.userId, strategy.id, now);
  const result: BotTickResult = { evaluated: 0, ordered: 0 };

  if (market.unavailable()) {
    if (state.status === "running") setState(deps, strategy, { status: "paused", pausedReason: "market_unavailable" }, now);
    return result;
  }
  if (state.status === "paused") {
    if (state.pausedReason !== "market_unavailable") return result;
    state = setState(deps, strategy, { status: "running", pausedReason: null }, now);
  }

  const config = parseStrategyConfig({ type: strategy.type, parameters: strategy.parameters, risk: strategy.risk });
  // A disabled strategy only exits on its signals; dca and grid exit through their resting orders, which stay.
  if (!strategy.enabled && (config.type === "dca" || config.type === "grid")) return result;
  const tf = timeframeMs(strategy.timeframe as MarketTimeframe);
  const serverNow = market.serverNow();
  const latest = latestClosedOpen(serverNow, tf);
  const todo = candlesToEvaluate(state.lastCandleTime, latest, tf, deps.catchupMax);
  if (todo.length === 0) return result;

  if (config.type === "grid") return runGridBot(deps, strategy, config.parameters, todo, latest, tf, now);

  // Every symbol's candles up to the newest closed one must be in the store first.
  const signals = new Map<string, SymbolSignals>();
  for (const symbol of strategy.symbols) {
    const { candles, stale } = await market.closedCandles(symbol, strategy.timeframe as MarketTimeframe, candlesNeeded(config, tf, todo.length) + 1);
    const n = candles.openTime.length;
    if (stale || n === 0 || candles.openTime[n - 1] < latest) {
      result.waiting = `Waiting for the ${symbol} candle of ${new Date(latest).toISOString()} to be stored.`;
      return result;
    }
    signals.set(symbol, symbolSignals(config, candles, tf));
  }

  const settings = await deps.settings(strategy.userId);
  const account = getOrCreateAccount(db, strategy.userId, { source: market.source, quoteAsset: settings.stake_currency, startingBalance: deps.toUnits(settings.paper_starting_balance) });
  const holding = botHoldings(deps, account, strategy, await marketsOf(market, strategy.symbols));
  const maxOpenTrades = config.risk.max_open_trades;

  for (const openTime of todo) {
    const tradable = openTime === latest && isFresh(openTime, tf, market.serverNow());
    // A candle that cannot trade places nothing, so the holdings it sees stay as they are.
    // A disabled strategy's entry signals are dropped: disabling stops new entries only.
    const flags = (s: string) => flagsAt(signals.get(s) as SymbolSignals, openTime) & (strategy.enabled ? 0xff : ~ENTER_LONG);
    const decisions = decideCandle({ symbols: strategy.symbols, flags, holding: tradable ? holding : new Set(holding), maxOpenTrades, accumulate: config.type === "dca" });
    // Exits first, then entries (decideCandle's order), each symbol once.
    const ordered = [...decisions.filter((d) => d.action === "exit_long"), ...decisions.filter((d) => d.action !== "exit_long")];
    let lastAction: string | null = null;
    let candleError: string | null = null;
    for (const d of ordered) {
      const key = botOrderKey(strategy.id, d.symbol, strategy.timeframe, openTime);
      const base = { userId: strategy.userId, strategyId: strategy.id, strategyVersion: strategy.version, symbol: d.symbol, timeframe: strategy.timeframe, openTime, evaluatedBy: deps.owner };
      const earlier = evaluationOf(db, strategy.id, d.symbol, strategy.timeframe, openTime);
      if (earlier) {
        deps.log.info({ strategy_id: strategy.id, symbol: d.symbol, open_time: openTime, evaluated_by: earlier.evaluatedBy, outcome: earlier.outcome }, "bot candle already evaluated: skipped");
        continue;
      }
      let outcome: BotOutcome;
      let reason: string | null = d.refused ?? null;
      let orderId: string | null = null;
      try {
        if (d.action === null) {
          outcome = d.refused ? "rejected" : "no_signal";
          recordEvaluation(db, { ...base, outcome, reason }, now);
        } else if (!tradable) {
          outcome = "skipped_stale";
          reason = openTime === latest ? "the candle closed too long ago to trade" : "a missed candle: only the newest closed candle trades";
          recordEvaluation(db, { ...base, outcome, action: d.action, reason }, now);
        } else {
          const placed = await placeBotOrder(deps, { strategy, config, account, settings, symbol: d.symbol, action: d.action, key, base });
          outcome = placed.outcome;
          reason = placed.reason;
          orderId = placed.orderId;
          if (outcome === "ordered") result.ordered++;
        }
      } catch (error) {
        if (isUniqueViolation(error)) {
          deps.log.info({ strategy_id: strategy.id, symbol: d.symbol, open_time: openTime }, "bot candle recorded by another runner first: its order stands, this attempt rolled back");
          continue;
        }
        if (error instanceof Transient) {
          // Retried on the next tick while the candle is fresh; the state does not advance.
          setState(deps, strategy, { lastError: error.message, lastEvaluatedAt: now }, now);
          result.waiting = error.message;
          return result;
        }
        // Anything else failed this symbol's order (a bug, the store): recorded as `error` for this
        // candle, notified, and the bot goes on with its other symbols and later candles.
        outcome = "error";
        reason = scrubSecrets(error instanceof Error ? error.message : String(error)).slice(0, 500);
        const failure = { ...base, outcome, action: d.action, reason };
        deps.db.$client.transaction(() => {
          recordEvaluation(db, failure, now);
          deps.onBotError?.(db, strategy.userId, strategy, reason as string, `bot-error:${key}`);
        })();
        deps.log.error({ strategy_id: strategy.id, symbol: d.symbol, open_time: openTime, err: reason }, "bot order failed");
        candleError = `${d.symbol}: ${reason}`;
      }
      deps.log.info({ strategy_id: strategy.id, symbol: d.symbol, open_time: openTime, outcome, reason, order_id: orderId, key }, "bot evaluated candle");
      if (outcome !== "no_signal" && outcome !== "skipped_stale") lastAction = `${d.action ?? "entry"} ${d.symbol}: ${outcome}${reason ? ` (${reason})` : ""}`;
    }
    result.evaluated++;
    setState(deps, strategy, { lastCandleTime: openTime, lastEvaluatedAt: now, ...(lastAction ? { lastAction } : {}), lastError: candleError }, now);
  }
  return result;
}

/**
 * A grid bot (one pair) keeps its resting orders in line once per candle: only the newest closed
 * candle, while fresh, places orders; missed ones are recorded and skipped.
 */
async function runGridBot(deps: BotDeps, strategy: StrategyRow, params: GridParameters, todo: number[], latest: number, tf: number, now: number): Promise<BotTickResult> {
  const { db, market } = deps;
  const symbol = strategy.symbols[0];
  const result: BotTickResult = { evaluated: 0, ordered: 0 };
  const settings = await deps.settings(strategy.userId);
  const account = getOrCreateAccount(db, strategy.userId, { source: market.source, quoteAsset: settings.stake_currency, startingBalance: deps.toUnits(settings.paper_starting_balance) });
  for (const openTime of todo) {
    const base = { userId: strategy.userId, strategyId: strategy.id, strategyVersion: strategy.version, symbol, timeframe: strategy.timeframe, openTime, evaluatedBy: deps.owner };
    const key = botOrderKey(strategy.id, symbol, strategy.timeframe, openTime);
    if (evaluationOf(db, strategy.id, symbol, strategy.timeframe, openTime)) continue;
    const tradable = openTime === latest && isFresh(openTime, tf, market.serverNow());
    try {
      if (!tradable) {
        recordEvaluation(db, { ...base, outcome: "skipped_stale", reason: "a missed candle: the grid is kept in line at the newest closed candle only" }, now);
      } else {
        const tradingMarket = await market.market(symbol);
        const quote = await market.quote(symbol);
        if (!tradingMarket) throw new Error(`${symbol} is not a market of this deployment's source`);
        if (!quote) throw new Transient(`No fresh ${symbol} price: the grid is kept in line on a later tick.`);
        const terms = { price: { source: market.source, quote }, fee_rate: settings.fee_rate, slippage_bps: settings.slippage_bps, maxPriceAgeMs: deps.maxPriceAgeMs, now };
        const placed = placeGridOrders(db, { account, strategy, params, market: tradingMarket, quote, key, terms, now }, (r) => {
          for (const order of r.placed) deps.onOrder?.(db, strategy.userId, account, order, readFills(db.$client, order.id), [], {});
          const reason = r.refused.length > 0 ? r.refused.join("; ").slice(0, 500) : null;
          recordEvaluation(db, { ...base, outcome: r.placed.length > 0 ? "ordered" : r.refused.length > 0 ? "rejected" : "no_signal", action: r.placed.length > 0 ? "grid" : null, reason, orderId: r.placed[0]?.id ?? null, idempotencyKey: r.placed.length > 0 ? key : null }, now);
        });
        result.ordered += placed.placed.length > 0 ? 1 : 0;
        if (placed.placed.length > 0) setState(deps, strategy, { lastAction: `grid: ${placed.placed.length} order(s) placed on ${symbol}` }, now);
      }
    } catch (error) {
      if (isUniqueViolation(error)) {
        deps.log.info({ strategy_id: strategy.id, symbol, open_time: openTime }, "bot candle recorded by another runner first: its orders stand, this attempt rolled back");
        continue;
      }
      if (error instanceof Transient) {
        setState(deps, strategy, { lastError: error.message, lastEvaluatedAt: now }, now);
        result.waiting = error.message;
        return result;
      }
      throw error;
    }
    result.evaluated++;
    setState(deps, strategy, { lastCandleTime: openTime, lastEvaluatedAt: now, lastError: null }, now);
  }
  return result;
}

/** Marks a bot as errored (scrubbed message) and tells its owner. */
export function recordBotError(deps: BotDeps, strategy: StrategyRow, error: unknown): void {
  const now = deps.now?.() ?? Date.now();
  const message = scrubSecrets(error instanceof Error ? error.message : String(error)).slice(0, 500);
  deps.log.error({ strategy_id: strategy.id, err: message }, "bot failed");
  const state = ensureBotState(deps.db, strategy.userId, strategy.id, now);
  deps.db.$client.transaction(() => {
    setState(deps, strategy, { lastError: message, lastEvaluatedAt: now }, now);
    // One notification per error message per candle, not one per tick.
    deps.onBotError?.(deps.db, strategy.userId, strategy, message, `bot-error:${strategy.id}:${state.lastCandleTime ?? 0}:${message.slice(0, 60)}`);
  })();
}

function setState(deps: BotDeps, strategy: StrategyRow, patch: Partial<BotStateRow>, now: number): BotStateRow {
  updateBotState(deps.db, strategy.id, patch, now);
  const state = ensureBotState(deps.db, strategy.userId, strategy.id, now);
  const tf = timeframeMs(strategy.timeframe as MarketTimeframe);
  publishEvent(deps.db, { userId: strategy.userId, topic: "bot.state", payload: botStateWire(state, tf) }, now);
  return state;
}

async function marketsOf(market: BotMarket, symbols: readonly string[]): Promise<Record<string, TradingMarket>> {
  const out: Record<string, TradingMarket> = {};
  for (const s of symbols) {
    const m = await market.market(s);
    if (m) out[s] = m;
  }
  return out;
}

/** The symbols where this bot holds more than dust (its own book: a strategy's trades are its own). */
function botHoldings(deps: BotDeps, account: PaperAccount, strategy: StrategyRow, markets: Record<string, TradingMarket>): Set<string> {
  const held = new Set<string>();
  for (const symbol of strategy.symbols) {
    const book = readBooks(deps.db.$client, account.id, symbol).find((b) => b.owner === strategy.id);
    const amount = book ? bookAmount(book) : ZERO;
    const market = markets[symbol];
    if (amount > ZERO && !(market && amount < market.amount_step)) held.add(symbol);
  }
  return held;
}

type PlaceInput = {
  strategy: StrategyRow;
  config: StrategyConfig;
  account: PaperAccount;
  settings: BotTradingSettings;
  symbol: string;
  action: BotAction;
  key: string;
  base: Omit<Parameters<typeof recordEvaluation>[1], "outcome">;
};

type Placed = { outcome: BotOutcome; reason: string | null; orderId: string | null };

/**
 * Places the order of a decision through the paper store, with the evaluation row in the order's
 * own transaction: if another runner recorded the candle first, the unique key rolls this order
 * back. Refusals known before the order (balance, minimums, caps) are recorded as rejected.
 */
async function placeBotOrder(deps: BotDeps, input: PlaceInput): Promise<Placed> {
  const { db, market } = deps;
  const { strategy, config, account, settings, symbol, action, key, base } = input;
  const now = deps.now?.() ?? Date.now();
  const tradingMarket = await market.market(symbol);
  if (!tradingMarket) return reject(deps, base, action, `${symbol} is not a market of this deployment's source`, now);
  const quote = await market.quote(symbol);
  if (!quote) throw new Transient(`No fresh ${symbol} price: the order is retried while the candle is fresh.`);
  const terms = { market: tradingMarket, price: { source: market.source, quote }, fee_rate: settings.fee_rate, slippage_bps: settings.slippage_bps, maxPriceAgeMs: deps.maxPriceAgeMs, now };

  const marks = await valuation(deps, account, { [tradingMarket.base]: quote.last });
  if (!marks) throw new Transient("A holding has no fresh price to value the account with.");
  let placedId: string | null = null;
  try {
    if (action === "exit_long") {
      const closed = closePosition(db, {
        ...terms,
        accountId: account.id,
        owner: strategy.id,
        client_order_id: key,
        inTransaction: (r) => {
          if (r.order) deps.onOrder?.(db, strategy.userId, account, r.order, fillsOf(db, r.order.id), [], marks.byAsset);
          recordEvaluation(db, { ...base, outcome: r.order ? "ordered" : "rejected", action, reason: r.order ? null : "nothing left to sell (dust)", orderId: r.order?.id ?? null, idempotencyKey: key }, now);
        },
      });
      placedId = closed.order?.id ?? null;
      return { outcome: closed.order ? "ordered" : "rejected", reason: closed.order ? null : "nothing left to sell (dust)", orderId: placedId };
    }

    if (config.type === "dca" && config.parameters.max_buys !== null) {
      const book = readBooks(db.$client, account.id, symbol).find((b) => b.owner === strategy.id);
      const buys = book ? book.lots.filter((l) => l.amount > ZERO).length : 0;
      if (buys >= config.parameters.max_buys) return reject(deps, base, action, `max_buys (${config.parameters.max_buys}) reached for this position`, now);
    }
    if (deps.assertDailyLoss) await deps.assertDailyLoss(strategy.userId, account, marks.bySymbol);
    const sizing = entrySize(config, settings, marks.equity, marks.freeQuote, tradingMarket);
    const openSymbols = listPositions(db, account.id).filter((p) => p.amount > ZERO && !isDust(p.amount, quote.last, tradingMarket)).map((p) => p.symbol);
    if (!openSymbols.includes(symbol) && new Set(openSymbols).size >= settings.max_open_positions) {
      return reject(deps, base, action, `max_open_positions: the account cap of ${settings.max_open_positions} open positions is reached`, now);
    }
    const risk = config.type === "dca" ? { stop_loss_pct: config.risk.stop_loss_pct, take_profit_pct: null, trailing_stop_pct: null } : config.risk;
    const request = {
      side: "buy" as const,
      type: "market" as const,
      quote_amount: formatDecimal(sizing.spend, tradingMarket.scales.quote),
      stop_loss_price: risk.stop_loss_pct ? formatDecimal(offsetPrice(quote.ask, risk.stop_loss_pct, -1, tradingMarket), tradingMarket.scales.price) : null,
      take_profit_price: risk.take_profit_pct ? formatDecimal(offsetPrice(quote.ask, risk.take_profit_pct, 1, tradingMarket), tradingMarket.scales.price) : null,
      trailing_stop_pct: risk.trailing_stop_pct ?? null,
    };
    const placed = placeOrder(db, {
      ...terms,
      accountId: account.id,
      request,
      owner: strategy.id,
      client_order_id: key,
      inTransaction: ({ order, fills, legs = [] }) => {
        deps.onOrder?.(db, strategy.userId, account, order, fills, legs, { ...marks.byAsset, [tradingMarket.base]: quote.last });
        if (config.type === "dca" && config.parameters.take_profit_pct !== null) {
          const target = replaceDcaTarget(db, account, strategy, tradingMarket, config.parameters.take_profit_pct, terms, now);
          if (target) deps.onOrder?.(db, strategy.userId, account, target, [], [], marks.byAsset);
        }
        recordEvaluation(db, { ...base, outcome: "ordered", action, reason: sizing.resizedBy, orderId: order.id, idempotencyKey: key }, now);
      },
    });
    placedId = placed.order.id;
    return { outcome: "ordered", reason: sizing.resizedBy, orderId: placedId };
  } catch (error) {
    if (isUniqueViolation(error)) throw error;
    // Refusals of the order itself (422: balance, minimums, the daily loss limit) are final.
    if (error instanceof AppError && error.status === 422) return reject(deps, base, action, error.message, now);
    if (error instanceof AppError && error.status === 503) throw new Transient(error.message);
    throw error;
  }
}

/**
 * dca's take-profit (§1.11): after every buy, the bot's resting sell is replaced by one for its whole
 * position at +take_profit_pct over the fee-inclusive average entry. In the buy's transaction.
 */
function replaceDcaTarget(db: Db, account: PaperAccount, strategy: StrategyRow, market: TradingMarket, pct: number, terms: Omit<Parameters<typeof placeOrderTx>[1], "accountId" | "request">, now: number): OrderRow | null {
  const sqlite = db.$client;
  cancelOpenOrdersTx(sqlite, account.id, now, { symbol: market.symbol, owner: strategy.id });
  const book = readBooks(sqlite, account.id, market.symbol).find((b) => b.owner === strategy.id);
  const amount = book ? floorToStepUnits(bookAmount(book), market.amount_step) : ZERO;
  if (!book || amount === ZERO) return null;
  const shift = BigInt(10) ** BigInt(market.scales.price + market.scales.base - market.scales.quote);
  const average = (bookCost(book) * shift) / bookAmount(book);
  const price = offsetPrice(average, pct, 1, market);
  try {
    const placed = placeOrderTx(sqlite, { ...terms, accountId: account.id, owner: strategy.id, request: { side: "sell", type: "limit", amount: formatDecimal(amount, market.scales.base), price: formatDecimal(price, market.scales.price) } }, now);
    return placed.order;
  } catch (error) {
    // A target the market refuses (under the minimum notional) leaves the position without one; the buy stands.
    if (error instanceof AppError && error.status === 422) return null;
    throw error;
  }
}

function reject(deps: BotDeps, base: PlaceInput["base"], action: BotAction, reason: string, now: number): Placed {
  recordEvaluation(deps.db, { ...base, outcome: "rejected", action, reason }, now);
  return { outcome: "rejected", reason, orderId: null };
}

const fillsOf = (db: Db, orderId: string): FillRow[] => readFills(db.$client, orderId);

/** Equity and free quote at current prices; null when a holding cannot be valued. */
async function valuation(deps: BotDeps, account: PaperAccount, known: Record<string, bigint>) {
  const balances = getBalances(deps.db, account.id);
  const q = account.quoteAsset;
  const marks: Record<string, { price: bigint }> = {};
  const byAsset: Record<string, bigint> = { ...known };
  const bySymbol: Record<string, bigint> = {};
  for (const [asset, b] of Object.entries(balances)) {
    if (asset === q || b.free + b.locked === ZERO) continue;
    const price = byAsset[asset] ?? (await deps.market.quote(`${asset}/${q}`))?.last;
    if (price === undefined) return null;
    byAsset[asset] = price;
    bySymbol[`${asset}/${q}`] = price;
    marks[asset] = { price };
  }
  return { equity: accountEquity(balances, q, marks), freeQuote: balances[q]?.free ?? ZERO, byAsset, bySymbol };
}

/**
 * What an entry spends (fee included): dca its fixed amount; the others position_size_pct of equity,
 * capped by the account's max position size (unless the strategy asks less) and the free balance.
 * `resizedBy` names the rule that cut it, for the evaluation log.
 */
export function entrySize(config: StrategyConfig, settings: BotTradingSettings, equity: bigint, freeQuote: bigint, market: TradingMarket): { spend: bigint; resizedBy: string | null } {
  const scale = BigInt(10) ** BigInt(market.scales.quote);
  const units = (x: number) => BigInt(Math.floor(x * Number(scale)));
  let resizedBy: string | null = null;
  let spend: bigint;
  if (config.type === "dca") {
    spend = units(config.parameters.quote_amount);
  } else {
    const wanted = config.risk.position_size_pct;
    const cap = settings.max_position_size_pct;
    const pct = Math.min(wanted, cap);
    if (cap < wanted) resizedBy = `resized by max_position_size_pct (account cap ${cap}% < strategy ${wanted}%)`;
    spend = (equity * BigInt(Math.round(pct * 1e6))) / BigInt(100e6);
  }
  if (spend > freeQuote) {
    spend = freeQuote;
    resizedBy = "resized by the free balance";
  }
  return { spend, resizedBy };
}
