/**
 * FIFO lots in the database (§3.8), through the core's books: a buy fill opens a lot, a sell fill
 * consumes the oldest lots and records one disposal per lot touched.
 *
 * Books are kept per (account, symbol, owner) so a strategy's P&L is its own. A sell consumes its
 * owner's book first; what that book does not hold (a manual sell of coins a strategy bought) comes
 * from the other owners' books, oldest first, so the lots always match the coins held.
 */
import { addBuy, addSell, bookAmount, emptyBook, floorDiv, minBig, type Lot, type LotBook } from "@/lib/trading/core";
import { all, run, toNum, type Sqlite } from "./sql";

const ZERO = BigInt(0);
export const MANUAL_OWNER = "manual";

type LotRow = { owner: string; fill_id: string; acquired_at: bigint; amount: bigint; cost: bigint };

/** The account's books for a symbol, by owner, each in FIFO order. */
export function readBooks(sqlite: Sqlite, accountId: string, symbol: string): LotBook[] {
  const rows = all<LotRow>(
    sqlite,
    "SELECT owner, fill_id, acquired_at, amount, cost FROM paper_lots WHERE account_id = ? AND symbol = ? ORDER BY acquired_at, rowid",
    accountId,
    symbol,
  );
  const books = new Map<string, Lot[]>();
  for (const r of rows) {
    const lots = books.get(r.owner) ?? [];
    lots.push({ fill_id: r.fill_id, acquired_at: toNum(r.acquired_at), amount: r.amount, cost: r.cost });
    books.set(r.owner, lots);
  }
  const realized = new Map<string, bigint>();
  for (const r of all<{ owner: string; realized: bigint }>(
    sqlite,
    "SELECT owner, SUM(realized) AS realized FROM paper_disposals WHERE account_id = ? AND symbol = ? GROUP BY owner",
    accountId,
    symbol,
  )) {
    realized.set(r.owner, r.realized);
  }
  const owners = new Set([...books.keys(), ...realized.keys()]);
  return [...owners].map((owner) => ({ symbol, owner, lots: books.get(owner) ?? [], realized: realized.get(owner) ?? ZERO }));
}

export interface FillForLots {
  fill_id: string;
  ts: number;
  amount: bigint;
  notional: bigint;
  fee: bigint;
}

export function recordBuy(sqlite: Sqlite, accountId: string, symbol: string, owner: string, fill: FillForLots): void {
  const lot = addBuy(emptyBook(symbol, owner), fill).lots[0];
  run(
    sqlite,
    "INSERT INTO paper_lots (account_id, symbol, owner, fill_id, acquired_at, amount, cost) VALUES (?, ?, ?, ?, ?, ?, ?)",
    accountId,
    symbol,
    owner,
    lot.fill_id,
    lot.acquired_at,
    lot.amount,
    lot.cost,
  );
}

/** Consumes lots for a sell fill and writes its disposals; returns the amount no lot covered (0 normally). */
export function recordSell(sqlite: Sqlite, accountId: string, symbol: string, owner: string, fill: FillForLots): bigint {
  const books = readBooks(sqlite, accountId, symbol).filter((b) => b.lots.length > 0);
  const own = books.filter((b) => b.owner === owner);
  const others = books.filter((b) => b.owner !== owner).sort((a, b) => a.lots[0].acquired_at - b.lots[0].acquired_at);
  let left = fill.amount;
  let notionalLeft = fill.notional;
  let feeLeft = fill.fee;
  for (const book of [...own, ...others]) {
    if (left === ZERO) break;
    const take = minBig(left, bookAmount(book));
    if (take === ZERO) continue;
    const last = take === left;
    // Proceeds and fee are split across books by amount; the last book takes the remainder, so the
    // disposals add up to the sell exactly.
    const notional = last ? notionalLeft : floorDiv(fill.notional * take, fill.amount);
    const fee = last ? feeLeft : floorDiv(fill.fee * take, fill.amount);
    const result = addSell(book, { fill_id: fill.fill_id, ts: fill.ts, amount: take, notional, fee });
    if (!result.ok) throw new Error(`Lots of ${symbol} out of step with the book of ${book.owner}`);
    writeBack(sqlite, accountId, book, result.book);
    for (const d of result.disposals) {
      run(
        sqlite,
        `INSERT INTO paper_disposals (account_id, symbol, owner, sell_fill_id, lot_fill_id, acquired_at, disposed_at, amount, cost, proceeds, fee, realized)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        accountId,
        symbol,
        book.owner,
        d.sell_fill_id,
        d.lot_fill_id,
        d.acquired_at,
        d.disposed_at,
        d.amount,
        d.cost,
        d.proceeds,
        d.fee,
        d.realized,
      );
    }
    left -= take;
    notionalLeft -= notional;
    feeLeft -= fee;
  }
  return left;
}

function writeBack(sqlite: Sqlite, accountId: string, before: LotBook, after: LotBook): void {
  const remaining = new Map(after.lots.map((l) => [l.fill_id, l]));
  for (const lot of before.lots) {
    const next = remaining.get(lot.fill_id);
    if (!next) {
      run(sqlite, "DELETE FROM paper_lots WHERE account_id = ? AND symbol = ? AND owner = ? AND fill_id = ?", accountId, before.symbol, before.owner, lot.fill_id);
    } else if (next.amount !== lot.amount || next.cost !== lot.cost) {
      run(
        sqlite,
        "UPDATE paper_lots SET amount = ?, cost = ? WHERE account_id = ? AND symbol = ? AND owner = ? AND fill_id = ?",
        next.amount,
        next.cost,
        accountId,
        before.symbol,
        before.owner,
        lot.fill_id,
      );
    }
  }
}
