/**
 * The order form as plain data: which fields a type needs, the request body a filled-in form makes,
 * the fee and cost preview, the "max" helper and how refusals read. Free of React, so it is tested
 * without a DOM.
 */
import type { ApiRequestError } from "@/components/api/api-request";
import { formatAmount, formatMoney } from "./format";
import type { OrderSide, OrderType } from "./types";

export type SizeMode = "amount" | "quote";

export type OrderFormState = {
  symbol: string;
  side: OrderSide;
  type: OrderType;
  sizeMode: SizeMode;
  size: string;
  price: string;
  stopPrice: string;
  trailingDeltaBps: string;
  activationPrice: string;
  stopLoss: string;
  takeProfit: string;
};

export const EMPTY_ORDER_FORM: Omit<OrderFormState, "symbol"> = {
  side: "buy",
  type: "market",
  sizeMode: "amount",
  size: "",
  price: "",
  stopPrice: "",
  trailingDeltaBps: "",
  activationPrice: "",
  stopLoss: "",
  takeProfit: "",
};

/** The wire field names the API reports errors under. */
export type OrderField =
  | "amount"
  | "quote_amount"
  | "price"
  | "stop_price"
  | "trailing_delta_bps"
  | "activation_price"
  | "stop_loss_price"
  | "take_profit_price";

export type TypeFields = { price: boolean; stopPrice: boolean; trailing: boolean };

/** Which price inputs an order type shows; the trigger of a take-profit is its stop price. */
export function fieldsForType(type: OrderType): TypeFields {
  return {
    price: type === "limit" || type === "stop_limit",
    stopPrice: type === "stop_market" || type === "stop_limit" || type === "take_profit",
    trailing: type === "trailing_stop",
  };
}

/** A total in the quote asset (fee included) sizes only market and limit buys; anything else is sized in the base. */
export function quoteSizeAllowed(side: OrderSide, type: OrderType): boolean {
  return side === "buy" && (type === "market" || type === "limit");
}

/** The size mode in effect: the chosen one when the order allows it, else the base amount. */
export function effectiveSizeMode(state: Pick<OrderFormState, "side" | "type" | "sizeMode">): SizeMode {
  return quoteSizeAllowed(state.side, state.type) ? state.sizeMode : "amount";
}

export type OrderBody = {
  symbol: string;
  side: OrderSide;
  type: OrderType;
  amount?: number;
  quote_amount?: number;
  price?: number;
  stop_price?: number;
  trailing_delta_bps?: number;
  activation_price?: number;
  stop_loss_price?: number;
  take_profit_price?: number;
};

export type BuildResult = { ok: true; body: OrderBody } | { ok: false; errors: Partial<Record<OrderField, string[]>> };

