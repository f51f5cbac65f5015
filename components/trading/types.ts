/**
 * Wire shapes of the paper trading API as the browser reads them (snake_case, times in UTC epoch ms).
 * Declared here rather than imported from lib/trading so nothing server-side reaches the bundle.
 */

export const ORDER_TYPES = ["market", "limit", "stop_market", "stop_limit", "take_profit", "trailing_stop"] as const;
export type OrderType = (typeof ORDER_TYPES)[number];
export type OrderSide = "buy" | "sell";
/** The four statuses of the contract, plus the in-between and timed-out states a venue may report. */
export type OrderStatus = "open" | "partially_filled" | "filled" | "canceled" | "rejected" | "expired";

export interface Order {
  id: string;
  status: OrderStatus;
  symbol: string;
  side: OrderSide;
  type: OrderType;
  amount: number;
  filled: number;
  remaining: number;
  price: number | null;
  stop_price: number | null;
  average_price: number | null;
  fee: number | null;
  fee_currency: string | null;
  reject_reason: string | null;
  created_at: number;
  updated_at: number;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface BalanceRow {
  asset: string;
  free: number;
  locked: number;
  total: number;
}

export interface BalanceView {
  balances: BalanceRow[];
  equity: number;
  quote_asset: string;
  as_of: number;
  stale: boolean;
}

export interface Position {
  symbol: string;
  owner: string | null;
  amount: number;
  /** Null only while the position has no priced fill or no current price (shown as "—"). */
  average_entry: number | null;
  current_price: number | null;
  value: number | null;
  unrealized_pnl: number | null;
  unrealized_pnl_pct: number | null;
  stop_loss_price: number | null;
  take_profit_price: number | null;
  dust: boolean;
  stale: boolean;
}

export interface Trade {
  id: string;
  order_id: string;
  symbol: string;
  side: OrderSide;
  price: number;
  amount: number;
  fee: number;
  fee_currency: string;
  created_at: number;
}

export interface SmartOrderResult {
  order: Order;
  sizing: { amount: number; entry_price: number; risk_amount: number; risk_pct: number; reward_risk_ratio: number | null };
}

/**
 * Dust left after a close: read as a flag, or as the amount left when the server reports that
 * (either way, truthy means some is left).
 */
export type DustReport = boolean | number;

export interface ClosePositionResult {
  order: Order | null;
  dust: DustReport;
}

export interface CloseAllResult {
  /** A count, or the ids of the canceled orders. */
  canceled_orders: number | string[];
  paused_bots: number;
  results: { symbol: string; order_id: string | null; sold: number; dust: DustReport; error?: string | null }[];
}

/** The part of GET /settings this page reads. */
export interface TradingSettingsView {
  trading: { fee_rate: number; stake_currency: string; default_pairs: string[] };
}
