import { describe, expect, it } from "vitest";
import { bps } from "./money";
import { checkOrderRisk, dailyLossTripped, sizeSmartOrder, type OrderRiskInput, type SmartOrderInput } from "./risk";
import { COIN, d, FEE, u } from "./test-support";

describe("smart-order sizing with fees and slippage (§3.10, §7.8)", () => {
  // §7.8: equity 10,000, risk 1%, ask 100, s 5 bps, stop 98, fee 0.1%.
  const base: SmartOrderInput = {
    market: COIN,
    equity: u("10000"),
    free_quote: u("10000"),
    ask: u("100"),
    stop_price: u("98"),
    risk_per_trade_pct: 1,
    max_position_size_pct: 100,
    fee_rate: FEE,
    slippage: bps(5),
  };

  it("u = 2.29705 per unit and the amount is 43.534", () => {
    const r = sizeSmartOrder(base);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(d(r.entry_price)).toBe("100.05");
    expect(d(r.amount)).toBe("43.534");
    // 43.534 × 2.29705: what the position loses at the stop, both fees and the stop's slippage included.
    expect(d(r.risk_amount)).toBe("99.9997747");
    expect(r.risk_pct).toBe(0.999997747);
    expect(r.sized_by).toBe("risk_per_trade");
    expect(r.reward_risk_ratio).toBeNull();
    // The naive 100 / (100 − 98) = 50 would lose 114.85, 15% over budget.
    expect(d(BigInt(50) * u("2.29705"))).toBe("114.8525");
  });

  it("reports the net reward/risk ratio at the take-profit", () => {
    const r = sizeSmartOrder({ ...base, take_profit_price: u("104") });
    // (104 − 100.05 − 0.001 × (100.05 + 104)) / 2.29705
    expect(r.ok && r.reward_risk_ratio).toBeCloseTo(3.74595 / 2.29705, 11);
  });

  it("caps by max position size (cost and fee within the cap) and by the free balance", () => {
    const capped = sizeSmartOrder({ ...base, max_position_size_pct: 10 });
    expect(capped.ok && [d(capped.amount), capped.sized_by]).toEqual(["9.985", "max_position_size"]);
    const free = sizeSmartOrder({ ...base, free_quote: u("500") });
    expect(free.ok && [d(free.amount), free.sized_by]).toEqual(["4.992", "free_balance"]);
  });

  it("refuses a stop at or above the entry, and sizes below the minimums", () => {
    expect(sizeSmartOrder({ ...base, stop_price: u("100.05") })).toMatchObject({ ok: false, refusal: { rule: "stop_distance" } });
    expect(sizeSmartOrder({ ...base, equity: u("10"), free_quote: u("10") })).toMatchObject({
      ok: false,
      refusal: { rule: "below_min_notional", limit: "5", current: "4.30215", unit: "USDT" },
    });
    expect(sizeSmartOrder({ ...base, equity: u("0.01"), free_quote: u("0.01") })).toMatchObject({ ok: false, refusal: { rule: "below_min_amount", limit: "0.001", current: "0" } });
  });
});

