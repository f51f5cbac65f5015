import { z } from "zod";
import { defineOperation } from "@/lib/http/operation";
import { symbolSchema, timeframeSchema } from "@/lib/market/schemas";
import { riskSchema } from "./risk";
import { STRATEGY_TYPES } from "./registry";

export const MAX_STRATEGY_SYMBOLS = 20;
export const MAX_STRATEGY_NAME = 100;
export const EXPORT_FORMAT = "autocbot.strategy.v1";

export const strategyNameSchema = z
  .string({ error: "Enter a name." })
  .trim()
  .min(1, "Enter a name.")
  .max(MAX_STRATEGY_NAME, `Use at most ${MAX_STRATEGY_NAME} characters.`)
  .meta({ examples: ["BTC trend"] });

const strategyTypeSchema = z.enum(STRATEGY_TYPES, { error: `Choose one of ${STRATEGY_TYPES.join(", ")}.` }).meta({ examples: ["ma_cross"] });

const symbolsSchema = z
  .array(symbolSchema, { error: "Symbols must be a list of pairs like BTC/USDT." })
  .min(1, "Choose at least one pair.")
  .max(MAX_STRATEGY_SYMBOLS, `Use at most ${MAX_STRATEGY_SYMBOLS} pairs.`);


/**
 * Risk as a client sends it: every field optional. A field left out at creation is filled from the
 * owner's settings (position_size_pct ← max_position_size_pct, max_open_trades ← max_open_positions,
 * stop, target and trail from the same-named settings) and stored; null means "none".
 */
export const riskInputSchema = z
  .object({
    position_size_pct: riskSchema.shape.position_size_pct.unwrap().optional(),
    max_open_trades: riskSchema.shape.max_open_trades.unwrap().optional(),
    stop_loss_pct: riskSchema.shape.stop_loss_pct.unwrap().optional(),
    take_profit_pct: riskSchema.shape.take_profit_pct.unwrap().optional(),
    trailing_stop_pct: riskSchema.shape.trailing_stop_pct.unwrap().optional(),
    allow_short: riskSchema.shape.allow_short.unwrap().optional(),
  })
  .strict();

const strategyFields = {
  name: strategyNameSchema,
  description: z.string({ error: "The description must be text." }).max(2000, "Use at most 2,000 characters.").optional(),
  type: strategyTypeSchema,
  symbols: symbolsSchema,
  timeframe: timeframeSchema,
  /** Checked against the type's own schema by the service, so errors carry `parameters.<field>` paths. */
  parameters: z
    .record(z.string(), z.unknown(), { error: "Parameters must be an object." })
    .optional()
    .describe("The type's parameters (GET /api/v1/strategies/types); fields left out take the type's defaults."),
  risk: riskInputSchema.optional(),
};

/** POST /api/v1/strategies and PUT /api/v1/strategies/{id} (PUT replaces every editable field). */
export const strategyInputSchema = z
  .object({
    ...strategyFields,
    enabled: z.boolean({ error: "Enabled must be true or false." }).optional(),
  })
  .strict();
export type StrategyInput = z.output<typeof strategyInputSchema>;

/** A strategy as exported, and as POST /api/v1/strategies/import accepts it. */
export const strategyImportSchema = z
  .object({
    format: z.literal(EXPORT_FORMAT, { error: `The format must be ${EXPORT_FORMAT}.` }).optional(),
    ...strategyFields,
  })
  .strict();
export type StrategyImport = z.output<typeof strategyImportSchema>;

export const strategyToggleSchema = z.object({ enabled: z.boolean({ error: "Enabled must be true or false." }) }).strict();

export const strategyListQuerySchema = z
  .object({
    limit: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(500, "must be at most 500").optional(),
    cursor: z.string().min(1).max(200).optional(),
    order: z.enum(["desc", "asc"], { error: "must be desc or asc" }).optional(),
  })
  .strict();
export type StrategyListQuery = z.output<typeof strategyListQuerySchema>;

const riskViewSchema = z.object({
  position_size_pct: z.number(),
  max_open_trades: z.number().int(),
  stop_loss_pct: z.number().nullable(),
  take_profit_pct: z.number().nullable(),
  trailing_stop_pct: z.number().nullable(),
  allow_short: z.boolean(),
});

export const strategyViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  type: z.string(),
  symbols: z.array(z.string()),
  timeframe: z.string(),
  parameters: z.record(z.string(), z.unknown()).describe("With the type's defaults applied"),
  risk: riskViewSchema,
  enabled: z.boolean(),
  version: z.number().int().describe("1 at creation, +1 on every edit"),
  created_at: z.number().int(),
  updated_at: z.number().int(),
});

const lastBacktestSchema = z.object({
  id: z.string(),
  status: z.literal("completed"),
  finished_at: z.number().int(),
  total_return_pct: z.number(),
  max_drawdown_pct: z.number(),
  sharpe: z.number().nullable(),
  win_rate: z.number().nullable(),
  trades_count: z.number().int(),
  simulated: z.boolean(),
});

const strategyListItemSchema = strategyViewSchema.extend({
  last_backtest: lastBacktestSchema.nullable().describe("The latest completed backtest's headline result; null until the strategy has one"),
});

