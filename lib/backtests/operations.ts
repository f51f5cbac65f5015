import { z } from "zod";
import { defineOperation } from "@/lib/http/operation";
import { symbolSchema, timeframeSchema } from "@/lib/market/schemas";
import { instantSchema } from "./instants";

export const MAX_RUNNING_PER_USER = 2;
export const RUNNING_RETRY_AFTER_S = 10;
/** Candles one run may read over all its symbols (≈ 48 bytes each as typed arrays). */
export const MAX_RUN_CANDLES = 5_000_000;
export const MAX_BACKTEST_SYMBOLS = 20;
export const BACKTEST_STATUSES = ["queued", "running", "completed", "failed", "canceled"] as const;
export type BacktestStatus = (typeof BACKTEST_STATUSES)[number];
export const BACKTEST_PHASES = ["queued", "downloading", "running", "saving", "completed", "failed", "canceled"] as const;
export type BacktestPhase = (typeof BACKTEST_PHASES)[number];

/** "market" is the deployment's market data; "import:<name>" one of the caller's CSV imports. */
const sourceSchema = z
  .string({ error: "must be market or import:<name>" })
  .regex(/^(market|import:[A-Za-z0-9._-]{1,64})$/, "must be market or import:<name> (one of your imports)")
  .meta({ examples: ["market"] });

const between = (min: number, max: number, what: string) =>
  z.number({ error: `${what} must be a number` }).min(min, `${what} must be at least ${min}`).max(max, `${what} must be at most ${max}`);

export const backtestRequestSchema = z
  .object({
    strategy_id: z.string({ error: "must be a strategy id" }).min(1, "must be a strategy id").max(64, "must be a strategy id").meta({ examples: ["01JXEXAMPLE0000000000000000"] }),
    start: instantSchema(Date.UTC(2025, 0, 1)),
    end: instantSchema(Date.UTC(2025, 1, 1)),
    timeframe: timeframeSchema.optional().describe("Defaults to the strategy's"),
    symbols: z
      .array(symbolSchema, { error: "must be a list of pairs like BTC/USDT" })
      .min(1, "choose at least one pair")
      .max(MAX_BACKTEST_SYMBOLS, `use at most ${MAX_BACKTEST_SYMBOLS} pairs`)
      .optional()
      .describe("Defaults to the strategy's"),
    source: sourceSchema.optional().describe("market (default) or import:<name>"),
    starting_balance: between(10, 1_000_000_000, "The starting balance").optional().describe("Defaults to the paper starting balance of settings"),
    fee_rate: between(0, 0.01, "The fee rate").optional().describe("Fraction per fill; defaults to settings"),
    slippage_bps: between(0, 500, "Slippage").optional().describe("Defaults to settings"),
    detail: z.enum(["1m"], { error: "must be 1m or null" }).nullable().optional().describe("1m: resolve stops, targets and trails on 1-minute candles"),
    apply_account_caps: z.boolean({ error: "must be true or false" }).optional().describe("Default true: min(strategy, account caps) for position size and open trades"),
  })
  .strict()
  .refine((b) => b.end > b.start, { path: ["end"], message: "must be after start" });
export type BacktestRequest = z.output<typeof backtestRequestSchema>;

export const backtestListQuerySchema = z
  .object({
    strategy_id: z.string().min(1).max(64).optional(),
    status: z.enum(BACKTEST_STATUSES, { error: `must be one of ${BACKTEST_STATUSES.join(", ")}` }).optional(),
    limit: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(200, "must be at most 200").optional(),
    cursor: z.string().min(1).max(200).optional(),
  })
  .strict();

export const backtestGetQuerySchema = z
  .object({ resolution: z.enum(["full"], { error: "must be full (CSV of every point)" }).optional() })
  .strict();

