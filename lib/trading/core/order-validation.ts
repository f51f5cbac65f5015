/**
 * Order requests, normalised then validated (trading-semantics.md §3.7). Values are first adjusted
 * to the market's grid: amounts floored to the step, limit prices rounded to the tick (buys down,
 * sells up), stop-type prices to the nearest tick. The adjusted order is then checked against the
 * minimums, the maximum and the percent-price band, with one problem per violation, named by its
 * wire field. The adjusted values are always returned so the response can echo them.
 *
 * Schema shape (which fields exist, enums) belongs to the API's own schema; this module checks what
 * needs the market and the current price.
 */
import { ceilToStepUnits, floorToStepUnits, nearestStepUnits, type TradingMarket } from "./market";
import {
  applyRatio,
  feeOn,
  formatDecimal,
  fromNumber,
  notional,
  onePlus,
  parseDecimal,
  pow10,
  type Ratio,
  type Rounding,
} from "./money";
import type { OrderType, PriceQuote, Side } from "./types";

export type Decimalish = number | string;

export const ORDER_FIELDS = [
  "amount",
  "quote_amount",
  "price",
  "stop_price",
  "trailing_delta_bps",
  "activation_price",
  "stop_loss_price",
  "take_profit_price",
  "trailing_stop_pct",
] as const;
export type OrderField = (typeof ORDER_FIELDS)[number];

export interface OrderRequest {
  side: Side;
  type: OrderType;
  amount?: Decimalish | null;
  /** Buys only: spend at most this much quote, fee included (§3.2). */
  quote_amount?: Decimalish | null;
  price?: Decimalish | null;
  stop_price?: Decimalish | null;
  trailing_delta_bps?: number | null;
  activation_price?: Decimalish | null;
  /** Protective orders attached to a buy; they become an OCO pair once it fills (§3.3). */
  stop_loss_price?: Decimalish | null;
  take_profit_price?: Decimalish | null;
  trailing_stop_pct?: number | null;
}

export interface ValidationContext {
  market: TradingMarket;
  /** The current price from the account's bound source. */
  quote: PriceQuote;
  fee_rate: Ratio;
  slippage: Ratio;
  /** Binance's PERCENT_PRICE_BY_SIDE band around the current price; default [0.2, 5]. */
  price_band?: { low: Ratio; high: Ratio };
  /** Binance's trailingDelta range; default 10–2,000 bps. */
  trailing_delta_range_bps?: { min: number; max: number };
}

export interface NormalizedOrder {
  side: Side;
  type: OrderType;
  /** Base atomic units, on the step. */
  amount: bigint;
  price: bigint | null;
  stop_price: bigint | null;
  trailing_delta_bps: number | null;
  activation_price: bigint | null;
  stop_loss_price: bigint | null;
  take_profit_price: bigint | null;
  trailing_stop_pct: number | null;
  /** The price the minimum notional was checked at (limit, stop, activation or current price). */
  reference_price: bigint;
}

/** The adjusted values as decimal strings, for the response to echo. */
export type AdjustedEcho = Partial<Record<Exclude<OrderField, "trailing_delta_bps" | "trailing_stop_pct">, string>>;

export interface OrderProblem {
  field: OrderField;
  code: string;
  message: string;
}

export type ValidationResult =
  | { ok: true; order: NormalizedOrder; adjusted: AdjustedEcho }
  | { ok: false; problems: OrderProblem[]; adjusted: AdjustedEcho };

const DEFAULT_BAND = { low: { num: BigInt(1), den: BigInt(5) }, high: { num: BigInt(5), den: BigInt(1) } };
const DEFAULT_TRAILING_RANGE = { min: 10, max: 2_000 };
const TRAILING_STOP_PCT_RANGE = { min: 0.1, max: 50 };

/** Which price fields each type needs (true) or must not carry (false); activation_price is optional on a trailing stop. */
const PRICE_FIELDS: Record<OrderType, { price: boolean; stop_price: boolean; trailing: boolean }> = {
  market: { price: false, stop_price: false, trailing: false },
  limit: { price: true, stop_price: false, trailing: false },
  stop_market: { price: false, stop_price: true, trailing: false },
  stop_limit: { price: true, stop_price: true, trailing: false },
  take_profit: { price: false, stop_price: true, trailing: false },
  trailing_stop: { price: false, stop_price: false, trailing: true },
};

const present = <T>(v: T | null | undefined): v is T => v !== null && v !== undefined && v !== "";

