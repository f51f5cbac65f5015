import type { Db } from "@/lib/db/open";
import { all, toNum } from "./sql";

export interface FillListRow {
  id: string;
  order_id: string;
  symbol: string;
  side: string;
  price: bigint;
  amount: bigint;
  fee: bigint;
  fee_asset: string;
  liquidity: string;
  created_at: number;
}

/**
 * The account's fills, newest first, with their order's symbol and side; keyset-paged by
 * (created_at, id) strictly before `before`.
 */
export function listFills(db: Db, accountId: string, q: { symbol?: string; limit: number; before?: [number, string] }): FillListRow[] {
  const rows = all<Omit<FillListRow, "created_at"> & { created_at: bigint }>(
    db.$client,
    `SELECT f.id, f.order_id, o.symbol, o.side, f.price, f.amount, f.fee, f.fee_asset, f.liquidity, f.created_at
       FROM paper_fills f JOIN paper_orders o ON o.id = f.order_id
      WHERE f.account_id = ? AND (? IS NULL OR o.symbol = ?)
        AND (? IS NULL OR f.created_at < ? OR (f.created_at = ? AND f.id < ?))
      ORDER BY f.created_at DESC, f.id DESC
      LIMIT ?`,
    accountId,
    q.symbol ?? null,
    q.symbol ?? null,
    q.before?.[0] ?? null,
    q.before?.[0] ?? null,
    q.before?.[0] ?? null,
    q.before?.[1] ?? null,
    q.limit,
  );
  return rows.map((r) => ({ ...r, created_at: toNum(r.created_at) }));
}
