/**
 * Equity at an instant from the ledger (§3.9): balances at T are the sums of the entries with
 * ts ≤ T (free and locked alike, since locked funds are still the account's), each non-quote holding
 * valued at the close of the 1m candle ending at T with the core's markValue (rounded down, the same
 * valuation as positions' unrealized P&L). Exact in atomic units; numbers only in the returned view.
 */
import { accountEquity, type AssetBalance, type Balances, DEFAULT_SCALE, type LedgerEntry, type MarketScales, toNumber } from "@/lib/trading/core";
import { startOfLocalDay } from "./time-zone";

/** A ledger row as read: the core's entry plus its time. */
export type TimedEntry = Pick<LedgerEntry, "asset" | "bucket" | "delta"> & { ts: number };

/** The price of one whole unit of `asset` in the quote asset, at the price scale of `scales`. */
export interface AssetPrice {
  price: bigint;
  scales?: MarketScales;
}

/**
 * The close of the 1m candle ending at `at` for the asset's market against the quote (the candle
 * that opened at at − 60 s), or null when there is none. For `now` a caller may return the live price.
 */
export type PriceAt = (asset: string, at: number) => AssetPrice | null;

const ZERO = BigInt(0);

/** Σ delta per (asset, bucket) over the entries with ts ≤ at. */
export function balancesAt(entries: Iterable<TimedEntry>, at: number): Balances {
  const out: Record<string, AssetBalance> = {};
  for (const e of entries) {
    if (e.ts > at) continue;
    const b = out[e.asset] ?? { free: ZERO, locked: ZERO };
    out[e.asset] = { ...b, [e.bucket]: b[e.bucket] + e.delta };
  }
  return out;
}

export type EquityAtResult = { ok: true; equity: bigint; balances: Balances } | { ok: false; reason: "missing_price"; assets: string[] };

/** The account's equity in the quote asset at `at`, or the assets that had no price to value them. */
export function equityAt(input: { entries: Iterable<TimedEntry>; at: number; quoteAsset: string; priceAt: PriceAt }): EquityAtResult {
  const balances = balancesAt(input.entries, input.at);
  const prices: Record<string, AssetPrice> = {};
  const missing: string[] = [];
  for (const [asset, b] of Object.entries(balances)) {
    if (asset === input.quoteAsset || b.free + b.locked === ZERO) continue;
    const p = input.priceAt(asset, input.at);
    if (p) prices[asset] = p;
    else missing.push(asset);
  }
  if (missing.length > 0) return { ok: false, reason: "missing_price", assets: missing.sort() };
  return { ok: true, equity: accountEquity(balances, input.quoteAsset, prices), balances };
}

export interface TodayPnlInput {
  /** The ledger of the account's current epoch (a reset starts a new one). */
  entries: Iterable<TimedEntry>;
  quoteAsset: string;
  /** Decimal places of the quote asset (8 unless the asset says otherwise). */
  quoteScale?: number;
  /** Atomic units of the quote asset, as the account (or its current epoch after a reset) was funded. */
  startingBalance: bigint;
  /** When the account, or its current epoch, was created (ms). */
  accountCreatedAt: number;
  now: number;
  /** The user's IANA time zone, e.g. "Europe/Berlin". */
  zone: string;
  priceAt: PriceAt;
}

export interface TodayPnl {
  /** Start of today in the user's zone (ms, UTC instant). */
  t0: number;
  today_pnl: number;
  /** today_pnl / equity_at_t0 × 100; null (reason in null_reasons) when equity at T0 is 0. */
  today_pnl_pct: number | null;
  equity_at_t0: number;
  equity_now: number;
  null_reasons: Record<string, string>;
  /** The same amounts in exact atomic units, for the daily loss limit's comparison (§3.10). */
  units: { today_pnl: bigint; equity_at_t0: bigint; equity_now: bigint };
}

export type TodayPnlResult = ({ ok: true } & TodayPnl) | { ok: false; reason: "missing_price"; at: number; assets: string[] };

/**
 * today_pnl = equity_now − equity_at(T0), T0 = start of today in the user's zone (§3.9). An account
 * created (or reset) after T0 starts the day at its starting balance. Amounts are exact in atomic
 * units; the numbers are those decimals as the nearest double, and the percentage is a float ratio.
 */
export function todayPnl(input: TodayPnlInput): TodayPnlResult {
  const entries = [...input.entries];
  const t0 = startOfLocalDay(input.now, input.zone);
  const { quoteAsset, priceAt } = input;
  let atT0: bigint;
  if (input.accountCreatedAt > t0) atT0 = input.startingBalance;
  else {
    const r = equityAt({ entries, at: t0, quoteAsset, priceAt });
    if (!r.ok) return { ok: false, reason: r.reason, at: t0, assets: r.assets };
    atT0 = r.equity;
  }
  const nowR = equityAt({ entries, at: input.now, quoteAsset, priceAt });
  if (!nowR.ok) return { ok: false, reason: nowR.reason, at: input.now, assets: nowR.assets };
  const scale = input.quoteScale ?? DEFAULT_SCALE;
  const pnl = nowR.equity - atT0;
  const nullReasons: Record<string, string> = {};
  let pct: number | null = null;
  if (atT0 === ZERO) nullReasons.today_pnl_pct = "zero_equity_at_t0";
  else pct = (toNumber(pnl, scale) / toNumber(atT0, scale)) * 100;
  return {
    ok: true,
    t0,
    today_pnl: toNumber(pnl, scale),
    today_pnl_pct: pct,
    equity_at_t0: toNumber(atT0, scale),
    equity_now: toNumber(nowR.equity, scale),
    null_reasons: nullReasons,
    units: { today_pnl: pnl, equity_at_t0: atT0, equity_now: nowR.equity },
  };
}