export function validateOrder(request: OrderRequest, ctx: ValidationContext): ValidationResult {
  const { market } = ctx;
  const problems: OrderProblem[] = [];
  const adjusted: AdjustedEcho = {};
  const problem = (field: OrderField, code: string, message: string) => problems.push({ field, code, message });
  const priceText = (units: bigint) => formatDecimal(units, market.scales.price);
  const amountText = (units: bigint) => formatDecimal(units, market.scales.base);
  const { side, type } = request;
  const needs = PRICE_FIELDS[type];

  /** A positive decimal in atomic units, or null after recording why not. */
  const readPositive = (field: OrderField, value: Decimalish, scale: number, rounding: Rounding): bigint | null => {
    let units: bigint;
    try {
      units = typeof value === "number" ? fromNumber(value, scale, rounding) : parseDecimal(value, scale, rounding);
    } catch {
      problem(field, "not_a_number", `${label(field)} must be a decimal number.`);
      return null;
    }
    if (units <= BigInt(0)) {
      problem(field, "not_positive", `${label(field)} must be greater than 0.`);
      return null;
    }
    return units;
  };

  /** Reads a price field and puts it on the tick grid in the given way. */
  const readPrice = (field: OrderField, value: Decimalish | null | undefined, onGrid: "down" | "up" | "nearest"): bigint | null => {
    if (!present(value)) return null;
    const raw = readPositive(field, value, market.scales.price, onGrid === "up" ? "up" : "down");
    if (raw === null) return null;
    const tick = market.price_tick;
    const units = onGrid === "down" ? floorToStepUnits(raw, tick) : onGrid === "up" ? ceilToStepUnits(raw, tick) : nearestStepUnits(raw, tick);
    if (units <= BigInt(0)) {
      problem(field, "below_tick", `${label(field)} is below the price tick of ${priceText(tick)}.`);
      return null;
    }
    adjusted[field as keyof AdjustedEcho] = priceText(units);
    return units;
  };

  // Fields the type does not take. Silently ignoring them would place a different order than asked.
  if (!needs.price && present(request.price)) problem("price", "not_allowed", `A ${typeName(type)} order takes no price.`);
  if (!needs.stop_price && present(request.stop_price)) problem("stop_price", "not_allowed", `A ${typeName(type)} order takes no stop price.`);
  if (!needs.trailing && present(request.trailing_delta_bps)) problem("trailing_delta_bps", "not_allowed", "Only a trailing stop takes a trailing delta.");
  if (!needs.trailing && present(request.activation_price)) problem("activation_price", "not_allowed", "Only a trailing stop takes an activation price.");
  if (needs.price && !present(request.price)) problem("price", "required", `A ${typeName(type)} order needs a limit price.`);
  if (needs.stop_price && !present(request.stop_price)) problem("stop_price", "required", `A ${typeName(type)} order needs a stop price.`);
  if (needs.trailing && !present(request.trailing_delta_bps)) problem("trailing_delta_bps", "required", "A trailing stop needs a trailing delta in basis points.");

  // Limit prices round against the order's own eagerness (buys down, sells up); trigger prices to the nearest tick.
  const price = needs.price ? readPrice("price", request.price, side === "buy" ? "down" : "up") : null;
  const stopPrice = needs.stop_price ? readPrice("stop_price", request.stop_price, "nearest") : null;
  const activationPrice = needs.trailing ? readPrice("activation_price", request.activation_price, "nearest") : null;
  const stopLoss = readPrice("stop_loss_price", request.stop_loss_price, "nearest");
  const takeProfit = readPrice("take_profit_price", request.take_profit_price, "nearest");

  let trailingDelta: number | null = null;
  if (needs.trailing && present(request.trailing_delta_bps)) {
    const range = ctx.trailing_delta_range_bps ?? DEFAULT_TRAILING_RANGE;
    const d = request.trailing_delta_bps;
    if (!Number.isInteger(d) || d < range.min || d > range.max) {
      problem("trailing_delta_bps", "out_of_range", `The trailing delta must be a whole number of basis points from ${range.min} to ${range.max}.`);
    } else trailingDelta = d;
  }

  let trailingStopPct: number | null = null;
  if (present(request.trailing_stop_pct)) {
    const p = request.trailing_stop_pct;
    if (!Number.isFinite(p) || p < TRAILING_STOP_PCT_RANGE.min || p > TRAILING_STOP_PCT_RANGE.max) {
      problem("trailing_stop_pct", "out_of_range", `The trailing stop must be between ${TRAILING_STOP_PCT_RANGE.min}% and ${TRAILING_STOP_PCT_RANGE.max}%.`);
    } else trailingStopPct = p;
  }

  // Protective prices guard what a buy acquires; a spot account has no short to protect.
  if (side === "sell") {
    for (const field of ["stop_loss_price", "take_profit_price", "trailing_stop_pct"] as const) {
      if (present(request[field])) problem(field, "buys_only", `${label(field)} can only be attached to a buy.`);
    }
  }

  const last = ctx.quote.last;
  // Where the order is expected to trade: the base for the minimum notional and for attached levels.
  const reference = price ?? stopPrice ?? activationPrice ?? last;

  // A stop-type order that would trigger at once is almost always a typo (Binance refuses it too).
  if (stopPrice !== null && (type === "stop_market" || type === "stop_limit" || type === "take_profit")) {
    const stopBelow = (type === "take_profit") === (side === "buy");
    if (stopBelow && stopPrice >= last) {
      problem("stop_price", "would_trigger_immediately", `The stop price must be below the current price of ${priceText(last)}; it would trigger at once.`);
    } else if (!stopBelow && stopPrice <= last) {
      problem("stop_price", "would_trigger_immediately", `The stop price must be above the current price of ${priceText(last)}; it would trigger at once.`);
    }
  }
  if (activationPrice !== null) {
    if (side === "sell" && activationPrice <= last) problem("activation_price", "would_activate_immediately", `A sell's activation price must be above the current price of ${priceText(last)}.`);
    if (side === "buy" && activationPrice >= last) problem("activation_price", "would_activate_immediately", `A buy's activation price must be below the current price of ${priceText(last)}.`);
  }
  if (stopLoss !== null && side === "buy" && stopLoss >= reference) {
    problem("stop_loss_price", "wrong_side", `The stop-loss must be below the entry price of ${priceText(reference)}.`);
  }
  if (takeProfit !== null && side === "buy" && takeProfit <= reference) {
    problem("take_profit_price", "wrong_side", `The take-profit must be above the entry price of ${priceText(reference)}.`);
  }

  // The percent-price band catches unit errors such as 0.5 typed for 50,000.
  const band = ctx.price_band ?? DEFAULT_BAND;
  const bandLow = applyRatio(last, band.low, "up");
  const bandHigh = applyRatio(last, band.high, "down");
  const banded: [OrderField, bigint | null][] = [
    ["price", price],
    ["stop_price", stopPrice],
    ["activation_price", activationPrice],
    ["stop_loss_price", stopLoss],
    ["take_profit_price", takeProfit],
  ];
  for (const [field, value] of banded) {
    if (value !== null && (value < bandLow || value > bandHigh)) {
      problem(field, "outside_price_band", `${label(field)} must be between ${priceText(bandLow)} and ${priceText(bandHigh)} (0.2× to 5× the current price).`);
    }
  }

  // Amount: exactly one of amount and quote_amount.
  let amount: bigint | null = null;
  const hasAmount = present(request.amount);
  const hasQuote = present(request.quote_amount);
  if (hasAmount && hasQuote) {
    problem("quote_amount", "conflict", "Give either an amount or a quote amount, not both.");
  } else if (!hasAmount && !hasQuote) {
    problem("amount", "required", "Give an amount to trade, or a quote amount to spend.");
  } else if (hasAmount) {
    const raw = readPositive("amount", request.amount as Decimalish, market.scales.base, "down");
    if (raw !== null) amount = floorToStepUnits(raw, market.amount_step);
  } else if (side === "sell" || (type !== "market" && type !== "limit")) {
    problem("quote_amount", "not_supported", "A quote amount is for market and limit buys; give the amount to sell or to trigger.");
  } else {
    const spend = readPositive("quote_amount", request.quote_amount as Decimalish, market.scales.quote, "down");
    // A limit buy may fill at its price at worst; a market buy at the ask with slippage.
    const fill = type === "limit" ? price : marketBuyFill(ctx);
    if (spend !== null && fill !== null) {
      adjusted.quote_amount = formatDecimal(spend, market.scales.quote);
      amount = amountForSpend(spend, fill, ctx.fee_rate, market);
    }
  }

  if (amount !== null) {
    adjusted.amount = amountText(amount);
    if (amount <= BigInt(0)) {
      problem(hasQuote ? "quote_amount" : "amount", "below_step", `The amount rounds down to 0 at the step of ${amountText(market.amount_step)}.`);
    } else {
      const field: OrderField = hasQuote ? "quote_amount" : "amount";
      if (amount < market.min_amount) {
        problem(field, "below_min_amount", `The amount ${amountText(amount)} is below the minimum of ${amountText(market.min_amount)} ${market.base}.`);
      }
      if (market.max_amount > BigInt(0) && amount > market.max_amount) {
        problem(field, "above_max_amount", `The amount ${amountText(amount)} is above the maximum of ${amountText(market.max_amount)} ${market.base}.`);
      }
      const value = notional(reference, amount, "down", market.scales);
      if (value < market.min_notional) {
        const q = (u: bigint) => formatDecimal(u, market.scales.quote);
        problem(field, "below_min_notional", `The order is worth ${q(value)} ${market.quote} at ${priceText(reference)}, below the minimum of ${q(market.min_notional)} ${market.quote}.`);
      }
    }
  }

  if (problems.length > 0 || amount === null) return { ok: false, problems, adjusted };
  return {
    ok: true,
    adjusted,
    order: {
      side,
      type,
      amount,
      price,
      stop_price: stopPrice,
      trailing_delta_bps: trailingDelta,
      activation_price: activationPrice,
      stop_loss_price: stopLoss,
      take_profit_price: takeProfit,
      trailing_stop_pct: trailingStopPct,
      reference_price: reference,
    },
  };
}

