import { z } from "zod";
import { defineOperation } from "@/lib/http/operation";
import { CHART_RANGES } from "@/lib/trading/portfolio/pnl-chart";

/*
 * The portfolio API (trading-semantics.md §2.5, §3.8, §3.9): views of the caller's live paper
 * account computed from its ledger, fills, disposals and equity snapshots. Numbers on the wire.
 */

const num = z.number();
const numOrNull = z.number().nullable();

export const historyQuerySchema = z
  .object({
    limit: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(500, "must be at most 500").optional().meta({ examples: [50] }),
    cursor: z.string().min(1).max(200).optional(),
  })
  .strict();

export const pnlChartQuerySchema = z
  .object({ range: z.enum(CHART_RANGES, { error: `must be one of ${CHART_RANGES.join(", ")}` }).optional().meta({ examples: ["30d"] }) })
  .strict();

export const summarySchema = z.object({
  total_value: num,
  available_balance: num,
  invested_value: num,
  unrealized_pnl: num,
  realized_pnl: num,
  total_pnl: num,
  total_pnl_pct: num,
  today_pnl: numOrNull,
  today_pnl_pct: numOrNull,
  allocation: z.array(z.object({ asset: z.string(), value: num, pct: num })),
  quote_asset: z.string(),
  as_of: z.number().int(),
  stale: z.boolean(),
});

export const historyItemSchema = z.object({
  symbol: z.string(),
  owner: z.string().nullable().describe("The strategy whose bot traded it; null for manual trading"),
  opened_at: z.number().int(),
  closed_at: z.number().int(),
  amount: num,
  entry_average: num,
  exit_average: num,
  realized_pnl: num,
  realized_pnl_pct: num,
  fees: num,
});

export const performanceSchema = z.object({
  sharpe: numOrNull,
  sortino: numOrNull,
  max_drawdown_pct: num,
  win_rate: numOrNull,
  profit_factor: numOrNull,
  avg_win: numOrNull,
  avg_loss: numOrNull,
  best_trade: numOrNull,
  worst_trade: numOrNull,
  trades_count: z.number().int(),
  monthly_returns: z.array(z.object({ month: z.string(), return_pct: numOrNull })),
  null_reasons: z.record(z.string(), z.string()),
});

export const pnlChartSchema = z.object({
  range: z.enum(CHART_RANGES),
  points: z.array(z.tuple([z.number().int(), num])).describe("[time ms, equity]"),
  drawdown: z.array(z.tuple([z.number().int(), num])).describe("[time ms, drawdown from the running peak in positive percent]"),
});

const TAG = "portfolio";

export const portfolioOps = {
  summary: defineOperation({
    method: "GET",
    path: "/api/v1/portfolio/summary",
    summary:
      "The paper account at current prices: total value, free quote, invested value, unrealized and realized P&L, today's P&L since the start of the day in the user's time zone (null when a price to value the day's start is missing) and the allocation per asset.",
    tag: TAG,
    auth: "user",
    responses: { 200: { description: "Summary", schema: summarySchema } },
  }),
  history: defineOperation({
    method: "GET",
    path: "/api/v1/portfolio/history",
    summary: "Closed position episodes (flat to flat per symbol and owner), most recently closed first.",
    tag: TAG,
    auth: "user",
    query: historyQuerySchema,
    responses: { 200: { description: "Closed positions", schema: z.object({ items: z.array(historyItemSchema), next_cursor: z.string().nullable() }) }, 422: { description: "Invalid query fields" } },
  }),
  performance: defineOperation({
    method: "GET",
    path: "/api/v1/portfolio/performance",
    summary: "Risk and trade metrics from the hourly equity snapshots and the closed episodes; an undefined metric is null with its reason in null_reasons. win_rate is 0–1.",
    tag: TAG,
    auth: "user",
    responses: { 200: { description: "Metrics", schema: performanceSchema } },
  }),
  pnlChart: defineOperation({
    method: "GET",
    path: "/api/v1/portfolio/pnl-chart",
    summary: "Equity over a range (default 30d) from hourly snapshots and the points written at fills, with the drawdown; at most 2,000 points.",
    tag: TAG,
    auth: "user",
    query: pnlChartQuerySchema,
    responses: { 200: { description: "Chart", schema: pnlChartSchema }, 422: { description: "Invalid query fields" } },
  }),
  exportCsv: defineOperation({
    method: "GET",
    path: "/api/v1/portfolio/export.csv",
    summary: "The account's disposals as CSV (one row per lot a sell consumed: FIFO cost basis with the buy fee, proceeds, sell fee, realized gain).",
    tag: TAG,
    auth: "user",
    responses: { 200: { description: "RFC 4180 CSV", contentType: "text/csv" } },
  }),
};
