import { z } from "zod";
import { defineOperation } from "@/lib/http/operation";

const TAG = "bots";
const missing = { description: "No live strategy of the caller has this id" };

export const botSchema = z.object({
  strategy_id: z.string(),
  name: z.string(),
  timeframe: z.string(),
  symbols: z.array(z.string()),
  enabled: z.boolean().describe("Whether the strategy is enabled: only enabled strategies run as bots"),
  status: z.enum(["running", "paused", "disabled"]).describe("disabled: the strategy is off, no new entries (trades it still holds exit on its signals; their protective orders stay); paused: see paused_reason"),
  paused_reason: z.string().nullable().describe("user | close_all | account_reset | market_unavailable (lifts itself) | unsupported"),
  enabled_at: z.number().int().nullable(),
  last_candle_time: z.number().int().nullable().describe("Open time of the last candle evaluated"),
  last_action: z.string().nullable(),
  last_error: z.string().nullable().describe("Scrubbed of secrets"),
  last_evaluated_at: z.number().int().nullable(),
  next_evaluation_at: z.number().int().nullable(),
  open_positions: z.number().int().describe("Symbols where the bot's own trades hold more than dust"),
  pnl_since_enabled: z.number().nullable().describe("Realized since enabled_at plus unrealized of its open trades, in the stake currency; null when a price is missing"),
});

export const botEvaluationSchema = z.object({
  symbol: z.string(),
  timeframe: z.string(),
  open_time: z.number().int(),
  outcome: z.enum(["ordered", "no_signal", "rejected", "skipped_stale", "error"]).describe("rejected: refused before the order (reason); error: the order failed for another reason (reason), the bot moved on"),
  action: z.string().nullable(),
  reason: z.string().nullable(),
  order_id: z.string().nullable(),
  idempotency_key: z.string().nullable().describe("bot:{strategy_id}:{symbol}:{timeframe}:{open_time}, the order's client_order_id"),
  strategy_version: z.number().int(),
  evaluated_by: z.string(),
  created_at: z.number().int(),
});

export const botOps = {
  list: defineOperation({
    method: "GET",
    path: "/api/v1/bots",
    summary: "The caller's strategies as bots: running or paused (and why), last candle evaluated, last action and error, next evaluation, open positions and P&L since enabled.",
    tag: TAG,
    auth: "user",
    responses: { 200: { description: "Bots", schema: z.object({ items: z.array(botSchema) }) } },
  }),
  pause: defineOperation({
    method: "POST",
    path: "/api/v1/bots/{id}/pause",
    summary: "Pause a strategy's bot: no new evaluations or orders; its protective orders stay.",
    tag: TAG,
    auth: "user",
    responses: { 200: { description: "The bot", schema: botSchema }, 404: missing },
  }),
  resume: defineOperation({
    method: "POST",
    path: "/api/v1/bots/{id}/resume",
    summary: "Resume a paused bot. Candles missed while paused are not traded: it starts at the newest closed candle.",
    tag: TAG,
    auth: "user",
    responses: { 200: { description: "The bot", schema: botSchema }, 404: missing },
  }),
  close: defineOperation({
    method: "POST",
    path: "/api/v1/bots/{id}/close",
    summary: "Disable and close: disables the strategy, cancels its bot's open orders and sells its own trades at market.",
    tag: TAG,
    auth: "user",
    responses: {
      200: { description: "The bot after closing, with per-symbol results", schema: botSchema.extend({ closed: z.array(z.object({ symbol: z.string(), order_id: z.string().nullable(), error: z.string().nullable() })) }) },
      404: missing,
      503: { description: "price_unavailable: no fresh price to sell at" },
    },
  }),
  evaluations: defineOperation({
    method: "GET",
    path: "/api/v1/bots/{id}/evaluations",
    summary: "The bot's log: what it did for each candle and symbol, newest first (at most 200).",
    tag: TAG,
    auth: "user",
    responses: { 200: { description: "Evaluations", schema: z.object({ items: z.array(botEvaluationSchema) }) }, 404: missing },
  }),
};
