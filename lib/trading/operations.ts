import { z } from "zod";
import { defineOperation } from "@/lib/http/operation";
import { symbolSchema } from "@/lib/market/schemas";

/*
 * The paper account's API (issue: paper trading). Amounts and prices travel as JSON numbers; inside,
 * they are exact integers of atomic units (lib/trading/core), converted once at this boundary.
 */

const positive = (what: string) => z.number({ error: `${what} must be a number` }).positive(`${what} must be greater than 0`);
const onlyIfValid = (payload: { issues: readonly unknown[] }) => payload.issues.length === 0;
const ORDER_TYPES = ["market", "limit", "stop_market", "stop_limit", "take_profit", "trailing_stop"] as const;

export const orderRequestSchema = z
  .object({
    symbol: symbolSchema,
    side: z.enum(["buy", "sell"], { error: "must be buy or sell" }).meta({ examples: ["buy"] }),
    type: z.enum(ORDER_TYPES, { error: `must be one of ${ORDER_TYPES.join(", ")}` }).meta({ examples: ["market"] }),
    amount: positive("The amount").optional().meta({ examples: [0.01] }),
    quote_amount: positive("The total").optional().describe("Buys: spend at most this much quote, fee included (instead of amount)"),
    price: positive("The price").optional().describe("Limit price (limit, stop_limit)"),
    stop_price: positive("The stop price").optional().describe("Trigger price (stop_market, stop_limit, take_profit)"),
    trailing_delta_bps: z.number({ error: "must be a number" }).int("must be a whole number of basis points").optional(),
    activation_price: positive("The activation price").optional(),
    stop_loss_price: positive("The stop-loss price").optional(),
    take_profit_price: positive("The take-profit price").optional(),
    trailing_stop_pct: positive("The trailing stop").optional(),
  })
  // Neither amount nor quote_amount is caught by the core's validation, as 422 on "amount".
  .strict();
export type OrderRequestBody = z.output<typeof orderRequestSchema>;

const pct = (what: string) => positive(what).max(100, `${what} must be at most 100`);

export const smartOrderRequestSchema = z
  .object({
    symbol: symbolSchema,
    side: z.literal("buy", { error: "must be buy: smart orders size longs from their stop" }).meta({ examples: ["buy"] }),
    risk_pct: pct("The risk").optional().describe("Percent of equity to risk at the stop (default: settings' risk_per_trade_pct)"),
    stop_price: positive("The stop price").optional().describe("The stop-loss price (or give stop_loss_pct; neither: settings' stop_loss_pct)"),
    stop_loss_pct: pct("The stop distance").optional().describe("The stop-loss as percent below the ask"),
    take_profit_price: positive("The take-profit price").optional(),
    take_profit_pct: positive("The take-profit distance").optional().describe("The take-profit as percent above the ask (neither: settings' take_profit_pct)"),
  })
  .strict()
  // Cross-field rules only once every field is valid, so an unknown key is reported alone.
  .refine((b) => b.stop_price === undefined || b.stop_loss_pct === undefined, { path: ["stop_loss_pct"], message: "Give either stop_price or stop_loss_pct, not both.", when: onlyIfValid })
  .refine((b) => b.take_profit_price === undefined || b.take_profit_pct === undefined, { path: ["take_profit_pct"], message: "Give either take_profit_price or take_profit_pct, not both.", when: onlyIfValid });
export type SmartOrderRequestBody = z.output<typeof smartOrderRequestSchema>;

export const orderListQuerySchema = z
  .object({
    status: z.enum(["open", "closed", "all"], { error: "must be open, closed or all" }).optional(),
    symbol: symbolSchema.optional(),
    epoch: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").optional().describe("An earlier account epoch (before a reset); default the live one"),
  })
  .strict();

export const tradesQuerySchema = z
  .object({
    symbol: symbolSchema.optional(),
    limit: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(1000, "must be at most 1000").optional(),
    cursor: z.string().min(1).max(200).optional(),
    epoch: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").optional().describe("An earlier account epoch (before a reset); default the live one"),
  })
  .strict();

export const confirmSchema = z.object({ confirm: z.literal(true, { error: "must be true: this cannot be undone" }) }).strict();

const num = z.number();
const numOrNull = z.number().nullable();

