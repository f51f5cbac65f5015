/**
 * The risk manager (trading-semantics.md §3.10): smart-order sizing with fees and slippage, and the
 * pre-trade checks in their fixed order, the first failure reported as {rule, limit, current}.
 *
 * Settings use the names of the trading settings: risk_per_trade_pct, max_position_size_pct,
 * max_open_positions and daily_loss_limit_pct are percent points (1 = 1%) or counts; fee_rate is a
 * fraction and slippage a ratio built from slippage_bps.
 */
import { floorToStepUnits, type TradingMarket } from "./market";
import { absBig, ceilDiv, formatDecimal, percent, pow10, type Ratio } from "./money";
import { amountForSpend } from "./order-validation";

export const RISK_RULES = [
  "insufficient_balance",
  "daily_loss_limit",
  "max_open_positions",
  "max_position_size",
  "max_exposure",
  "stop_distance",
  "below_min_amount",
  "below_min_notional",
] as const;
export type RiskRule = (typeof RISK_RULES)[number];

/**
 * A refusal names the rule and the numbers, as exact decimal strings in `unit`: "count" or an asset
 * code. For insufficient_balance, `limit` is what is free and `current` what the order needs.
 */
export interface RiskRefusal {
  rule: RiskRule;
  limit: string;
  current: string;
  unit: string;
  message: string;
}

const ZERO = BigInt(0);
const HUNDRED = BigInt(100);

// ---------------------------------------------------------------------------------------------
// Smart-order sizing

export interface SmartOrderInput {
  market: TradingMarket;
  /** Account equity in quote atomic units. */
  equity: bigint;
  free_quote: bigint;
  /** The ask the buy would take; the fill is ask × (1 + s). */
  ask: bigint;
  stop_price: bigint;
  take_profit_price?: bigint | null;
  risk_per_trade_pct: number;
  max_position_size_pct: number;
  fee_rate: Ratio;
  slippage: Ratio;
}

export interface SmartOrderSize {
  amount: bigint;
  /** The expected fill price, slippage included. */
  entry_price: bigint;
  /** What the position loses at the stop, fees and slippage included, quote atomic units (rounded up). */
  risk_amount: bigint;
  /** risk_amount / equity × 100. */
  risk_pct: number;
  /** Net reward at the take-profit / risk_amount; null without a take-profit. */
  reward_risk_ratio: number | null;
  /** What set the amount: the risk budget, or a cap that cut it. */
  sized_by: "risk_per_trade" | "max_position_size" | "free_balance";
}

export type SmartOrderResult = ({ ok: true } & SmartOrderSize) | { ok: false; refusal: RiskRefusal };

/**
 * Sizing a long from its stop distance (§3.10). Per unit, the loss at the stop is
 * u = |entry_fill − stop| + fee × (entry_fill + stop) + stop × s: the price move, both fees and the
 * stop's own slippage. amount = floor_to_step(risk% × equity / u), then capped so that cost plus fee
 * stays within max_position_size_pct of equity and within the free balance. The naive
 * risk / (entry − stop) understates the loss by about 15% at a 2% stop.
 */
