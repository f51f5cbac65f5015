import { describe, expect, it } from "vitest";
import { tradingMarket } from "./market";
import { bps, ratio } from "./money";
import { amountForSpend, buyDebit, closeAmount, isDust, validateOrder, type OrderRequest, type ValidationContext } from "./order-validation";
import { COIN, d, FEE, quote, RAW, u } from "./test-support";

const ctx = (over: Partial<ValidationContext> = {}): ValidationContext => ({
  market: COIN,
  quote: quote("100", "99.99", "100.01"),
  fee_rate: FEE,
  slippage: bps(5),
  ...over,
});

function problems(req: OrderRequest, c = ctx()) {
  const r = validateOrder(req, c);
  return r.ok ? [] : r.problems.map((p) => `${p.field}:${p.code}`);
}

describe("quote_amount → amount with the fee inside the spend (§3.2, §7.1)", () => {
  // §7.1: 10,000 at open 100 with 10 bps slippage and a 0.1% fee: fill 100.10.
  const c = { quote: quote("100", "100", "100"), fee_rate: FEE, slippage: bps(10) };

  it("before rounding to a step: 99.80029960, cost 9,990.01, fee 9.99, total within 10,000.00", () => {
    const r = validateOrder({ side: "buy", type: "market", quote_amount: "10000" }, { ...c, market: RAW });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(d(r.order.amount)).toBe("99.8002996");
    const debit = buyDebit(u("100.10"), r.order.amount, FEE, RAW);
    expect(d(debit.cost)).toBe("9990.00998996");
    expect(d(debit.fee)).toBe("9.99000999");
    expect(debit.total <= u("10000")).toBe(true);
    // One more atomic unit would overspend.
    expect(buyDebit(u("100.10"), r.order.amount + BigInt(1), FEE, RAW).total > u("10000")).toBe(true);
    expect(r.adjusted).toMatchObject({ amount: "99.8002996", quote_amount: "10000" });
  });

  it("at step 0.001 the amount floors to 99.800", () => {
    const r = validateOrder({ side: "buy", type: "market", quote_amount: 10_000 }, { ...c, market: COIN });
    expect(r.ok && d(r.order.amount)).toBe("99.8");
  });

  it("a limit buy by quote amount is sized at its limit price", () => {
    const r = validateOrder({ side: "buy", type: "limit", price: "50", quote_amount: "100.1" }, ctx());
    expect(r.ok && d(r.order.amount)).toBe("2");
    expect(amountForSpend(u("100.09"), u("50"), FEE, COIN)).toBe(u("1.999"));
  });
});

describe("normalising to the market's grid (§3.7)", () => {
  it("floors amounts to the step and echoes the adjusted value", () => {
    const r = validateOrder({ side: "sell", type: "market", amount: "1.23456789" }, ctx());
    expect(r.ok && d(r.order.amount)).toBe("1.234");
    expect(r.adjusted.amount).toBe("1.234");
  });

  it("rounds a buy limit down and a sell limit up to the tick; stops to the nearest tick", () => {
    const buy = validateOrder({ side: "buy", type: "limit", amount: 1, price: "99.999" }, ctx());
    expect(buy.adjusted.price).toBe("99.99");
    const sell = validateOrder({ side: "sell", type: "limit", amount: 1, price: "100.001" }, ctx());
    expect(sell.adjusted.price).toBe("100.01");
    const stop = validateOrder({ side: "sell", type: "stop_market", amount: 1, stop_price: "95.005" }, ctx());
    expect(stop.adjusted.stop_price).toBe("95.01");
    const stop2 = validateOrder({ side: "sell", type: "stop_market", amount: 1, stop_price: "95.0049" }, ctx());
    expect(stop2.adjusted.stop_price).toBe("95");
    const sl = validateOrder({ side: "buy", type: "market", amount: 1, stop_loss_price: "97.996", take_profit_price: "104.004" }, ctx());
    expect(sl.adjusted).toMatchObject({ stop_loss_price: "98", take_profit_price: "104" });
    expect(sl.ok).toBe(true);
  });
});