export const tradesQuerySchema = z
  .object({
    limit: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(1000, "must be at most 1000").optional(),
    cursor: z.string().min(1).max(200).optional(),
    symbol: symbolSchema.optional(),
    format: z.enum(["json", "csv"], { error: "must be json or csv" }).optional(),
  })
  .strict();

export const candlesQuerySchema = z.object({ symbol: symbolSchema }).strict();

const headlineSchema = z.object({
  final_equity: z.number(),
  total_return_pct: z.number(),
  max_drawdown_pct: z.number(),
  sharpe: z.number().nullable(),
  win_rate: z.number().nullable(),
  profit_factor: z.number().nullable(),
  trades_count: z.number().int(),
});
export type BacktestHeadline = z.output<typeof headlineSchema>;

const requestViewSchema = z.object({
  start: z.number().int(),
  end: z.number().int(),
  timeframe: z.string(),
  symbols: z.array(z.string()),
  source: z.string(),
  starting_balance: z.number(),
  fee_rate: z.number(),
  slippage_bps: z.number(),
  detail: z.enum(["1m"]).nullable(),
  apply_account_caps: z.boolean(),
  account_caps: z
    .object({ max_position_size_pct: z.number(), max_open_positions: z.number().int() })
    .nullable()
    .describe("The settings caps in force at submission, null when apply_account_caps is false"),
});
export type BacktestRequestView = z.output<typeof requestViewSchema>;

const statusSchema = z.enum(BACKTEST_STATUSES);
const pointsSchema = z.array(z.tuple([z.number(), z.number()]));
const objectOrNull = z.record(z.string(), z.unknown()).nullable();

export const backtestViewSchema = z.object({
  id: z.string(),
  strategy_id: z.string(),
  strategy_snapshot: z.record(z.string(), z.unknown()).describe("The strategy as it was at submission: name, type, description, symbols, timeframe, parameters, risk, version"),
  status: statusSchema,
  progress: z.number().int(),
  phase: z.enum(BACKTEST_PHASES),
  error: z.string().nullable(),
  created_at: z.number().int(),
  started_at: z.number().int().nullable(),
  finished_at: z.number().int().nullable(),
  request: requestViewSchema.describe("What the run used, defaults filled in"),
  source: z.string().describe("The candle source: exchange:<id>, simulated:v1:<seed> or import:<name>"),
  simulated: z.boolean().describe("True when the numbers come from the simulated market (label them Simulated data)"),
  engine_version: z.string().nullable(),
  candles_sha256: z.string().nullable(),
  settings: objectOrNull,
  metrics: objectOrNull,
  null_reasons: objectOrNull,
  tables: objectOrNull,
  data_quality: objectOrNull,
  freqtrade_compat: objectOrNull,
  warnings: z.array(z.object({ code: z.string(), message: z.string() })).nullable(),
  trades_count: z.number().int().nullable(),
  equity_curve: pointsSchema.nullable().describe("[[open_time, equity], …], at most 2,000 points"),
  drawdown_curve: pointsSchema.nullable().describe("[[open_time, drawdown %], …], at most 2,000 points"),
});

export const backtestListItemSchema = z.object({
  id: z.string(),
  strategy_id: z.string(),
  strategy_name: z.string(),
  strategy_type: z.string(),
  status: statusSchema,
  progress: z.number().int(),
  error: z.string().nullable(),
  created_at: z.number().int(),
  finished_at: z.number().int().nullable(),
  timeframe: z.string(),
  symbols: z.array(z.string()),
  start: z.number().int(),
  end: z.number().int(),
  source: z.string(),
  simulated: z.boolean(),
  headline: headlineSchema.nullable(),
});

export const tradeViewSchema = z.object({
  seq: z.number().int(),
  symbol: z.string(),
  side: z.enum(["long", "short"]),
  signal_at: z.number().int(),
  entry_at: z.number().int(),
  entry_price: z.number(),
  amount: z.number(),
  entry_fee: z.number(),
  exit_at: z.number().int(),
  exit_price: z.number(),
  exit_fee: z.number(),
  exit_reason: z.string(),
  funding: z.number(),
  pnl: z.number(),
  pnl_pct: z.number(),
  holding_ms: z.number().int(),
});
export type TradeView = z.output<typeof tradeViewSchema>;