export const orderViewSchema = z.object({
  id: z.string(),
  symbol: z.string(),
  side: z.enum(["buy", "sell"]),
  type: z.enum(ORDER_TYPES),
  status: z.enum(["open", "partially_filled", "filled", "canceled", "rejected", "expired"]),
  amount: num,
  filled: num,
  remaining: num,
  price: numOrNull,
  stop_price: numOrNull,
  trailing_delta_bps: numOrNull,
  activation_price: numOrNull,
  average_price: numOrNull,
  fee: num,
  fee_currency: z.string(),
  reject_reason: z.string().nullable(),
  owner: z.string().nullable().describe("The strategy whose bot placed it; null for a manual order"),
  client_order_id: z.string().nullable().describe("The bot's key of the candle that caused it: bot:{strategy_id}:{symbol}:{timeframe}:{open_time}; null for a manual order"),
  oco_group: z.string().nullable().describe("Protective legs of one entry share it: a fill of one cancels the other"),
  created_at: z.number().int(),
  updated_at: z.number().int(),
});

export const tradeViewSchema = z.object({
  id: z.string(),
  order_id: z.string(),
  symbol: z.string(),
  side: z.enum(["buy", "sell"]),
  price: num,
  amount: num,
  fee: num,
  fee_currency: z.string(),
  liquidity: z.string(),
  created_at: z.number().int(),
});

export const positionViewSchema = z.object({
  symbol: z.string(),
  owner: z.string().nullable(),
  amount: num,
  average_entry: numOrNull,
  current_price: numOrNull,
  value: numOrNull,
  cost: num,
  unrealized_pnl: numOrNull,
  unrealized_pnl_pct: numOrNull,
  realized_pnl: num,
  stop_loss_price: numOrNull.describe("The resting protective stop of this position (its OCO stop leg, or a stop placed by hand)"),
  trailing_delta_bps: numOrNull.describe("Set when that stop is a trailing stop"),
  take_profit_price: numOrNull.describe("The resting take-profit of this position"),
  dust: z.boolean().describe("Worth less than the market's minimum notional: shown, not counted as an open position"),
  stale: z.boolean(),
});

export const balanceViewSchema = z.object({
  balances: z.array(z.object({ asset: z.string(), free: num, locked: num, total: num })),
  equity: num,
  quote_asset: z.string(),
  source: z.string(),
  epoch: z.number().int(),
  as_of: z.number().int(),
  stale: z.boolean(),
});

const TAG = "trading";
const invalid = { description: "Invalid fields with a message per field, insufficient_balance (details: asset, required, available, missing)" };
const noPrice = { description: "price_unavailable: the account's market source has no fresh price (older than MAX_PRICE_AGE_S)" };

