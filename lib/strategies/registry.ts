import { z } from "zod";
import { breakout } from "./breakout";
import { dca } from "./dca";
import { grid } from "./grid";
import { maCross } from "./ma-cross";
import { meanReversion } from "./mean-reversion";
import { momentum } from "./momentum";
import { riskSchema } from "./risk";
import { rules } from "./rules";
import type { IgnorableRisk, StrategyDefinition } from "./types";

/** Every strategy type the engine runs, by its wire name. */
export const STRATEGIES = {
  ma_cross: maCross,
  momentum,
  breakout,
  mean_reversion: meanReversion,
  rules,
  dca,
  grid,
} as const;

export type StrategyType = keyof typeof STRATEGIES;

/**
 * Types whose prices are absolute (grid levels): such a strategy trades exactly one pair, since the
 * same levels on another pair would mean nothing.
 */
export const SINGLE_SYMBOL_TYPES: readonly StrategyType[] = ["grid"];
export const STRATEGY_TYPES = Object.keys(STRATEGIES) as StrategyType[];

export function isStrategyType(type: string): type is StrategyType {
  return Object.hasOwn(STRATEGIES, type);
}

export function getStrategy(type: StrategyType): StrategyDefinition {
  return STRATEGIES[type] as unknown as StrategyDefinition;
}

function configFor<T extends StrategyType, S extends z.ZodType>(type: T, parameters: S) {
  return z
    .object({
      type: z.literal(type),
      // prefault: an omitted object is parsed as {} so that its fields' defaults apply.
      parameters: parameters.prefault({} as never),
      risk: riskSchema.prefault({}),
    })
    .strict();
}

/**
 * A strategy as runs and bots use it: its type, parameters and risk, with defaults filled in.
 * Errors carry dotted paths (`parameters.slow_period`, `parameters.entry.conditions.0.left.name`).
 */
export const strategyConfigSchema = z
  .discriminatedUnion(
    "type",
    [
      configFor("ma_cross", STRATEGIES.ma_cross.parameters),
      configFor("momentum", STRATEGIES.momentum.parameters),
      configFor("breakout", STRATEGIES.breakout.parameters),
      configFor("mean_reversion", STRATEGIES.mean_reversion.parameters),
      configFor("rules", STRATEGIES.rules.parameters),
      configFor("dca", STRATEGIES.dca.parameters),
      configFor("grid", STRATEGIES.grid.parameters),
    ],
    { error: `The type must be one of ${STRATEGY_TYPES.join(", ")}.` },
  )
  .superRefine((config, ctx) => {
    if (config.risk.allow_short && !STRATEGIES[config.type].canShort) {
      ctx.addIssue({ code: "custom", path: ["risk", "allow_short"], message: `The ${STRATEGIES[config.type].label} strategy is long only.` });
    }
  });

export type StrategyConfig = z.output<typeof strategyConfigSchema>;
export type StrategyConfigInput = z.input<typeof strategyConfigSchema>;

/** Parses and fills defaults; throws a ZodError whose issue paths are the dotted wire paths. */
export function parseStrategyConfig(input: unknown): StrategyConfig {
  return strategyConfigSchema.parse(input);
}

export interface StrategyTypeDescription {
  type: StrategyType;
  label: string;
  description: string;
  can_short: boolean;
  /** Whether a strategy of this type trades exactly one pair (its prices are absolute). */
  single_symbol: boolean;
  /** Risk fields the type does not use (dca and grid size by quote amounts and have their own targets). */
  ignored_risk: IgnorableRisk[];
  /** JSON Schema (draft 2020-12) of the parameters as a client sends them. */
  parameters_schema: Record<string, unknown>;
  risk_schema: Record<string, unknown>;
}

/** What GET /api/v1/strategies/types answers. */
export function describeStrategyTypes(): StrategyTypeDescription[] {
  const risk = z.toJSONSchema(riskSchema, { io: "input" }) as Record<string, unknown>;
  return STRATEGY_TYPES.map((type) => {
    const s = STRATEGIES[type];
    return {
      type,
      label: s.label,
      description: s.description,
      can_short: s.canShort,
      single_symbol: SINGLE_SYMBOL_TYPES.includes(type),
      ignored_risk: [...((s as StrategyDefinition).ignoresRisk ?? [])],
      parameters_schema: z.toJSONSchema(s.parameters, { io: "input" }) as Record<string, unknown>,
      risk_schema: risk,
    };
  });
}
