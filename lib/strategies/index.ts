/**
 * Strategy types: parameter schemas, warm-up and vectorised signals over candle arrays. Pure
 * functions with no database or HTTP; lib/backtest and the bot runner call them the same way.
 */
export {
  STRATEGIES,
  SINGLE_SYMBOL_TYPES,
  STRATEGY_TYPES,
  describeStrategyTypes,
  getStrategy,
  isStrategyType,
  parseStrategyConfig,
  strategyConfigSchema,
  type StrategyConfig,
  type StrategyConfigInput,
  type StrategyType,
  type StrategyTypeDescription,
} from "./registry";
export { riskSchema, type Risk, type RiskInput } from "./risk";
export { maCrossParameters, type MaCrossParameters } from "./ma-cross";
export { momentumParameters, type MomentumParameters } from "./momentum";
export { breakoutParameters, type BreakoutParameters } from "./breakout";
export { DEFAULT_ROI_TABLE, meanReversionParameters, type MeanReversionParameters } from "./mean-reversion";
export {
  conditionSchema,
  operandSchema,
  rulesParameters,
  type RuleCondition,
  type RuleOperand,
  type RulesParameters,
  type RulesParametersInput,
} from "./rules";
export { dcaParameters, type DcaParameters } from "./dca";
export { gridLevels, gridParameters, type GridParameters } from "./grid";
export { RULE_INDICATOR_NAMES, type RuleIndicatorName } from "./rule-indicators";
export {
  ENTER_LONG,
  ENTER_SHORT,
  EXIT_LONG,
  EXIT_SHORT,
  type AccumulatePlan,
  type DynamicStop,
  type GridPlan,
  type IgnorableRisk,
  type RoiStep,
  type Side,
  type SignalContext,
  type StrategyDefinition,
  type StrategySignals,
} from "./types";
export { warmupBars } from "./warmup";
