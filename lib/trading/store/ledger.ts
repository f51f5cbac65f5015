/**
 * Balances and their ledger in the database (trading-semantics.md §3.11, §3.12). The core computes
 * the entries of a change; `postEntries` writes them and moves the balances in the same
 * transaction, each debit a conditional update that cannot take a bucket below zero (backed by the
 * CHECK constraint), so balance = Σ ledger holds row for row.
 */
import { sameBalances, sumLedger, type AssetBalance, type Balances, type Bucket, type EntryKind, type LedgerEntry } from "@/lib/trading/core";
import { InsufficientBalance } from "./errors";
import { all, one, run, type Sqlite } from "./sql";

const ZERO = BigInt(0);

type BalanceRow = { asset: string; free: bigint; locked: bigint };

export function readBalances(sqlite: Sqlite, accountId: string): Record<string, AssetBalance> {
  const out: Record<string, AssetBalance> = {};
  for (const r of all<BalanceRow>(sqlite, "SELECT asset, free, locked FROM paper_balances WHERE account_id = ? ORDER BY asset", accountId)) {
    out[r.asset] = { free: r.free, locked: r.locked };
  }
  return out;
}

const DEBIT: Record<Bucket, string> = {
  free: "UPDATE paper_balances SET free = free - ? WHERE account_id = ? AND asset = ? AND free >= ?",
  locked: "UPDATE paper_balances SET locked = locked - ? WHERE account_id = ? AND asset = ? AND locked >= ?",
};
const CREDIT: Record<Bucket, string> = {
  free: "UPDATE paper_balances SET free = free + ? WHERE account_id = ? AND asset = ?",
  locked: "UPDATE paper_balances SET locked = locked + ? WHERE account_id = ? AND asset = ?",
};

/**
 * Writes ledger rows and applies their net effect per (asset, bucket). A debit that the bucket does
 * not cover throws InsufficientBalance, which rolls the caller's transaction back. Call it inside
 * an immediate transaction.
 */
export function postEntries(sqlite: Sqlite, accountId: string, entries: readonly LedgerEntry[], ts: number): void {
  const net = new Map<string, { asset: string; bucket: Bucket; delta: bigint }>();
  for (const e of entries) {
    if (e.delta === ZERO) continue;
    run(
      sqlite,
      "INSERT INTO paper_ledger_entries (account_id, asset, bucket, delta, kind, order_id, fill_id, ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      accountId,
      e.asset,
      e.bucket,
      e.delta,
      e.kind,
      e.order_id,
      e.fill_id,
      ts,
    );
    const key = `${e.asset}\u0000${e.bucket}`;
    const n = net.get(key) ?? { asset: e.asset, bucket: e.bucket, delta: ZERO };
    n.delta += e.delta;
    net.set(key, n);
  }
  for (const { asset, bucket, delta } of net.values()) {
    if (delta === ZERO) continue;
    run(sqlite, "INSERT INTO paper_balances (account_id, asset, free, locked) VALUES (?, ?, 0, 0) ON CONFLICT DO NOTHING", accountId, asset);
    if (delta > ZERO) {
      run(sqlite, CREDIT[bucket], delta, accountId, asset);
      continue;
    }
    const need = -delta;
    if (run(sqlite, DEBIT[bucket], need, accountId, asset, need).changes !== 1) {
      const have = one<BalanceRow>(sqlite, "SELECT asset, free, locked FROM paper_balances WHERE account_id = ? AND asset = ?", accountId, asset);
      const available = have ? have[bucket] : ZERO;
      throw new InsufficientBalance({ asset, bucket, required: need, available, missing: need - available });
    }
  }
}

type EntryRow = { asset: string; bucket: Bucket; delta: bigint; kind: EntryKind; order_id: string | null; fill_id: string | null };

export function readLedger(sqlite: Sqlite, accountId: string): LedgerEntry[] {
  return all<EntryRow>(sqlite, "SELECT asset, bucket, delta, kind, order_id, fill_id FROM paper_ledger_entries WHERE account_id = ? ORDER BY id", accountId);
}

/**
 * The invariant check: balances rebuilt from the ledger alone against the stored balances, exactly.
 * Reads in one transaction so a concurrent writer cannot make it see half a change.
 */
export function checkLedger(sqlite: Sqlite, accountId: string): { ok: boolean; balances: Balances; ledger: Balances } {
  return sqlite.transaction(() => {
    const balances = readBalances(sqlite, accountId);
    const ledger = sumLedger(readLedger(sqlite, accountId));
    return { ok: sameBalances(balances, ledger), balances, ledger };
  })();
}
