import { describe, expect, it } from "vitest";
import { applyFill, balanceOf, deposit, describeShortfall, fillAmounts, lockFor, lockFunds, releaseLock, sameBalances, sumLedger, type Balances, type LedgerEntry, type LedgerResult } from "./ledger";
import { bps } from "./money";
import { COIN, d, FEE, u } from "./test-support";

function ok(r: LedgerResult): { balances: Balances; entries: LedgerEntry[] } {
  if (!r.ok) throw new Error(`unexpected shortfall: ${describeShortfall(r.shortfall)}`);
  return r;
}

const lockCtx = { market: COIN, fee_rate: FEE, slippage: bps(5), last: u("100") };
const spec = { trailing_delta_bps: null, activation_price: null, price: null, stop_price: null };

describe("locks for resting orders (§3.3)", () => {
  it("a limit buy locks L × amount × (1 + fee); a sell locks its base amount; a market order nothing", () => {
    expect(lockFor({ ...spec, side: "buy", type: "limit", amount: u("1"), price: u("99.5") }, lockCtx)).toMatchObject({ asset: "USDT", amount: u("99.5995") });
    expect(lockFor({ ...spec, side: "sell", type: "stop_market", amount: u("0.5"), stop_price: u("95") }, lockCtx)).toMatchObject({ asset: "COIN", amount: u("0.5") });
    expect(lockFor({ ...spec, side: "buy", type: "market", amount: u("1") }, lockCtx)).toBeNull();
  });

  it("a stop buy locks S × (1 + s + buffer) × amount × (1 + fee)", () => {
    // 105 × (1 + 0.0005 + 0.005) = 105.5775; plus 0.1% fee.
    expect(d(lockFor({ ...spec, side: "buy", type: "stop_market", amount: u("1"), stop_price: u("105") }, lockCtx)!.amount)).toBe("105.6830775");
    expect(d(lockFor({ ...spec, side: "buy", type: "stop_limit", amount: u("1"), stop_price: u("105"), price: u("106") }, lockCtx)!.amount)).toBe("106.106");
  });

  it("a trailing buy locks at the highest level it can fire at: (activation or last) × (1 + δ)", () => {
    // 100 × 1.02 = 102, × (1 + 0.0005 + 0.005) = 102.561, + 0.1% fee.
    const trail = { ...spec, side: "buy" as const, type: "trailing_stop" as const, amount: u("1"), trailing_delta_bps: 200 };
    expect(d(lockFor(trail, lockCtx)!.amount)).toBe("102.663561");
    expect(d(lockFor({ ...trail, activation_price: u("90") }, lockCtx)!.amount)).toBe("92.3972049");
  });

  it("refuses a lock beyond the free balance, naming the shortfall", () => {
    const start = ok(deposit({}, "USDT", u("50"))).balances;
    const r = lockFunds(start, { asset: "USDT", amount: u("99.5995"), order_id: "o1" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.shortfall).toEqual({ asset: "USDT", bucket: "free", required: u("99.5995"), available: u("50"), missing: u("49.5995") });
    expect(describeShortfall(r.shortfall)).toBe("Insufficient USDT: need 99.5995, have 50 free (short by 49.5995).");
  });
});

describe("fills against balances (§3.6, §3.11)", () => {
  it("a resting limit buy: unlock, pay cost and fee, receive the coins; balance = Σ ledger", () => {
    const log: LedgerEntry[] = [];
    const step = (r: LedgerResult) => {
      const x = ok(r);
      log.push(...x.entries);
      return x.balances;
    };
    let b = step(deposit({}, "USDT", u("1000")));
    const lock = { ...lockFor({ ...spec, side: "buy", type: "limit", amount: u("1"), price: u("99.5") }, lockCtx)!, order_id: "o1" };
    b = step(lockFunds(b, lock));
    expect(balanceOf(b, "USDT")).toEqual({ free: u("900.4005"), locked: u("99.5995") });
    const fill = applyFill(b, { order_id: "o1", fill_id: "f1", side: "buy", market: COIN, amount: u("1"), price: u("99.5"), fee_rate: FEE, lock });
    expect(fill.ok).toBe(true);
    if (!fill.ok) return;
    expect(fill.amounts).toEqual({ notional: u("99.5"), fee: u("0.0995"), quote_delta: -u("99.5995") });
    expect(fill.entries.map((e) => `${e.kind}:${e.asset}:${e.bucket}:${d(e.delta)}`)).toEqual([
      "unlock:USDT:free:99.5995",
      "unlock:USDT:locked:-99.5995",
      "trade:USDT:free:-99.5",
      "trade:COIN:free:1",
      "fee:USDT:free:-0.0995",
    ]);
    b = step(fill);
    expect(balanceOf(b, "USDT")).toEqual({ free: u("900.4005"), locked: BigInt(0) });
    expect(balanceOf(b, "COIN")).toEqual({ free: u("1"), locked: BigInt(0) });
    expect(sameBalances(b, sumLedger(log))).toBe(true);
  });

  it("a sell credits proceeds rounded down and charges the fee rounded up", () => {
    const amounts = fillAmounts("sell", u("3.00000001"), u("0.33333333"), FEE, COIN);
    expect(amounts).toEqual({ notional: u("0.99999999"), fee: u("0.00100000"), quote_delta: u("0.99899999") });
    const buy = fillAmounts("buy", u("3.00000001"), u("0.33333333"), FEE, COIN);
    expect(buy).toEqual({ notional: u("1"), fee: u("0.001"), quote_delta: -u("1.001") });
  });

  it("a stop buy that gaps beyond its lock draws on free funds, or is refused with the shortfall", () => {
    const lock = { ...lockFor({ ...spec, side: "buy", type: "stop_market", amount: u("1"), stop_price: u("105") }, lockCtx)!, order_id: "o1" };
    const funded = ok(lockFunds(ok(deposit({}, "USDT", u("120"))).balances, lock)).balances;
    const fill = { order_id: "o1", fill_id: "f1", side: "buy" as const, market: COIN, amount: u("1"), price: u("110"), fee_rate: FEE, lock };
    const r = applyFill(funded, fill);
    expect(r.ok && balanceOf(r.balances, "USDT")).toEqual({ free: u("9.89"), locked: BigInt(0) });
    const tight = ok(lockFunds(ok(deposit({}, "USDT", lock.amount)).balances, lock)).balances;
    const refused = applyFill(tight, fill);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.shortfall).toEqual({ asset: "USDT", bucket: "free", required: u("110.11"), available: lock.amount, missing: u("110.11") - lock.amount });
  });

  it("an OCO pair shares one base lock: the filling leg releases it, the canceled leg releases nothing", () => {
    let b = ok(deposit({}, "COIN", u("2"))).balances;
    const pairLock = { asset: "COIN", amount: u("2"), order_id: "oco1" };
    b = ok(lockFunds(b, pairLock)).balances;
    expect(balanceOf(b, "COIN")).toEqual({ free: BigInt(0), locked: u("2") });
    const r = applyFill(b, { order_id: "tp1", fill_id: "f1", side: "sell", market: COIN, amount: u("2"), price: u("110"), fee_rate: FEE, lock: pairLock });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(balanceOf(r.balances, "COIN")).toEqual({ free: BigInt(0), locked: BigInt(0) });
    expect(balanceOf(r.balances, "USDT")).toEqual({ free: u("219.78"), locked: BigInt(0) });
    // Releasing the pair's lock again (cancelling the other leg as if it held its own) is refused.
    expect(releaseLock(r.balances, pairLock).ok).toBe(false);
  });

  it("a cancel returns the lock to free", () => {
    const lock = { asset: "USDT", amount: u("10"), order_id: "o1" };
    const b = ok(lockFunds(ok(deposit({}, "USDT", u("10"))).balances, lock)).balances;
    expect(balanceOf(ok(releaseLock(b, lock)).balances, "USDT")).toEqual({ free: u("10"), locked: BigInt(0) });
  });

  it("selling more than is free is refused", () => {
    const b = ok(deposit({}, "COIN", u("1"))).balances;
    const r = applyFill(b, { order_id: "o", fill_id: "f", side: "sell", market: COIN, amount: u("1.5"), price: u("100"), fee_rate: FEE, lock: null });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.shortfall).toMatchObject({ asset: "COIN", required: u("1.5"), available: u("1"), missing: u("0.5") });
  });
});
