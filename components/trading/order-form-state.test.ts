import { describe, expect, it } from "vitest";
import { ApiRequestError } from "@/components/api/api-request";
import {
  buildOrderBody,
  buildSmartBody,
  describeOrderError,
  EMPTY_ORDER_FORM,
  fieldsForType,
  floorToStep,
  keyForSubmit,
  maxSize,
  orderFailure,
  outcomeUnknown,
  parseDecimal,
  previewCost,
  referencePrice,
  type OrderFormState,
} from "./order-form-state";

const form = (patch: Partial<OrderFormState> = {}): OrderFormState => ({ ...EMPTY_ORDER_FORM, symbol: "BTC/USDT", ...patch });
const quote = { price: 100, bid: 99.5, ask: 100.5 };

describe("parseDecimal", () => {
  it("reads plain decimals and refuses anything else", () => {
    expect(parseDecimal("")).toBeUndefined();
    expect(parseDecimal("  ")).toBeUndefined();
    expect(parseDecimal("0.5")).toBe(0.5);
    expect(parseDecimal(".5")).toBe(0.5);
    expect(parseDecimal("12.")).toBe(12);
    expect(parseDecimal("1e-3")).toBe(0.001);
    expect(parseDecimal("1,5")).toBeNull();
    expect(parseDecimal("-1")).toBeNull();
    expect(parseDecimal("abc")).toBeNull();
  });
});

describe("fieldsForType", () => {
  it("shows the price inputs each type needs", () => {
    expect(fieldsForType("market")).toEqual({ price: false, stopPrice: false, trailing: false });
    expect(fieldsForType("limit")).toEqual({ price: true, stopPrice: false, trailing: false });
    expect(fieldsForType("stop_market")).toEqual({ price: false, stopPrice: true, trailing: false });
    expect(fieldsForType("stop_limit")).toEqual({ price: true, stopPrice: true, trailing: false });
    expect(fieldsForType("take_profit")).toEqual({ price: false, stopPrice: true, trailing: false });
    expect(fieldsForType("trailing_stop")).toEqual({ price: false, stopPrice: false, trailing: true });
  });
});

describe("buildOrderBody", () => {
  it("makes a market buy by amount", () => {
    expect(buildOrderBody(form({ size: "0.01" }))).toEqual({ ok: true, body: { symbol: "BTC/USDT", side: "buy", type: "market", amount: 0.01 } });
  });

  it("sends a total as quote_amount", () => {
    expect(buildOrderBody(form({ sizeMode: "quote", size: "250" }))).toEqual({
      ok: true,
      body: { symbol: "BTC/USDT", side: "buy", type: "market", quote_amount: 250 },
    });
  });

  it("sizes by the base amount where a total is not accepted", () => {
    expect(buildOrderBody(form({ side: "sell", sizeMode: "quote", size: "2" }))).toEqual({
      ok: true,
      body: { symbol: "BTC/USDT", side: "sell", type: "market", amount: 2 },
    });
    expect(buildOrderBody(form({ type: "stop_market", sizeMode: "quote", size: "2", stopPrice: "110" }))).toEqual({
      ok: true,
      body: { symbol: "BTC/USDT", side: "buy", type: "stop_market", amount: 2, stop_price: 110 },
    });
  });

  it("includes only the fields the type uses", () => {
    const built = buildOrderBody(form({ side: "sell", type: "stop_limit", size: "1", price: "95", stopPrice: "96", stopLoss: "90", takeProfit: "120" }));
    expect(built).toEqual({ ok: true, body: { symbol: "BTC/USDT", side: "sell", type: "stop_limit", amount: 1, price: 95, stop_price: 96 } });
  });

  it("attaches stop-loss and take-profit to buys", () => {
    const built = buildOrderBody(form({ type: "limit", size: "1", price: "100", stopLoss: "95", takeProfit: "110" }));
    expect(built).toEqual({
      ok: true,
      body: { symbol: "BTC/USDT", side: "buy", type: "limit", amount: 1, price: 100, stop_loss_price: 95, take_profit_price: 110 },
    });
  });

  it("builds a trailing stop with an optional activation price", () => {
    expect(buildOrderBody(form({ side: "sell", type: "trailing_stop", size: "1", trailingDeltaBps: "150" }))).toEqual({
      ok: true,
      body: { symbol: "BTC/USDT", side: "sell", type: "trailing_stop", amount: 1, trailing_delta_bps: 150 },
    });
    const fractional = buildOrderBody(form({ side: "sell", type: "trailing_stop", size: "1", trailingDeltaBps: "1.5" }));
    expect(fractional.ok).toBe(false);
    if (!fractional.ok) expect(Object.keys(fractional.errors)).toEqual(["trailing_delta_bps"]);
  });

  it("reports missing and invalid fields under their wire names", () => {
    const built = buildOrderBody(form({ type: "stop_limit", size: "0", price: "x" }));
    expect(built.ok).toBe(false);
    if (!built.ok) {
      expect(Object.keys(built.errors).sort()).toEqual(["amount", "price", "stop_price"]);
      expect(built.errors.stop_price).toEqual(["Enter a stop price."]);
    }
  });
});

