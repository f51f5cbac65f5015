/**
 * The paper account (trading-semantics.md §3.1, §3.11): one live account per user, bound to one
 * market-data source, funded by a deposit ledger row. A reset archives it and opens the next epoch;
 * the archived account's rows stay as they were, readable.
 */
import type { Db } from "@/lib/db/open";
import { Conflict, NotFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { DEFAULT_SCALE, deposit, formatDecimal, type Balances } from "@/lib/trading/core";
import { checkLedger, postEntries, readBalances } from "./ledger";
import { cancelOpenOrdersTx } from "./order-rows";
import { immediate, one, run, toNum, toNumOrNull, type Sqlite } from "./sql";

export interface AccountTerms {
  /** The market source id the account is bound to (exchange:…, simulated:…); never `auto`. */
  source: string;
  /** The stake currency. */
  quoteAsset: string;
  /** Atomic units of the quote asset (settings' paper_starting_balance through fromNumber). */
  startingBalance: bigint;
}

export interface PaperAccount {
  id: string;
  userId: string;
  epoch: number;
  source: string;
  quoteAsset: string;
  startingBalance: bigint;
  createdAt: number;
  archivedAt: number | null;
}

type AccountRow = {
  id: string;
  user_id: string;
  epoch: bigint;
  source: string;
  quote_asset: string;
  starting_balance: bigint;
  created_at: bigint;
  archived_at: bigint | null;
};

function toAccount(r: AccountRow): PaperAccount {
  return {
    id: r.id,
    userId: r.user_id,
    epoch: toNum(r.epoch),
    source: r.source,
    quoteAsset: r.quote_asset,
    startingBalance: r.starting_balance,
    createdAt: toNum(r.created_at),
    archivedAt: toNumOrNull(r.archived_at),
  };
}

export function readLiveAccount(sqlite: Sqlite, userId: string): PaperAccount | null {
  const r = one<AccountRow>(sqlite, "SELECT * FROM paper_accounts WHERE user_id = ? AND archived_at IS NULL", userId);
  return r ? toAccount(r) : null;
}

export function readAccount(sqlite: Sqlite, accountId: string): PaperAccount | null {
  const r = one<AccountRow>(sqlite, "SELECT * FROM paper_accounts WHERE id = ?", accountId);
  return r ? toAccount(r) : null;
}

/** The account an order or a cancel may touch: it exists and is not archived. */
export function requireLiveAccount(sqlite: Sqlite, accountId: string): PaperAccount {
  const account = readAccount(sqlite, accountId);
  if (!account) throw new NotFound("No paper account with this id.", "account_not_found");
  if (account.archivedAt !== null) throw new Conflict("account_archived", "This paper account was reset; its records are read-only.");
  return account;
}

export function getLiveAccount(db: Db, userId: string): PaperAccount | null {
  return readLiveAccount(db.$client, userId);
}

function openAccount(sqlite: Sqlite, userId: string, terms: AccountTerms, now: number): PaperAccount {
  if (terms.startingBalance <= BigInt(0)) throw new RangeError("The starting balance must be positive");
  const last = one<{ epoch: bigint | null }>(sqlite, "SELECT MAX(epoch) AS epoch FROM paper_accounts WHERE user_id = ?", userId)?.epoch ?? null;
  const id = newId(now);
  run(
    sqlite,
    "INSERT INTO paper_accounts (id, user_id, epoch, source, quote_asset, starting_balance, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    id,
    userId, last === null ? 1 : Number(last) + 1, terms.source, terms.quoteAsset, terms.startingBalance, now);
  const funded = deposit({}, terms.quoteAsset, terms.startingBalance);
  if (!funded.ok) throw new Error("A deposit cannot fall short");
  postEntries(sqlite, id, funded.entries, now);
  return readAccount(sqlite, id) as PaperAccount;
}

/** The user's live account, opened (with its deposit) on first use. */
export function getOrCreateAccount(db: Db, userId: string, terms: AccountTerms, now = Date.now()): PaperAccount {
  return immediate(db, (sqlite) => readLiveAccount(sqlite, userId) ?? openAccount(sqlite, userId, terms, now));
}

/**
 * Reset (§3.11, §3.13): cancels the live account's open orders (releasing their locks), archives it
 * and opens the next epoch with the new terms, in one transaction. Pausing the user's strategies
 * belongs to the caller, before this.
 */
export function resetAccount(db: Db, userId: string, terms: AccountTerms, now = Date.now()): { archived: PaperAccount | null; account: PaperAccount; canceled: string[] } {
  return immediate(db, (sqlite) => {
    const live = readLiveAccount(sqlite, userId);
    let canceled: string[] = [];
    if (live) {
      canceled = cancelOpenOrdersTx(sqlite, live.id, now);
      run(sqlite, "UPDATE paper_accounts SET archived_at = ? WHERE id = ? AND archived_at IS NULL", now, live.id);
    }
    const account = openAccount(sqlite, userId, terms, now);
    return { archived: live ? readAccount(sqlite, live.id) : null, account, canceled };
  });
}

export function getBalances(db: Db, accountId: string): Balances {
  return readBalances(db.$client, accountId);
}

/** Balances for the wire: decimal strings, so no amount passes through a float. */
export function balancesView(db: Db, accountId: string, scale = DEFAULT_SCALE): { asset: string; free: string; locked: string; total: string }[] {
  return Object.entries(readBalances(db.$client, accountId)).map(([asset, b]) => ({
    asset,
    free: formatDecimal(b.free, scale),
    locked: formatDecimal(b.locked, scale),
    total: formatDecimal(b.free + b.locked, scale),
  }));
}

/** balance = Σ ledger, exactly, for every (asset, bucket) of the account. */
export function sumLedgerCheck(db: Db, accountId: string): { ok: boolean; balances: Balances; ledger: Balances } {
  return checkLedger(db.$client, accountId);
}