describe("pre-trade checks in the order of §3.10", () => {
  const input = (over: Partial<OrderRiskInput> = {}): OrderRiskInput => ({
    origin: "bot",
    increases_risk: true,
    opens_position: true,
    balance: { asset: "USDT", required: u("1000"), free: u("5000") },
    daily_loss: { daily_loss_limit_pct: 5, today_pnl: u("-100"), equity_at_day_start: u("10000") },
    open_positions: { count: 1, max_open_positions: 3 },
    position_size: { value_after: u("1000"), equity: u("10000"), max_position_size_pct: 10 },
    exposure: { value_after: u("3000"), equity: u("10000"), max_exposure_pct: 95 },
    quote_asset: "USDT",
    ...over,
  });
  const rule = (over: Partial<OrderRiskInput>) => {
    const r = checkOrderRisk(input(over));
    return r.ok ? "ok" : r.refusal.rule;
  };
  const tripped = { daily_loss_limit_pct: 5, today_pnl: u("-500"), equity_at_day_start: u("10000") };
  const full = { count: 3, max_open_positions: 3 };

  it("passes an order within every limit", () => {
    expect(checkOrderRisk(input())).toEqual({ ok: true });
  });

  it("reports the first failure: balance, daily loss, open positions, position size, exposure", () => {
    const everything = {
      balance: { asset: "USDT", required: u("6000"), free: u("5000") },
      daily_loss: tripped,
      open_positions: full,
      position_size: { value_after: u("6000"), equity: u("10000"), max_position_size_pct: 10 },
      exposure: { value_after: u("11000"), equity: u("10000"), max_exposure_pct: 95 },
    };
    expect(rule(everything)).toBe("insufficient_balance");
    expect(rule({ ...everything, balance: input().balance })).toBe("daily_loss_limit");
    expect(rule({ ...everything, balance: input().balance, daily_loss: input().daily_loss })).toBe("max_open_positions");
    expect(rule({ ...everything, balance: input().balance, daily_loss: input().daily_loss, open_positions: input().open_positions })).toBe("max_position_size");
    expect(rule({ exposure: everything.exposure })).toBe("max_exposure");
  });

  it("the insufficient-balance case of the original's table is reported as such, not as exposure", () => {
    const r = checkOrderRisk(input({ balance: { asset: "USDT", required: u("6000"), free: u("5000") }, exposure: { value_after: u("11000"), equity: u("10000"), max_exposure_pct: 95 } }));
    expect(r).toMatchObject({ ok: false, refusal: { rule: "insufficient_balance", limit: "5000", current: "6000", unit: "USDT" } });
  });

  it("§7.10: once the daily loss limit trips, a buy is refused with the numbers; reducing sells and close-all pass", () => {
    const buy = checkOrderRisk(input({ origin: "manual", daily_loss: tripped }));
    expect(buy).toMatchObject({ ok: false, refusal: { rule: "daily_loss_limit", limit: "-500", current: "-500", unit: "USDT" } });
    expect(!buy.ok && buy.refusal.message).toMatch(/daily loss limit of 5% is reached/);
    const sell = { increases_risk: false, opens_position: false, daily_loss: tripped, balance: { asset: "COIN", required: u("1"), free: u("1") } };
    expect(rule({ ...sell, origin: "manual" })).toBe("ok");
    // Close-all: every leg is a reducing sell, whoever placed it, even with every other limit breached.
    expect(rule({ ...sell, origin: "bot", open_positions: full, position_size: { value_after: u("9000"), equity: u("10000"), max_position_size_pct: 10 } })).toBe("ok");
  });

  it("trips at today_pnl ≤ −limit% × equity at the day's start, exactly", () => {
    expect(dailyLossTripped(5, u("-499.99999999"), u("10000"))).toBe(false);
    expect(dailyLossTripped(5, u("-500"), u("10000"))).toBe(true);
    expect(dailyLossTripped(null, u("-9000"), u("10000"))).toBe(false);
    expect(dailyLossTripped(2.5, u("-250"), u("10000"))).toBe(true);
  });

  it("manual orders face only the daily loss limit among the risk rules", () => {
    expect(rule({ origin: "manual", open_positions: full, position_size: { value_after: u("9000"), equity: u("10000"), max_position_size_pct: 10 } })).toBe("ok");
  });

  it("max open positions applies only to orders that open a position; the tighter of strategy and user limit wins", () => {
    expect(rule({ open_positions: full, opens_position: false })).toBe("ok");
    const r = checkOrderRisk(input({ open_positions: { count: 2, max_open_positions: 5, strategy_max_open_trades: 2 } }));
    expect(r).toMatchObject({ ok: false, refusal: { rule: "max_open_positions", limit: "2", current: "2", unit: "count" } });
    expect(rule({ open_positions: { count: 2, max_open_positions: 5, strategy_max_open_trades: 3 } })).toBe("ok");
  });

  it("the caps name their limits in quote units", () => {
    const r = checkOrderRisk(input({ position_size: { value_after: u("1000.01"), equity: u("10000"), max_position_size_pct: 10 } }));
    expect(r).toMatchObject({ ok: false, refusal: { rule: "max_position_size", limit: "1000", current: "1000.01" } });
    expect(rule({ exposure: null })).toBe("ok");
  });
});