describe("referencePrice and previewCost", () => {
  it("prices a market buy at the ask and a market sell at the bid", () => {
    expect(referencePrice(form(), quote)).toBe(100.5);
    expect(referencePrice(form({ side: "sell" }), quote)).toBe(99.5);
    expect(referencePrice(form(), null)).toBeNull();
  });

  it("prefers the limit, then the trigger", () => {
    expect(referencePrice(form({ type: "limit", price: "90" }), quote)).toBe(90);
    expect(referencePrice(form({ type: "stop_market", stopPrice: "110" }), quote)).toBe(110);
    expect(referencePrice(form({ type: "limit", price: "" }), quote)).toBe(100.5);
  });

  it("adds the fee to a buy and takes it from a sell", () => {
    expect(previewCost({ side: "buy", sizeMode: "amount", size: "2" }, 100, 0.001)).toEqual({ amount: 2, notional: 200, fee: 0.2, total: 200.2, price: 100 });
    const sell = previewCost({ side: "sell", sizeMode: "amount", size: "0.5" }, 100, 0.001);
    expect(sell?.fee).toBeCloseTo(0.05);
    expect(sell?.total).toBeCloseTo(49.95);
    // A total for a buy is the whole spend, fee included.
    const total = previewCost({ side: "buy", sizeMode: "quote", size: "100.1" }, 100, 0.001);
    expect(total?.total).toBe(100.1);
    expect(total?.notional).toBeCloseTo(100);
    expect(total?.fee).toBeCloseTo(0.1);
    expect(total?.amount).toBeCloseTo(1);
    expect(previewCost({ side: "buy", sizeMode: "amount", size: "" }, 100, 0.001)).toBeNull();
    expect(previewCost({ side: "buy", sizeMode: "amount", size: "1" }, null, 0.001)).toBeNull();
  });
});

describe("maxSize", () => {
  it("spends free quote including the fee, rounded down to the step", () => {
    expect(maxSize({ side: "buy", sizeMode: "amount" }, { base: 0, quote: 1001 }, 100, 0.001, 0.01)).toBe(10);
    expect(maxSize({ side: "buy", sizeMode: "quote" }, { base: 0, quote: 1001.257 }, 100, 0.001)).toBe(1001.25);
    expect(maxSize({ side: "buy", sizeMode: "amount" }, { base: 0, quote: 1000 }, null, 0.001)).toBeNull();
  });

  it("sells the free base", () => {
    expect(maxSize({ side: "sell", sizeMode: "amount" }, { base: 0.123456, quote: 0 }, 100, 0.001, 0.001)).toBe(0.123);
    expect(maxSize({ side: "sell", sizeMode: "quote" }, { base: 0.5, quote: 0 }, 100, 0.001)).toBe(50);
  });

  it("floors without float noise", () => {
    expect(floorToStep(0.3, 0.1)).toBe(0.3);
    expect(floorToStep(1.23456789, 0.00001)).toBe(1.23456);
    expect(floorToStep(-1, 0.1)).toBe(0);
  });
});

