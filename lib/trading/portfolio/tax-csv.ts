/**
 * The disposals export (§3.8, §3.11): one row per lot a sell consumed, with the FIFO cost basis
 * (buy fee included) and the realized gain = proceeds − sell fee − cost basis. Amounts are written
 * from atomic units as fixed-point decimals at their asset's scale, so a spreadsheet sums them to
 * the unit; times are ISO 8601 in UTC. RFC 4180: CRLF line ends, and a field is quoted only when it
 * holds a comma, a quote or a line break.
 *
 * The store's disposal rows follow its per-(symbol, owner) books (bot attribution, §3.8), while a
 * tax report wants account-wide FIFO per asset. Where bots and manual trades never share a coin the
 * two are the same; accountFifoDisposals replays the fills through one book per symbol for the
 * account-wide figures. Label which one a file holds.
 */
import { addBuy, addSell, DEFAULT_SCALES, emptyBook, formatDecimal, type LotBook, type Side } from "@/lib/trading/core";
import type { EpisodeDisposal, ScalesOf } from "./episodes";

export const TAX_CSV_HEADER = [
  "disposed_at",
  "acquired_at",
  "symbol",
  "owner",
  "amount",
  "proceeds",
  "fee",
  "cost_basis",
  "realized_gain",
  "sell_fill_id",
  "lot_fill_id",
] as const;

/** Quotes a field when RFC 4180 requires it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A text field a spreadsheet could read as a formula (=, +, -, @ first) gets a leading apostrophe.
 * Only names and ids go through this; numbers are ours and a minus sign there is a sign.
 */
export function csvText(value: string): string {
  return csvField(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}

function isoUtc(ms: number): string {
  return new Date(ms).toISOString();
}

/** Rows ordered by disposal time (stable for equal times), then the header first. */
export function taxCsv(disposals: readonly EpisodeDisposal[], scalesOf: ScalesOf = () => DEFAULT_SCALES): string {
  const rows = [...disposals].sort((a, b) => a.disposed_at - b.disposed_at);
  const lines = [TAX_CSV_HEADER.join(",")];
  for (const d of rows) {
    const { base, quote } = scalesOf(d.symbol);
    const money = (units: bigint) => formatDecimal(units, quote, { trim: false });
    lines.push(
      [
        isoUtc(d.disposed_at),
        isoUtc(d.acquired_at),
        csvText(d.symbol),
        csvText(d.owner),
        formatDecimal(d.amount, base, { trim: false }),
        money(d.proceeds),
        money(d.fee),
        money(d.cost),
        money(d.realized),
        csvText(d.sell_fill_id),
        csvText(d.lot_fill_id),
      ].join(","),
    );
  }
  return lines.join("\r\n") + "\r\n";
}

/** A fill row as the account-wide replay needs it (atomic units, as the ledger moved them). */
export interface TaxFill {
  fill_id: string;
  symbol: string;
  side: Side;
  ts: number;
  amount: bigint;
  /** price × amount as the ledger moved it, before the fee. */
  notional: bigint;
  fee: bigint;
}

/** The owner written on account-wide rows. */
export const ACCOUNT_OWNER = "account";

/**
 * Disposals under account-wide FIFO per symbol: every fill of the symbol, whoever placed it, goes
 * through one book with the core's addBuy/addSell. Fills are taken in time order, equal times in
 * the order given (pass them in fill order).
 */
export function accountFifoDisposals(fills: readonly TaxFill[]): EpisodeDisposal[] {
  const books = new Map<string, LotBook>();
  const out: EpisodeDisposal[] = [];
  for (const f of [...fills].sort((a, b) => a.ts - b.ts)) {
    const book = books.get(f.symbol) ?? emptyBook(f.symbol, ACCOUNT_OWNER);
    const fill = { fill_id: f.fill_id, ts: f.ts, amount: f.amount, notional: f.notional, fee: f.fee };
    if (f.side === "buy") {
      books.set(f.symbol, addBuy(book, fill));
      continue;
    }
    const r = addSell(book, fill);
    if (!r.ok) throw new RangeError(`Sell ${f.fill_id} of ${f.symbol} exceeds the ${r.held} units the account held`);
    books.set(f.symbol, r.book);
    out.push(...r.disposals.map((d) => ({ ...d, symbol: f.symbol, owner: ACCOUNT_OWNER })));
  }
  return out;
}
