/**
 * The paper exchange's pure core (trading-semantics.md §3): no database, no HTTP, no clock. The
 * persistence and API layers call these functions inside one transaction per money movement and
 * store what they return.
 *
 * - money: atomic-unit BigInt amounts, exact decimal parsing and formatting, directed rounding
 *   (fees and debits up, credits down), exact rates.
 * - market: a provider's MarketInfo (or the backtest's MarketFilters) in atomic units, grid rounding.
 * - order-validation: adjust a request to the grid, then validate it, one problem per violation by
 *   wire field; quote_amount → amount with the fee inside the spend; close amounts and dust.
 * - matching: trigger and fill rules for every order type against a price update or a closed 1m
 *   candle, trailing state, OCO pairs, and replay of candles missed during downtime.
 * - ledger: locks, fills and cancels as ledger entries, so balance = Σ ledger; shortfalls.
 * - positions: FIFO lots with buy fees in the cost, disposals for the tax export, average entry,
 *   unrealized P&L.
 * - risk: smart-order sizing with fees and slippage, and the pre-trade checks in §3.10's order.
 *
 * @example
 * ```ts
 * import { bps, lockFor, lockFunds, matchOnPrice, placeOrder, ratio, restingOrder, tradingMarket, validateOrder, applyFill } from "@/lib/trading/core";
 *
 * const market = tradingMarket(info); // info: MarketInfo from the account's bound provider
 * const quote = { last, bid, ask, ts }; // atomic units from fromNumber(ticker.price) etc.
 * const fee_rate = ratio(settings.fee_rate);
 * const slippage = bps(settings.slippage_bps);
 *
 * const v = validateOrder({ side: "buy", type: "limit", amount: "0.5", price: "64000" }, { market, quote, fee_rate, slippage });
 * if (!v.ok) return unprocessable(v.problems, v.adjusted); // 422, one problem per field
 *
 * const order = restingOrder({ id, side: "buy", type: "limit", amount: v.order.amount, price: v.order.price });
 * const lock = { ...lockFor(order, { market, fee_rate, slippage, last: quote.last })!, order_id: id };
 * const locked = lockFunds(balances, lock); // insert locked.entries, update balances, or 422 with locked.shortfall
 *
 * const m = placeOrder(order, quote, { slippage }); // a marketable limit fills at once
 * // later, for each price update: matchOnPrice(storedOrder, quote, { slippage })
 * if (m.kind === "fill") {
 *   const f = applyFill(balances, { order_id: id, fill_id, side: "buy", market, amount: order.amount, price: m.fill.price, fee_rate, lock });
 *   // f.entries → ledger_entries; f.amounts → the fill row and addBuy() for the lots
 * }
 * ```
 */
export * from "./money";
export * from "./market";
export * from "./types";
export * from "./order-validation";
export * from "./matching";
export * from "./ledger";
export * from "./positions";
export * from "./risk";
