/**
 * Reads for the portfolio views (lib/trading/portfolio): the ledger with its times, buy fills with
 * the book they opened, disposals, and equity snapshots. Money stays in BigInt atomic units.
 */
import type { Bucket } from "@/lib/trading/core";
import { MANUAL_OWNER } from "./lots";
import { all, toNum, type Sqlite } from "./sql";

export interface TimedLedgerRow {
  asset: string;
  bucket: Bucket;
  delta: bigint;
  ts: number;
}

export function readTimedLedger(sqlite: Sqlite, accountId: string): TimedLedgerRow[] {
  return all<Omit<TimedLedgerRow, "ts"> & { ts: bigint }>(sqlite, "SELECT asset, bucket, delta, ts FROM paper_ledger_entries WHERE account_id = ? ORDER BY id", accountId).map((r) => ({
    ...r,
    ts: toNum(r.ts),
  }));
}

export interface BuyFillRow {
  fill_id: string;
  symbol: string;
  owner: string;
  ts: number;
  amount: bigint;
  notional: bigint;
  fee: bigint;
}

/**
 * Buy fills in fill order, each with the owner whose book its lot opened in. Their time is the
 * price's time, as the lot's acquired_at and the disposals' times are, so episodes order them alike.
 */
export function readBuyFills(sqlite: Sqlite, accountId: string): BuyFillRow[] {
  return all<Omit<BuyFillRow, "ts"> & { ts: bigint }>(
    sqlite,
    `SELECT f.id AS fill_id, o.symbol, COALESCE(o.owner, ?) AS owner, f.price_ts AS ts, f.amount, f.notional, f.fee
       FROM paper_fills f JOIN paper_orders o ON o.id = f.order_id
      WHERE f.account_id = ? AND o.side = 'buy'
      ORDER BY f.price_ts, f.rowid`,
    MANUAL_OWNER,
    accountId,
  ).map((r) => ({ ...r, ts: toNum(r.ts) }));
}

export interface DisposalRow {
  symbol: string;
  owner: string;
  sell_fill_id: string;
  lot_fill_id: string;
  acquired_at: number;
  disposed_at: number;
  amount: bigint;
  cost: bigint;
  proceeds: bigint;
  fee: bigint;
  realized: bigint;
}

export function readDisposals(sqlite: Sqlite, accountId: string): DisposalRow[] {
  return all<Omit<DisposalRow, "acquired_at" | "disposed_at"> & { acquired_at: bigint; disposed_at: bigint }>(
    sqlite,
    `SELECT symbol, owner, sell_fill_id, lot_fill_id, acquired_at, disposed_at, amount, cost, proceeds, fee, realized
       FROM paper_disposals WHERE account_id = ? ORDER BY disposed_at, id`,
    accountId,
  ).map((r) => ({ ...r, acquired_at: toNum(r.acquired_at), disposed_at: toNum(r.disposed_at) }));
}

export type SnapshotKind = "hour" | "fill";

export function readEquitySnapshots(sqlite: Sqlite, accountId: string, kind: SnapshotKind): { ts: number; equity: bigint }[] {
  return all<{ ts: bigint; equity: bigint }>(sqlite, "SELECT ts, equity FROM paper_equity_snapshots WHERE account_id = ? AND kind = ? ORDER BY ts", accountId, kind).map((r) => ({
    ts: toNum(r.ts),
    equity: r.equity,
  }));
}
