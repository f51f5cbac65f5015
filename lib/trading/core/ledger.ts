/**
 * Balances and their ledger (trading-semantics.md §3.6, §3.11). Every change to a balance is a
 * ledger entry in atomic units, so balance = Σ entries holds exactly for every (asset, bucket).
 * Functions here are pure: they take balances and return the new balances with the entries that
 * explain the difference, or the shortfall that refuses the change. No bucket ever goes negative.
 *
 * Fees are charged in the quote currency: a buy debits cost + fee, a sell credits proceeds − fee.
 * Debits and fees round up, credits round down.
 */
import type { TradingMarket } from "./market";
import { applyRatio, feeOn, formatDecimal, notional, onePlus, type Ratio } from "./money";
import type { NormalizedOrder } from "./order-validation";
import type { Side } from "./types";

export type Bucket = "free" | "locked";
export type EntryKind = "deposit" | "withdrawal" | "trade" | "fee" | "lock" | "unlock";

export interface LedgerEntry {
  asset: string;
  bucket: Bucket;
  /** Signed atomic units. */
  delta: bigint;
  kind: EntryKind;
  order_id: string | null;
  fill_id: string | null;
}

export interface AssetBalance {
  free: bigint;
  locked: bigint;
}

export type Balances = Readonly<Record<string, AssetBalance>>;

/** What refused a change: the asset and bucket, what it needed and what it had. */
export interface Shortfall {
  asset: string;
  bucket: Bucket;
  required: bigint;
  available: bigint;
  missing: bigint;
}

export type LedgerResult = { ok: true; balances: Balances; entries: LedgerEntry[] } | { ok: false; shortfall: Shortfall };

const ZERO = BigInt(0);

export function balanceOf(balances: Balances, asset: string): AssetBalance {
  return balances[asset] ?? { free: ZERO, locked: ZERO };
}

/** Applies entries to balances, or reports the first bucket that would go negative. */
export function applyEntries(balances: Balances, entries: readonly LedgerEntry[]): LedgerResult {
  const next: Record<string, AssetBalance> = { ...balances };
  const taken = new Map<string, bigint>();
  for (const e of entries) {
    const b = { ...balanceOf(next, e.asset) };
    b[e.bucket] += e.delta;
    next[e.asset] = b;
    if (e.delta < ZERO) taken.set(`${e.asset}\u0000${e.bucket}`, (taken.get(`${e.asset}\u0000${e.bucket}`) ?? ZERO) - e.delta);
  }
  for (const [asset, b] of Object.entries(next)) {
    for (const bucket of ["free", "locked"] as const) {
      if (b[bucket] < ZERO) {
        // Stated as the change's gross need from the bucket against what the bucket could give it
        // (its balance plus anything the same change put in, such as a released lock).
        const required = taken.get(`${asset}\u0000${bucket}`) ?? ZERO;
        const missing = -b[bucket];
        return { ok: false, shortfall: { asset, bucket, required, available: required - missing, missing } };
      }
    }
  }
  return { ok: true, balances: next, entries: entries.filter((e) => e.delta !== ZERO) };
}

/** Rebuilds balances from entries alone: the invariant the tests hold the ledger to. */
export function sumLedger(entries: Iterable<LedgerEntry>): Balances {
  const out: Record<string, AssetBalance> = {};
  for (const e of entries) {
    const b = out[e.asset] ?? { free: ZERO, locked: ZERO };
    b[e.bucket] += e.delta;
    out[e.asset] = b;
  }
  return out;
}

/** Whether two balance maps agree, treating a missing asset as zero. */
export function sameBalances(a: Balances, b: Balances): boolean {
  for (const asset of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = balanceOf(a, asset);
    const y = balanceOf(b, asset);
    if (x.free !== y.free || x.locked !== y.locked) return false;
  }
  return true;
}

export function deposit(balances: Balances, asset: string, amount: bigint): LedgerResult {
  if (amount <= ZERO) throw new RangeError("A deposit must be positive");
  return applyEntries(balances, [{ asset, bucket: "free", delta: amount, kind: "deposit", order_id: null, fill_id: null }]);
}

export interface Lock {
  asset: string;
  amount: bigint;
  /** The order, or the OCO pair, that owns the lock. */
  order_id: string;
}

/** Moves funds from free to locked for a resting order. */
export function lockFunds(balances: Balances, lock: Lock): LedgerResult {
  return applyEntries(balances, lockEntries(lock, "lock"));
}

/** Returns a lock to free, on cancel or expiry. */
export function releaseLock(balances: Balances, lock: Lock): LedgerResult {
  return applyEntries(balances, lockEntries(lock, "unlock"));
}

function lockEntries(lock: Lock, kind: "lock" | "unlock", fillId: string | null = null): LedgerEntry[] {
  const sign = kind === "lock" ? BigInt(1) : BigInt(-1);
  return [
    { asset: lock.asset, bucket: "free", delta: -sign * lock.amount, kind, order_id: lock.order_id, fill_id: fillId },
    { asset: lock.asset, bucket: "locked", delta: sign * lock.amount, kind, order_id: lock.order_id, fill_id: fillId },
  ];
}