describe("rejections, one per violation, by wire field", () => {
  it("below the minimum amount, the step and the minimum notional", () => {
    expect(problems({ side: "buy", type: "market", amount: "0.0004" })).toEqual(["amount:below_step"]);
    const tight = tradingMarket({ symbol: "COIN/USDT", base: "COIN", quote: "USDT", price_tick: 0.01, amount_step: 0.001, min_amount: 0.01, min_notional: 5, max_amount: 100 });
    expect(problems({ side: "buy", type: "market", amount: "0.005" }, ctx({ market: tight }))).toEqual(["amount:below_min_amount", "amount:below_min_notional"]);
    expect(problems({ side: "buy", type: "market", amount: "0.049" })).toEqual(["amount:below_min_notional"]);
    expect(problems({ side: "buy", type: "market", amount: "0.05" })).toEqual([]);
    expect(problems({ side: "buy", type: "market", amount: "101" }, ctx({ market: tight }))).toEqual(["amount:above_max_amount"]);
    const r = validateOrder({ side: "buy", type: "market", amount: "0.049" }, ctx());
    expect(!r.ok && r.problems[0].message).toBe("The order is worth 4.9 USDT at 100, below the minimum of 5 USDT.");
  });

  it("checks the notional at the limit price for limits and at the stop for stops", () => {
    expect(problems({ side: "buy", type: "limit", amount: "0.06", price: "80" })).toEqual(["amount:below_min_notional"]);
    expect(problems({ side: "sell", type: "stop_market", amount: "0.06", stop_price: "80" })).toEqual(["amount:below_min_notional"]);
    expect(problems({ side: "sell", type: "limit", amount: "0.06", price: "90" })).toEqual([]);
  });

  it("a quote amount too small to buy one step names quote_amount", () => {
    expect(problems({ side: "buy", type: "market", quote_amount: "0.05" })).toEqual(["quote_amount:below_step"]);
    expect(problems({ side: "buy", type: "market", quote_amount: "4" })).toEqual(["quote_amount:below_min_notional"]);
  });

  it("the percent-price band catches unit errors", () => {
    // 1 at 0.5 is also worth less than the minimum notional: every violation is reported.
    expect(problems({ side: "buy", type: "limit", amount: 1, price: "0.5" })).toEqual(["price:outside_price_band", "amount:below_min_notional"]);
    expect(problems({ side: "sell", type: "limit", amount: 1, price: "600" })).toEqual(["price:outside_price_band"]);
    expect(problems({ side: "buy", type: "limit", amount: 1, price: "20" })).toEqual([]);
    expect(problems({ side: "sell", type: "limit", amount: 1, price: "500" })).toEqual([]);
  });

  it("each type's required and forbidden fields", () => {
    expect(problems({ side: "buy", type: "limit", amount: 1 })).toEqual(["price:required"]);
    expect(problems({ side: "buy", type: "market", amount: 1, price: 100 })).toEqual(["price:not_allowed"]);
    expect(problems({ side: "sell", type: "stop_limit", amount: 1, price: 94 })).toEqual(["stop_price:required"]);
    expect(problems({ side: "sell", type: "trailing_stop", amount: 1 })).toEqual(["trailing_delta_bps:required"]);
    expect(problems({ side: "sell", type: "limit", amount: 1, price: 101, trailing_delta_bps: 100, activation_price: 105 })).toEqual([
      "trailing_delta_bps:not_allowed",
      "activation_price:not_allowed",
    ]);
    expect(problems({ side: "sell", type: "trailing_stop", amount: 1, trailing_delta_bps: 5 })).toEqual(["trailing_delta_bps:out_of_range"]);
    expect(problems({ side: "sell", type: "trailing_stop", amount: 1, trailing_delta_bps: 100.5 })).toEqual(["trailing_delta_bps:out_of_range"]);
    expect(problems({ side: "sell", type: "trailing_stop", amount: 1, trailing_delta_bps: 100, activation_price: 105 })).toEqual([]);
  });

  it("amount and quote_amount: exactly one, and quote_amount only on market and limit buys", () => {
    expect(problems({ side: "buy", type: "market" })).toEqual(["amount:required"]);
    expect(problems({ side: "buy", type: "market", amount: 1, quote_amount: 100 })).toEqual(["quote_amount:conflict"]);
    expect(problems({ side: "sell", type: "market", quote_amount: 100 })).toEqual(["quote_amount:not_supported"]);
    expect(problems({ side: "buy", type: "stop_market", stop_price: 105, quote_amount: 100 })).toEqual(["quote_amount:not_supported"]);
  });

  it("numbers must be positive decimals", () => {
    expect(problems({ side: "buy", type: "market", amount: -1 })).toEqual(["amount:not_positive"]);
    expect(problems({ side: "buy", type: "market", amount: "1,5" })).toEqual(["amount:not_a_number"]);
    expect(problems({ side: "buy", type: "limit", amount: 1, price: "0.001" })).toEqual(["price:below_tick"]);
    expect(problems({ side: "buy", type: "market", amount: Number.NaN })).toEqual(["amount:not_a_number"]);
  });

  it("stops that would trigger at once, and protective prices on the wrong side", () => {
    expect(problems({ side: "sell", type: "stop_market", amount: 1, stop_price: 100 })).toEqual(["stop_price:would_trigger_immediately"]);
    expect(problems({ side: "buy", type: "stop_market", amount: 1, stop_price: 99 })).toEqual(["stop_price:would_trigger_immediately"]);
    expect(problems({ side: "sell", type: "take_profit", amount: 1, stop_price: 99 })).toEqual(["stop_price:would_trigger_immediately"]);
    expect(problems({ side: "buy", type: "take_profit", amount: 1, stop_price: 99 })).toEqual([]);
    expect(problems({ side: "sell", type: "trailing_stop", amount: 1, trailing_delta_bps: 100, activation_price: 99 })).toEqual(["activation_price:would_activate_immediately"]);
    expect(problems({ side: "buy", type: "market", amount: 1, stop_loss_price: 101, take_profit_price: 99 })).toEqual(["stop_loss_price:wrong_side", "take_profit_price:wrong_side"]);
    expect(problems({ side: "buy", type: "limit", amount: 1, price: 90, stop_loss_price: 95 })).toEqual(["stop_loss_price:wrong_side"]);
    expect(problems({ side: "sell", type: "market", amount: 1, stop_loss_price: 95, trailing_stop_pct: 2 })).toEqual(["stop_loss_price:buys_only", "trailing_stop_pct:buys_only"]);
    expect(problems({ side: "buy", type: "market", amount: 1, trailing_stop_pct: 60 })).toEqual(["trailing_stop_pct:out_of_range"]);
  });

  it("messages read as sentences for a trader", () => {
    const r = validateOrder({ side: "buy", type: "limit", amount: 1, price: "0.5" }, ctx());
    expect(!r.ok && r.problems[0].message).toBe("The limit price must be between 20 and 500 (0.2× to 5× the current price).");
  });
});

describe("close and dust (§3.7, §3.13)", () => {
  it("sells the floored amount when it meets the minimums and reports the dust", () => {
    const r = closeAmount(u("1.2345678"), u("100"), COIN);
    expect(d(r.amount)).toBe("1.234");
    expect(d(r.dust)).toBe("0.0005678");
  });

  it("a holding below the minimum notional is all dust", () => {
    expect(closeAmount(u("0.0499"), u("100"), COIN)).toEqual({ amount: BigInt(0), dust: u("0.0499") });
    expect(isDust(u("0.0499"), u("100"), COIN)).toBe(true);
    expect(isDust(u("0.05"), u("100"), COIN)).toBe(false);
  });
});

it("ratio() keeps a fee of 0.075% exact", () => {
  expect(ratio(0.00075)).toEqual({ num: BigInt(75), den: BigInt(100_000) });
});