export function sizeSmartOrder(input: SmartOrderInput): SmartOrderResult {
  const { market, fee_rate: f, slippage: s } = input;
  const scales = market.scales;
  const q = (u: bigint) => formatDecimal(u, scales.quote);
  const entry = ceilDiv(input.ask * (s.den + s.num), s.den);
  const stop = input.stop_price;
  if (stop <= ZERO || stop >= entry) {
    return refuse("stop_distance", formatDecimal(entry, scales.price), formatDecimal(stop, scales.price), market.quote, "The stop-loss must be below the entry price.");
  }
  // u as an exact fraction uNum / uDen of price units per whole base.
  const uDen = f.den * s.den;
  const uNum = absBig(entry - stop) * uDen + f.num * s.den * (entry + stop) + stop * s.num * f.den;
  const shift = pow10(scales.price + scales.base - scales.quote);

  const riskPct = percent(input.risk_per_trade_pct);
  const budget = (input.equity * riskPct.num) / riskPct.den;
  const byRisk = floorToStepUnits((budget * shift * uDen) / uNum, market.amount_step);

  const sizePct = percent(input.max_position_size_pct);
  const byCap = amountForSpend((input.equity * sizePct.num) / sizePct.den, entry, f, market);
  const byFree = amountForSpend(input.free_quote, entry, f, market);

  let amount = byRisk;
  let sizedBy: SmartOrderSize["sized_by"] = "risk_per_trade";
  if (byCap < amount) [amount, sizedBy] = [byCap, "max_position_size"];
  if (byFree < amount) [amount, sizedBy] = [byFree, "free_balance"];

  const b = (u: bigint) => formatDecimal(u, scales.base);
  if (amount <= ZERO || amount < market.min_amount) {
    return refuse("below_min_amount", b(market.min_amount), b(amount), market.base, `The sized amount ${b(amount)} ${market.base} is below the minimum of ${b(market.min_amount)} (limited by ${sizedBy.replaceAll("_", " ")}).`);
  }
  const value = (entry * amount) / shift;
  if (value < market.min_notional) {
    return refuse("below_min_notional", q(market.min_notional), q(value), market.quote, `The sized order is worth ${q(value)} ${market.quote}, below the minimum of ${q(market.min_notional)} (limited by ${sizedBy.replaceAll("_", " ")}).`);
  }

  const riskAmount = ceilDiv(amount * uNum, uDen * shift);
  let rewardRisk: number | null = null;
  const tp = input.take_profit_price ?? null;
  if (tp !== null && tp > entry) {
    // The target sells as a limit at TP: no slippage, the fee on both legs.
    const rNum = (tp - entry) * f.den - f.num * (entry + tp);
    rewardRisk = ratioToNumber(rNum * uDen, f.den * uNum);
  }
  return {
    ok: true,
    amount,
    entry_price: entry,
    risk_amount: riskAmount,
    risk_pct: ratioToNumber(riskAmount * HUNDRED, input.equity),
    reward_risk_ratio: rewardRisk,
    sized_by: sizedBy,
  };
}

/** An exact fraction as a float, to 12 significant decimals, for percentages and ratios on display. */
function ratioToNumber(num: bigint, den: bigint): number {
  if (den === ZERO) return Number.NaN;
  const scaled = (num * pow10(12)) / den;
  return Number(formatDecimal(scaled, 12));
}

function refuse(rule: RiskRule, limit: string, current: string, unit: string, message: string): { ok: false; refusal: RiskRefusal } {
  return { ok: false, refusal: { rule, limit, current, unit, message } };
}

// ---------------------------------------------------------------------------------------------
// Pre-trade checks

/**
 * What the checks need to know about an order that has already passed schema and precision
 * (steps 1 and 2, order-validation.ts). Money is in quote atomic units unless stated.
 */
export interface OrderRiskInput {
  /** Manual orders face only the daily loss limit among the risk rules; bot and smart orders face all. */
  origin: "manual" | "bot" | "smart";
  /**
   * Whether the order adds risk: a buy that opens or adds to a long, including stop and limit buys.
   * A sell that reduces a position, a cancel, close and close-all do not, and no risk rule ever
   * blocks them.
   */
  increases_risk: boolean;
  /** Whether the order would open a position in a symbol that has none. */
  opens_position: boolean;
  /** The asset the order spends, its worst-case need (cost + fee, or the base amount) and what is free. */
  balance: { asset: string; required: bigint; free: bigint; scale?: number };
  daily_loss: { daily_loss_limit_pct: number | null; today_pnl: bigint; equity_at_day_start: bigint };
  open_positions: { count: number; max_open_positions: number; strategy_max_open_trades?: number | null };
  /** The position's value after the fill against max_position_size_pct of equity. */
  position_size: { value_after: bigint; equity: bigint; max_position_size_pct: number };
  /** Total open exposure after the fill against a cap, when one is configured. */
  exposure?: { value_after: bigint; equity: bigint; max_exposure_pct: number } | null;
  quote_asset: string;
  quote_scale?: number;
}