/** What a lock depends on: the order as validation normalised it. */
export type LockSpec = Pick<NormalizedOrder, "side" | "type" | "amount" | "price" | "stop_price" | "trailing_delta_bps" | "activation_price">;

export interface LockContext {
  market: Pick<TradingMarket, "base" | "quote" | "scales">;
  fee_rate: Ratio;
  slippage: Ratio;
  /** The current last price: a trailing buy without an activation price trails from it. */
  last: bigint;
  /**
   * Headroom on a stop-type buy for a fill beyond its trigger (a gap), on top of slippage; default
   * 50 bps. A fill that still overshoots draws on free funds, or is refused with a shortfall.
   */
  stop_buffer?: Ratio;
}

export const DEFAULT_STOP_BUFFER: Ratio = { num: BigInt(50), den: BigInt(10_000) };

/**
 * What a resting order locks (§3.3). A sell locks its base amount. A limit buy (or a stop-limit's
 * limit) locks L × amount × (1 + fee). A stop-market or take-profit buy, which fills at the book,
 * locks S × (1 + s + buffer) × amount × (1 + fee); a trailing buy does the same at the highest level
 * it can trigger at, (activation or current price) × (1 + δ). A market order locks nothing: it fills
 * in the transaction that accepts it. An OCO pair locks its base amount once, owned by the pair; the
 * leg that fills releases it and the canceled leg has nothing to release.
 */
export function lockFor(order: LockSpec, ctx: LockContext): Lock | null {
  if (order.type === "market") return null;
  if (order.side === "sell") return { asset: ctx.market.base, amount: order.amount, order_id: "" };
  let perUnit: bigint;
  if (order.type === "limit" || order.type === "stop_limit") perUnit = order.price as bigint;
  else {
    const trigger =
      order.type === "trailing_stop"
        ? applyRatio(order.activation_price ?? ctx.last, onePlus({ num: BigInt(order.trailing_delta_bps ?? 0), den: BigInt(10_000) }), "up")
        : (order.stop_price as bigint);
    const buffer = ctx.stop_buffer ?? DEFAULT_STOP_BUFFER;
    const headroom: Ratio = { num: ctx.slippage.num * buffer.den + buffer.num * ctx.slippage.den, den: ctx.slippage.den * buffer.den };
    perUnit = applyRatio(trigger, onePlus(headroom), "up");
  }
  const cost = notional(perUnit, order.amount, "up", ctx.market.scales);
  return { asset: ctx.market.quote, amount: cost + feeOn(cost, ctx.fee_rate), order_id: "" };
}

export interface FillInput {
  order_id: string;
  fill_id: string;
  side: Side;
  market: Pick<TradingMarket, "base" | "quote" | "scales">;
  amount: bigint;
  price: bigint;
  fee_rate: Ratio;
  /** The lock this fill releases (the order's, or its OCO pair's), or null for a market order. */
  lock: Lock | null;
}

export interface FillAmounts {
  /** price × amount: rounded up for a buy (a debit), down for a sell (a credit). */
  notional: bigint;
  fee: bigint;
  /** Net quote change: −(notional + fee) for a buy, notional − fee for a sell. */
  quote_delta: bigint;
}

export function fillAmounts(side: Side, price: bigint, amount: bigint, feeRate: Ratio, market: Pick<TradingMarket, "scales">): FillAmounts {
  const value = notional(price, amount, side === "buy" ? "up" : "down", market.scales);
  const fee = feeOn(value, feeRate);
  return { notional: value, fee, quote_delta: side === "buy" ? -(value + fee) : value - fee };
}

/**
 * A fill's effect: release the order's lock, move the quote and base, charge the fee. A buy whose
 * cost exceeds its released lock draws the difference from free quote; if that is not there either,
 * the result is the shortfall and nothing changes.
 */
export function applyFill(balances: Balances, fill: FillInput): (LedgerResult & { ok: true; amounts: FillAmounts }) | (LedgerResult & { ok: false }) {
  const { market, side, order_id, fill_id } = fill;
  const amounts = fillAmounts(side, fill.price, fill.amount, fill.fee_rate, market);
  const entry = (asset: string, delta: bigint, kind: EntryKind): LedgerEntry => ({ asset, bucket: "free", delta, kind, order_id, fill_id });
  const entries: LedgerEntry[] = fill.lock ? lockEntries({ ...fill.lock, order_id: fill.lock.order_id || order_id }, "unlock", fill_id) : [];
  if (side === "buy") {
    entries.push(entry(market.quote, -amounts.notional, "trade"), entry(market.base, fill.amount, "trade"));
  } else {
    entries.push(entry(market.base, -fill.amount, "trade"), entry(market.quote, amounts.notional, "trade"));
  }
  entries.push(entry(market.quote, -amounts.fee, "fee"));
  const result = applyEntries(balances, entries);
  return result.ok ? { ...result, amounts } : result;
}

/** A shortfall as a sentence for a 422, in the asset's units. */
export function describeShortfall(s: Shortfall, scale = 8): string {
  const f = (u: bigint) => formatDecimal(u, scale);
  return `Insufficient ${s.asset}: need ${f(s.required)}, have ${f(s.available)} ${s.bucket} (short by ${f(s.missing)}).`;
}
