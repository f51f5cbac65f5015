/**
 * The paper account's database layer (trading-semantics.md §3): accounts and balances with their
 * ledger, orders placed and canceled in single immediate transactions, the matcher's price/candle
 * side with its cursor, and positions from FIFO lots. Amounts are BigInt atomic units in and out;
 * the *View functions turn them into decimal strings for the wire. Money math, validation, locks,
 * fills, matching and lots all come from lib/trading/core.
 */
export * from "./accounts";
export * from "./errors";
export { checkLedger, postEntries, readBalances, readLedger } from "./ledger";
export { MANUAL_OWNER, readBooks } from "./lots";
export * from "./matcher";
export { fillView, ORDER_STATUSES, orderView, type FillRow, type FillView, type OrderRow, type OrderStatus, type OrderView } from "./order-rows";
export * from "./orders";
export * from "./positions";
export { listFills, type FillListRow } from "./fills";