export type RiskCheck = { ok: true } | { ok: false; refusal: RiskRefusal };

/** today_pnl ≤ −limit% × equity at the start of the user's day (§3.9, §3.10); the threshold itself. */
export function dailyLossThreshold(limitPct: number, equityAtDayStart: bigint): bigint {
  const p = percent(limitPct);
  return -((equityAtDayStart * p.num) / p.den);
}

export function dailyLossTripped(limitPct: number | null, todayPnl: bigint, equityAtDayStart: bigint): boolean {
  if (limitPct === null) return false;
  const p = percent(limitPct);
  // Exact: today_pnl × den ≤ −num × equity.
  return todayPnl * p.den <= -(p.num * equityAtDayStart);
}

/**
 * The checks after schema and precision, in the order of §3.10, the first failure reported:
 * 3. balance (free ≥ worst-case need), for every order;
 * 4. the daily loss limit, for risk-increasing orders;
 * 5. max open positions, when the order opens a new position;
 * 6. the position-size cap;
 * 7. the exposure cap.
 * Steps 5–7 apply to bot and smart orders; the tighter of the strategy's max_open_trades and the
 * user's max_open_positions wins.
 */
export function checkOrderRisk(input: OrderRiskInput): RiskCheck {
  const qs = input.quote_scale ?? 8;
  const q = (u: bigint) => formatDecimal(u, qs);
  const bal = input.balance;
  if (bal.free < bal.required) {
    const f = (u: bigint) => formatDecimal(u, bal.scale ?? 8);
    return refuse("insufficient_balance", f(bal.free), f(bal.required), bal.asset, `Insufficient ${bal.asset}: the order needs ${f(bal.required)}, ${f(bal.free)} is free.`);
  }
  if (!input.increases_risk) return { ok: true };

  const dl = input.daily_loss;
  if (dl.daily_loss_limit_pct !== null && dailyLossTripped(dl.daily_loss_limit_pct, dl.today_pnl, dl.equity_at_day_start)) {
    const threshold = dailyLossThreshold(dl.daily_loss_limit_pct, dl.equity_at_day_start);
    return refuse(
      "daily_loss_limit",
      q(threshold),
      q(dl.today_pnl),
      input.quote_asset,
      `The daily loss limit of ${dl.daily_loss_limit_pct}% is reached: today's P&L is ${q(dl.today_pnl)}, the limit ${q(threshold)}. Orders that reduce positions are still accepted; new risk resumes at the start of the next day.`,
    );
  }
  if (input.origin === "manual") return { ok: true };

  const op = input.open_positions;
  const strategyMax = op.strategy_max_open_trades ?? null;
  const maxOpen = strategyMax === null ? op.max_open_positions : Math.min(strategyMax, op.max_open_positions);
  if (input.opens_position && op.count >= maxOpen) {
    return { ok: false, refusal: { rule: "max_open_positions", limit: String(maxOpen), current: String(op.count), unit: "count", message: `Maximum open positions reached (${op.count} of ${maxOpen}).` } };
  }

  const ps = input.position_size;
  const sizeCap = percentOf(ps.equity, ps.max_position_size_pct);
  if (ps.value_after > sizeCap) {
    return refuse("max_position_size", q(sizeCap), q(ps.value_after), input.quote_asset, `The position would be worth ${q(ps.value_after)}, above the cap of ${ps.max_position_size_pct}% of equity (${q(sizeCap)}).`);
  }

  const ex = input.exposure ?? null;
  if (ex !== null) {
    const cap = percentOf(ex.equity, ex.max_exposure_pct);
    if (ex.value_after > cap) {
      return refuse("max_exposure", q(cap), q(ex.value_after), input.quote_asset, `Open exposure would be ${q(ex.value_after)}, above the cap of ${ex.max_exposure_pct}% of equity (${q(cap)}).`);
    }
  }
  return { ok: true };
}

function percentOf(amount: bigint, pct: number): bigint {
  const p = percent(pct);
  return (amount * p.num) / p.den;
}