/** What a market buy pays per unit: ask × (1 + s), rounded against the buyer (§3.2). */
export function marketBuyFill(ctx: Pick<ValidationContext, "quote" | "slippage">): bigint {
  return applyRatio(ctx.quote.ask, onePlus(ctx.slippage), "up");
}

/** What a buy of `amount` at `price` debits in quote atomic units: cost rounded up, plus its fee. */
export function buyDebit(price: bigint, amount: bigint, feeRate: Ratio, market: Pick<TradingMarket, "scales">): { cost: bigint; fee: bigint; total: bigint } {
  const cost = notional(price, amount, "up", market.scales);
  const fee = feeOn(cost, feeRate);
  return { cost, fee, total: cost + fee };
}

/**
 * The largest amount on the step whose cost plus fee fits in `spend` at `fill`:
 * floor_to_step(q / (fill × (1 + fee))), then stepped down while rounding up of cost and fee
 * would overshoot by an atomic unit (§3.2).
 */
export function amountForSpend(spend: bigint, fill: bigint, feeRate: Ratio, market: Pick<TradingMarket, "scales" | "amount_step">): bigint {
  const shift = pow10(market.scales.price + market.scales.base - market.scales.quote);
  const estimate = (spend * shift * feeRate.den) / (fill * (feeRate.den + feeRate.num));
  const step = market.amount_step > BigInt(0) ? market.amount_step : BigInt(1);
  let amount = floorToStepUnits(estimate, step);
  while (amount > BigInt(0) && buyDebit(fill, amount, feeRate, market).total > spend) amount -= step;
  return amount > BigInt(0) ? amount : BigInt(0);
}