/** A decimal typed by a person: blank is undefined, "1,5" is refused rather than guessed. */
export function parseDecimal(text: string): number | undefined | null {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  if (!/^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/**
 * The request body for the form, or the fields that cannot be sent. Only the checks a person needs
 * before the round trip are made here (present, a positive number); the server judges the rest.
 */
export function buildOrderBody(state: OrderFormState): BuildResult {
  const errors: Partial<Record<OrderField, string[]>> = {};
  const needs = fieldsForType(state.type);
  const body: OrderBody = { symbol: state.symbol, side: state.side, type: state.type };

  const read = (field: OrderField, text: string, required: boolean, label: string): number | undefined => {
    const value = parseDecimal(text);
    if (value === undefined) {
      if (required) errors[field] = [`Enter ${label}.`];
      return undefined;
    }
    if (value === null || value <= 0) {
      errors[field] = [`${label.charAt(0).toUpperCase()}${label.slice(1)} must be a number above zero.`];
      return undefined;
    }
    return value;
  };

  const mode = effectiveSizeMode(state);
  const sizeField: OrderField = mode === "amount" ? "amount" : "quote_amount";
  const size = read(sizeField, state.size, true, mode === "amount" ? "an amount" : "a total");
  if (size !== undefined) body[sizeField] = size;
  if (needs.price) {
    const price = read("price", state.price, true, "a limit price");
    if (price !== undefined) body.price = price;
  }
  if (needs.stopPrice) {
    const stop = read("stop_price", state.stopPrice, true, state.type === "take_profit" ? "a trigger price" : "a stop price");
    if (stop !== undefined) body.stop_price = stop;
  }
  if (needs.trailing) {
    const delta = read("trailing_delta_bps", state.trailingDeltaBps, true, "a trailing distance");
    if (delta !== undefined) {
      if (!Number.isInteger(delta)) errors.trailing_delta_bps = ["The trailing distance is a whole number of basis points."];
      else body.trailing_delta_bps = delta;
    }
    const activation = read("activation_price", state.activationPrice, false, "an activation price");
    if (activation !== undefined) body.activation_price = activation;
  }
  if (state.side === "buy") {
    const stopLoss = read("stop_loss_price", state.stopLoss, false, "a stop-loss price");
    if (stopLoss !== undefined) body.stop_loss_price = stopLoss;
    const takeProfit = read("take_profit_price", state.takeProfit, false, "a take-profit price");
    if (takeProfit !== undefined) body.take_profit_price = takeProfit;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, body };
}

export type Quote = { price: number; bid: number; ask: number };

/**
 * The price an order is expected to fill at: its limit, else its trigger, else the side of the book a
 * market order meets (the ask for a buy, the bid for a sell).
 */
export function referencePrice(state: Pick<OrderFormState, "side" | "type" | "price" | "stopPrice">, quote: Quote | null): number | null {
  const needs = fieldsForType(state.type);
  if (needs.price) {
    const limit = parseDecimal(state.price);
    if (typeof limit === "number" && limit > 0) return limit;
  }
  if (needs.stopPrice) {
    const stop = parseDecimal(state.stopPrice);
    if (typeof stop === "number" && stop > 0) return stop;
  }
  if (!quote) return null;
  const side = state.side === "buy" ? quote.ask : quote.bid;
  return Number.isFinite(side) && side > 0 ? side : quote.price > 0 ? quote.price : null;
}

export type CostPreview = {
  /** Base-asset amount the order trades. */
  amount: number;
  /** Amount × price, before the fee. */
  notional: number;
  fee: number;
  /**
   * What a buy spends (notional + fee) or a sell receives (notional − fee), in the quote asset. A
   * total typed for a buy is the whole spend, fee included, so then it is the total itself.
   */
  total: number;
  price: number;
};

/** The fee and cost of the form's order at `price`, or null while there is nothing to work it out from. */
export function previewCost(
  state: Pick<OrderFormState, "side" | "sizeMode" | "size">,
  price: number | null,
  feeRate: number,
): CostPreview | null {
  const size = parseDecimal(state.size);
  if (typeof size !== "number" || size <= 0 || price === null || !(price > 0)) return null;
  if (state.sizeMode === "quote" && state.side === "buy") {
    const notional = size / (1 + feeRate);
    return { amount: notional / price, notional, fee: size - notional, total: size, price };
  }
  const amount = state.sizeMode === "amount" ? size : size / price;
  const notional = state.sizeMode === "amount" ? size * price : size;
  const fee = notional * feeRate;
  return { amount, notional, fee, total: state.side === "buy" ? notional + fee : notional - fee, price };
}

/** Rounds down to the market's amount step so "max" never asks for a fraction the market refuses. */
export function floorToStep(value: number, step: number | undefined): number {
  if (!(value > 0)) return 0;
  if (!step || !(step > 0)) return value;
  const decimals = Math.min(12, Math.max(0, Math.ceil(-Math.log10(step) - 1e-9)));
  const floored = Math.floor(value / step + 1e-9) * step;
  return Number(floored.toFixed(decimals));
}

/**
 * The largest size the free balance allows, in the form's size mode: a buy spends free quote
 * including the fee; a sell sells the free base.
 */
export function maxSize(
  state: Pick<OrderFormState, "side" | "sizeMode">,
  free: { base: number; quote: number },
  price: number | null,
  feeRate: number,
  amountStep?: number,
): number | null {
  if (state.side === "buy") {
    // A total already includes the fee; an amount must leave room for it.
    if (state.sizeMode === "quote") return Math.floor(free.quote * 100) / 100;
    const spendable = free.quote / (1 + Math.max(0, feeRate));
    if (price === null || !(price > 0)) return null;
    return floorToStep(spendable / price, amountStep);
  }
  if (state.sizeMode === "amount") return floorToStep(free.base, amountStep);
  if (price === null || !(price > 0)) return null;
  return Math.floor(free.base * price * 100) / 100;
}

/** A size as the input shows it: plain decimals, never exponent notation. */
export function sizeText(value: number): string {
  return value.toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 8 });
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

const RULE_NAMES: Record<string, string> = {
  max_open_positions: "Open positions limit",
  max_position_size_pct: "Position size limit",
  daily_loss_limit_pct: "Daily loss limit",
  risk_per_trade_pct: "Risk per trade limit",
};

/** A refused order in words: balance and rule refusals name the figures, others keep the API's message. */
export function describeOrderError(error: ApiRequestError): string {
  const d = error.details;
  if (error.code === "insufficient_balance") {
    const asset = str(d.asset) ?? "";
    const required = num(d.required);
    const available = num(d.available);
    if (required !== null && available !== null) {
      const show = (v: number) => (asset && /^(USD|USDT|USDC|BUSD|EUR|DAI)$/.test(asset) ? formatMoney(v) : formatAmount(v));
      const unit = asset ? ` ${asset}` : "";
      return `Needs ${show(required)}${unit}, ${show(available)} available.`;
    }
  }
  if (error.code === "rule_violation") {
    const rule = str(d.rule);
    const limit = num(d.limit);
    const current = num(d.current);
    if (rule) {
      const name = RULE_NAMES[rule] ?? rule.replace(/_/g, " ");
      const figures = limit !== null && current !== null ? ` (limit ${formatAmount(limit)}, now ${formatAmount(current)})` : "";
      return `${name} reached${figures}. ${error.message}`.trim();
    }
  }
  if (error.code === "price_unavailable") return "No current price for this pair. Try again in a moment.";
  return error.message;
}

/** Whether an answer leaves it unknown if the order was taken, so a retry must reuse its key. */
export function outcomeUnknown(error: ApiRequestError): boolean {
  return error.status === 0 || error.status >= 500 || error.code === "idempotency_in_progress";
}

/**
 * What a form shows for a refused order: field messages beside the fields it has, the rest in one
 * message, and whether the idempotency key must be kept (outcome unknown: a retry reuses it).
 */
export function orderFailure(error: ApiRequestError, formFields: readonly string[]): { fields: Record<string, string[]>; message: string; keepKey: boolean } {
  const fields: Record<string, string[]> = {};
  const others: string[] = [];
  for (const [field, messages] of Object.entries(error.fields)) {
    if (formFields.includes(field)) fields[field] = messages;
    else others.push(...messages);
  }
  const keepKey = outcomeUnknown(error);
  const lead = Object.keys(fields).length > 0 && others.length === 0 ? "Check the highlighted fields." : describeOrderError(error);
  const retryNote = keepKey ? "Submitting the same order again will not place it twice." : null;
  return { fields, message: [lead, ...others, retryNote].filter(Boolean).join(" "), keepKey };
}

export type PendingSubmit = { body: string; key: string } | null;

/**
 * The idempotency key for a submit: the same one again when the same body is retried after an
 * unknown outcome (so the server runs it once), a new one for anything else.
 */
export function keyForSubmit(pending: PendingSubmit, body: string, fresh: () => string): { key: string; pending: { body: string; key: string } } {
  if (pending && pending.body === body) return { key: pending.key, pending };
  const key = fresh();
  return { key, pending: { body, key } };
}

export type SmartFormState = {
  symbol: string;
  riskPct: string;
  stopMode: "price" | "pct";
  stop: string;
  takeProfitMode: "price" | "pct";
  takeProfit: string;
};

export type SmartField = "risk_pct" | "stop_price" | "stop_loss_pct" | "take_profit_price" | "take_profit_pct";

export type SmartBody = {
  symbol: string;
  side: "buy";
  risk_pct?: number;
  stop_price?: number;
  stop_loss_pct?: number;
  take_profit_price?: number;
  take_profit_pct?: number;
};

/** The smart-order body: a stop is required (as a price or a percentage), the rest is optional. */
export function buildSmartBody(state: SmartFormState): { ok: true; body: SmartBody } | { ok: false; errors: Partial<Record<SmartField, string[]>> } {
  const errors: Partial<Record<SmartField, string[]>> = {};
  const body: SmartBody = { symbol: state.symbol, side: "buy" };
  const read = (field: SmartField, text: string, required: boolean, label: string) => {
    const value = parseDecimal(text);
    if (value === undefined) {
      if (required) errors[field] = [`Enter ${label}.`];
      return;
    }
    if (value === null || value <= 0) {
      errors[field] = [`${label.charAt(0).toUpperCase()}${label.slice(1)} must be a number above zero.`];
      return;
    }
    body[field] = value;
  };
  read("risk_pct", state.riskPct, false, "a risk percentage");
  if (state.stopMode === "price") read("stop_price", state.stop, true, "a stop price");
  else read("stop_loss_pct", state.stop, true, "a stop-loss percentage");
  if (state.takeProfitMode === "price") read("take_profit_price", state.takeProfit, false, "a take-profit price");
  else read("take_profit_pct", state.takeProfit, false, "a take-profit percentage");
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, body };
}