describe("describeOrderError", () => {
  it("words a balance refusal with its figures", () => {
    const error = new ApiRequestError("Insufficient balance", 422, "insufficient_balance", {}, { asset: "USDT", required: 1234.56, available: 1000 });
    expect(describeOrderError(error)).toBe("Needs 1,234.56 USDT, 1,000.00 available.");
    const base = new ApiRequestError("Insufficient balance", 422, "insufficient_balance", {}, { asset: "BTC", required: 0.5, available: 0.25 });
    expect(describeOrderError(base)).toBe("Needs 0.5 BTC, 0.25 available.");
  });

  it("names the rule that refused the order", () => {
    const error = new ApiRequestError("Too many open positions.", 422, "rule_violation", {}, { rule: "max_open_positions", limit: 3, current: 3 });
    expect(describeOrderError(error)).toBe("Open positions limit reached (limit 3, now 3). Too many open positions.");
  });

  it("keeps the API's message otherwise", () => {
    expect(describeOrderError(new ApiRequestError("Nope.", 422, "validation_failed"))).toBe("Nope.");
  });
});

describe("orderFailure", () => {
  it("puts the form's own fields beside them and the rest in one message", () => {
    const error = new ApiRequestError("Some fields are invalid.", 422, "validation_failed", { amount: ["Too small."], symbol: ["Unknown pair."] });
    expect(orderFailure(error, ["amount", "price"])).toEqual({ fields: { amount: ["Too small."] }, message: "Some fields are invalid. Unknown pair.", keepKey: false });
    expect(orderFailure(new ApiRequestError("x", 422, "validation_failed", { price: ["Below the tick."] }), ["price"])).toEqual({ fields: { price: ["Below the tick."] }, message: "Check the highlighted fields.", keepKey: false });
  });

  it("keeps the key and says a retry is safe when the outcome is unknown", () => {
    const failure = orderFailure(new ApiRequestError("Server error", 503, "http_error"), ["amount"]);
    expect(failure.keepKey).toBe(true);
    expect(failure.message).toBe("Server error Submitting the same order again will not place it twice.");
  });
});

describe("idempotency keys", () => {
  it("reuses the key only for a retry of the same body", () => {
    let n = 0;
    const fresh = () => `k${++n}`;
    const first = keyForSubmit(null, '{"a":1}', fresh);
    expect(first.key).toBe("k1");
    expect(keyForSubmit(first.pending, '{"a":1}', fresh).key).toBe("k1");
    expect(keyForSubmit(first.pending, '{"a":2}', fresh).key).toBe("k2");
  });

  it("treats no answer and server errors as unknown outcomes", () => {
    expect(outcomeUnknown(new ApiRequestError("x", 0, "network_error"))).toBe(true);
    expect(outcomeUnknown(new ApiRequestError("x", 502, "http_error"))).toBe(true);
    expect(outcomeUnknown(new ApiRequestError("x", 422, "validation_failed"))).toBe(false);
  });
});

describe("buildSmartBody", () => {
  it("needs a stop and sends the chosen forms", () => {
    expect(buildSmartBody({ symbol: "BTC/USDT", riskPct: "1", stopMode: "pct", stop: "2", takeProfitMode: "price", takeProfit: "120" })).toEqual({
      ok: true,
      body: { symbol: "BTC/USDT", side: "buy", risk_pct: 1, stop_loss_pct: 2, take_profit_price: 120 },
    });
    const missing = buildSmartBody({ symbol: "BTC/USDT", riskPct: "", stopMode: "price", stop: "", takeProfitMode: "pct", takeProfit: "" });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(Object.keys(missing.errors)).toEqual(["stop_price"]);
  });
});