/**
 * What "close" sells of a holding (§3.7, §3.13): floor_to_step(amount) when that meets the minimums
 * at `price`; whatever cannot be sold is reported as dust.
 */
export function closeAmount(holding: bigint, price: bigint, market: TradingMarket): { amount: bigint; dust: bigint } {
  const amount = floorToStepUnits(holding, market.amount_step);
  const sellable = amount > BigInt(0) && amount >= market.min_amount && notional(price, amount, "down", market.scales) >= market.min_notional;
  return sellable ? { amount, dust: holding - amount } : { amount: BigInt(0), dust: holding };
}

/** A holding worth less than the minimum notional: shown, but not an open position (§3.7). */
export function isDust(holding: bigint, price: bigint, market: TradingMarket): boolean {
  return notional(price, holding, "down", market.scales) < market.min_notional;
}

const LABELS: Record<OrderField, string> = {
  amount: "The amount",
  quote_amount: "The quote amount",
  price: "The limit price",
  stop_price: "The stop price",
  trailing_delta_bps: "The trailing delta",
  activation_price: "The activation price",
  stop_loss_price: "The stop-loss price",
  take_profit_price: "The take-profit price",
  trailing_stop_pct: "The trailing stop",
};

function label(field: OrderField): string {
  return LABELS[field];
}

function typeName(type: OrderType): string {
  return type.replace("_", "-");
}