export const acceptedSchema = z.object({
  id: z.string(),
  status: z.literal("queued"),
  url: z.string(),
  events_url: z.string().describe("The stream filtered to backtest.progress events"),
});

const TAG = "backtests";
const missing = { description: "No backtest (or strategy) of the caller has this id" };
const invalid = { description: "Invalid fields, with a message per dotted path" };

export const backtestOps = {
  list: defineOperation({
    method: "GET",
    path: "/api/v1/backtests",
    summary: "The caller's backtest runs, newest first, with headline metrics once completed.",
    tag: TAG,
    auth: "user",
    query: backtestListQuerySchema,
    responses: { 200: { description: "Runs", schema: z.object({ items: z.array(backtestListItemSchema), next_cursor: z.string().nullable() }) }, 422: invalid },
  }),
  create: defineOperation({
    method: "POST",
    path: "/api/v1/backtests",
    summary:
      "Queue a backtest of one of the caller's strategies. Omitted fee_rate, slippage_bps and starting_balance come from settings and are stored. At most 2 queued or running per user (the third → 429 too_many_running_backtests). Idempotency-Key accepted.",
    tag: TAG,
    auth: "user",
    body: backtestRequestSchema,
    responses: {
      202: { description: "Queued; Location names the run", schema: acceptedSchema },
      404: { description: "strategy_not_found: no live strategy of the caller has this id" },
      409: { description: "idempotency_key_reused or idempotency_in_progress" },
      422: invalid,
      429: { description: "too_many_running_backtests, with Retry-After" },
    },
  }),
  get: defineOperation({
    method: "GET",
    path: "/api/v1/backtests/{id}",
    summary: "One run: status and progress; when completed, metrics, tables and curves (≤ 2,000 points). ?resolution=full answers the whole equity and drawdown curve as CSV.",
    tag: TAG,
    auth: "user",
    query: backtestGetQuerySchema,
    responses: { 200: { description: "The run (or text/csv with ?resolution=full)", schema: backtestViewSchema }, 404: missing, 422: invalid },
  }),
  remove: defineOperation({
    method: "DELETE",
    path: "/api/v1/backtests/{id}",
    summary: "Queued or running: cancels it (200, the run kept with status canceled). Completed, failed or canceled: deletes it with its trades (204).",
    tag: TAG,
    auth: "user",
    responses: { 200: { description: "Canceled", schema: backtestViewSchema }, 204: { description: "Deleted" }, 404: missing },
  }),
  trades: defineOperation({
    method: "GET",
    path: "/api/v1/backtests/{id}/trades",
    summary: "A completed run's trades in order, paged (limit ≤ 1000, next_cursor); ?symbol= filters; ?format=csv answers all of them as CSV.",
    tag: TAG,
    auth: "user",
    query: tradesQuerySchema,
    responses: { 200: { description: "Trades", schema: z.object({ items: z.array(tradeViewSchema), next_cursor: z.string().nullable() }) }, 404: missing, 422: invalid },
  }),
  candles: defineOperation({
    method: "GET",
    path: "/api/v1/backtests/{id}/candles",
    summary: "The candles a run read for one of its symbols over its range (≤ 5,000; consecutive candles merged into buckets of bucket_ms when there are more), for charts with trade markers.",
    tag: TAG,
    auth: "user",
    query: candlesQuerySchema,
    responses: {
      200: {
        description: "Candles as [open_time, open, high, low, close, volume]",
        schema: z.object({ symbol: z.string(), timeframe: z.string(), bucket_ms: z.number().int(), source: z.string(), items: z.array(z.array(z.number())) }),
      },
      404: missing,
      422: invalid,
    },
  }),
};