export const strategyExportSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  name: z.string(),
  description: z.string(),
  type: z.string(),
  symbols: z.array(z.string()),
  timeframe: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  risk: riskViewSchema,
});

const typeDescriptionSchema = z.object({
  type: z.string(),
  label: z.string(),
  description: z.string(),
  can_short: z.boolean(),
  single_symbol: z.boolean().describe("The type trades exactly one pair (a grid's prices are absolute)"),
  ignored_risk: z.array(z.string()).describe("Risk fields the type does not use; dca and grid size by quote amounts and have their own targets"),
  parameters_schema: z.record(z.string(), z.unknown()).describe("JSON Schema (draft 2020-12) of the parameters, defaults included"),
  risk_schema: z.record(z.string(), z.unknown()),
});

const TAG = "strategies";
const invalid = { description: "Invalid fields (dotted paths such as parameters.fast_period, risk.stop_loss_pct, symbols.0), or shorts_not_supported when enabling a strategy that allows shorts" };
const missing = { description: "No live strategy of the caller has this id" };
const noMarkets = { description: "The deployment's market list is not available yet, so symbols cannot be checked" };

export const strategyOps = {
  list: defineOperation({
    method: "GET",
    path: "/api/v1/strategies",
    summary: "The caller's strategies, newest first (order=asc for oldest first). Deleted ones are not listed.",
    tag: TAG,
    auth: "user",
    query: strategyListQuerySchema,
    responses: { 200: { description: "Strategies", schema: z.object({ items: z.array(strategyListItemSchema), next_cursor: z.string().nullable() }) }, 422: invalid },
  }),
  create: defineOperation({
    method: "POST",
    path: "/api/v1/strategies",
    summary: "Create a strategy. Parameters take the type's defaults; risk fields left out are filled from the caller's settings and stored. Symbols must be markets of the deployment quoted in the stake currency; a grid strategy takes exactly one (its prices are absolute). A name already used by a live strategy → 422 on name.",
    tag: TAG,
    auth: "user",
    body: strategyInputSchema,
    responses: { 201: { description: "The strategy", schema: strategyViewSchema }, 422: invalid, 503: noMarkets },
  }),
  types: defineOperation({
    method: "GET",
    path: "/api/v1/strategies/types",
    summary: "Each strategy type with its parameter and risk schemas as JSON Schema (defaults included).",
    tag: TAG,
    auth: "user",
    responses: { 200: { description: "Strategy types", schema: z.object({ items: z.array(typeDescriptionSchema), next_cursor: z.null() }) } },
  }),
  import: defineOperation({
    method: "POST",
    path: "/api/v1/strategies/import",
    summary: "Create a strategy from an export. It starts disabled; a name in use gets \" (imported)\" appended, made unique.",
    tag: TAG,
    auth: "user",
    body: strategyImportSchema,
    responses: { 201: { description: "The new strategy", schema: strategyViewSchema }, 422: invalid, 503: noMarkets },
  }),
  get: defineOperation({
    method: "GET",
    path: "/api/v1/strategies/{id}",
    summary: "One of the caller's strategies.",
    tag: TAG,
    auth: "user",
    responses: { 200: { description: "The strategy", schema: strategyViewSchema }, 404: missing },
  }),
  update: defineOperation({
    method: "PUT",
    path: "/api/v1/strategies/{id}",
    summary: "Replace every editable field (as in a create; enabled, when left out, is kept). The version goes up by one.",
    tag: TAG,
    auth: "user",
    body: strategyInputSchema,
    responses: { 200: { description: "The strategy after the edit", schema: strategyViewSchema }, 404: missing, 422: invalid, 503: noMarkets },
  }),
  remove: defineOperation({
    method: "DELETE",
    path: "/api/v1/strategies/{id}",
    summary: "Soft-delete a strategy: it leaves lists, later reads are 404, its name is free again and its backtests stay readable.",
    tag: TAG,
    auth: "user",
    responses: {
      204: { description: "Deleted" },
      404: missing,
      409: { description: "strategy_has_open_positions: a bot of this strategy still holds positions" },
    },
  }),
  toggle: defineOperation({
    method: "POST",
    path: "/api/v1/strategies/{id}/toggle",
    summary: "Set enabled to the value sent (required, so a retried request cannot flip it twice). Enabling a strategy that allows shorts → 422 shorts_not_supported.",
    tag: TAG,
    auth: "user",
    body: strategyToggleSchema,
    responses: { 200: { description: "The strategy", schema: strategyViewSchema }, 404: missing, 422: invalid },
  }),
  duplicate: defineOperation({
    method: "POST",
    path: "/api/v1/strategies/{id}/duplicate",
    summary: "Copy a strategy as \"<name> (copy)\" (made unique), disabled, at version 1.",
    tag: TAG,
    auth: "user",
    responses: { 201: { description: "The copy", schema: strategyViewSchema }, 404: missing },
  }),
  export: defineOperation({
    method: "GET",
    path: "/api/v1/strategies/{id}/export",
    summary: "The strategy as portable JSON (no id, owner, state or timestamps), accepted by POST /api/v1/strategies/import.",
    tag: TAG,
    auth: "user",
    responses: { 200: { description: "The export", schema: strategyExportSchema }, 404: missing },
  }),
};