export const tradingOps = {
  balance: defineOperation({
    method: "GET",
    path: "/api/v1/trading/balance",
    summary: "The paper account's balances (free, locked, total per asset) and its equity at current prices. The account is opened on first use with the starting balance of settings.",
    tag: TAG,
    auth: "user",
    responses: { 200: { description: "Balances", schema: balanceViewSchema } },
  }),
  placeOrder: defineOperation({
    method: "POST",
    path: "/api/v1/trading/orders",
    summary:
      "Place a paper order. Amounts are floored to the step and prices rounded to the tick first (the answer echoes the adjusted values); market orders fill at once at the bid/ask with slippage and the fee. Idempotency-Key accepted.",
    tag: TAG,
    auth: "user",
    body: orderRequestSchema,
    responses: {
      201: { description: "The order (filled at once for a market order)", schema: orderViewSchema },
      409: { description: "idempotency_key_reused or idempotency_in_progress" },
      422: invalid,
      503: noPrice,
    },
  }),
  smartOrder: defineOperation({
    method: "POST",
    path: "/api/v1/trading/smart-order",
    summary:
      "A market buy sized from its stop (§3.10): the amount risks risk_pct of equity at the stop, fees and slippage included, capped by max_position_size_pct and the free balance, and carries the stop-loss and take-profit. The daily loss limit, max open positions and the position-size cap apply. Idempotency-Key accepted.",
    tag: TAG,
    auth: "user",
    body: smartOrderRequestSchema,
    responses: {
      201: {
        description: "The order and how it was sized",
        schema: z.object({
          order: orderViewSchema,
          stop_order: orderViewSchema.nullable().describe("The protective stop-loss sell for the filled amount (one leg of an OCO pair with the take-profit)"),
          take_profit_order: orderViewSchema.nullable().describe("The take-profit limit sell at exactly the target, sharing the stop's lock; null without a target"),
          sizing: z.object({ amount: num, entry_price: num, risk_amount: num, risk_pct: num, reward_risk_ratio: numOrNull, sized_by: z.enum(["risk_per_trade", "max_position_size", "free_balance"]) }),
        }),
      },
      409: { description: "idempotency_key_reused or idempotency_in_progress" },
      422: { description: "Invalid fields; rule_violation (details: rule, limit, current, unit) for a refused risk rule or sizing" },
      503: noPrice,
    },
  }),
  listOrders: defineOperation({
    method: "GET",
    path: "/api/v1/trading/orders",
    summary: "The account's orders, newest first: status=open (default all), closed (filled, canceled, rejected, expired).",
    tag: TAG,
    auth: "user",
    query: orderListQuerySchema,
    responses: { 200: { description: "Orders", schema: z.object({ items: z.array(orderViewSchema), next_cursor: z.null() }) }, 404: { description: "account_not_found: no such epoch" }, 422: invalid },
  }),
  getOrder: defineOperation({
    method: "GET",
    path: "/api/v1/trading/orders/{id}",
    summary: "One of the caller's orders.",
    tag: TAG,
    auth: "user",
    responses: { 200: { description: "The order", schema: orderViewSchema }, 404: { description: "order_not_found" } },
  }),
  cancelOrder: defineOperation({
    method: "DELETE",
    path: "/api/v1/trading/orders/{id}",
    summary: "Cancel an open order, releasing its lock. An order already filled or canceled → 409 order_not_open.",
    tag: TAG,
    auth: "user",
    responses: { 200: { description: "The canceled order", schema: orderViewSchema }, 404: { description: "order_not_found" }, 409: { description: "order_not_open" } },
  }),
  trades: defineOperation({
    method: "GET",
    path: "/api/v1/trading/trades",
    summary: "The account's fills, newest first.",
    tag: TAG,
    auth: "user",
    query: tradesQuerySchema,
    responses: { 200: { description: "Fills", schema: z.object({ items: z.array(tradeViewSchema), next_cursor: z.string().nullable() }) }, 404: { description: "account_not_found: no such epoch" }, 422: invalid },
  }),
  positions: defineOperation({
    method: "GET",
    path: "/api/v1/trading/positions",
    summary: "Open positions per symbol and owner from FIFO lots: amount, average entry (buy fees included), current price, unrealized P&L.",
    tag: TAG,
    auth: "user",
    responses: { 200: { description: "Positions", schema: z.object({ items: z.array(positionViewSchema), next_cursor: z.null() }) } },
  }),
  closePosition: defineOperation({
    method: "POST",
    path: "/api/v1/trading/positions/{symbol}/close",
    summary: "Cancel the symbol's open orders and market-sell the holding (floored to the step); what is below the minimums stays as dust. Never blocked by a risk rule. Symbol as BTC-USDT.",
    tag: TAG,
    auth: "user",
    responses: {
      200: { description: "The sell order and the dust left", schema: z.object({ order: orderViewSchema.nullable(), sold: num, dust: num, canceled_orders: z.array(z.string()) }) },
      404: { description: "position_not_found" },
      503: noPrice,
    },
  }),
  closeAll: defineOperation({
    method: "POST",
    path: "/api/v1/trading/close-all",
    summary: "The emergency button: cancels every open order and market-sells every position, reporting each symbol's result and dust. Body {confirm: true}.",
    tag: TAG,
    auth: "user",
    body: confirmSchema,
    responses: {
      200: {
        description: "Per-symbol results",
        schema: z.object({
          canceled_orders: z.array(z.string()),
          paused_bots: z.number().int(),
          results: z.array(z.object({ symbol: z.string(), ok: z.boolean(), order_id: z.string().nullable(), sold: num, dust: num, error: z.string().nullable() })),
        }),
      },
      422: invalid,
    },
  }),
  reset: defineOperation({
    method: "POST",
    path: "/api/v1/trading/account/reset",
    summary: "Start a new account epoch with the current starting balance: open orders are canceled, the old account's history stays readable. Body {confirm: true}.",
    tag: TAG,
    auth: "user",
    body: confirmSchema,
    responses: { 200: { description: "The new account's balances", schema: balanceViewSchema }, 422: invalid },
  }),
};
