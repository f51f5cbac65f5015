import "server-only";
import type { Logger } from "pino";
import type { Db } from "@/lib/db/client";
import { defineTask } from "@/lib/jobs/scheduler";
import { readCandles } from "@/lib/market/candle-store";
import type { MarketRuntime } from "@/lib/market/service/runtime";
import { accountEquity, DEFAULT_SCALE, fromNumber } from "@/lib/trading/core";
import { equityAt, type PriceAt } from "@/lib/trading/portfolio";
import { readBalances } from "@/lib/trading/store";
import { readTimedLedger } from "@/lib/trading/store/portfolio-reads";
import { all, run, type Sqlite } from "@/lib/trading/store/sql";

/*
 * Equity snapshots (trading-semantics.md §2.5): an "hour" row per live account at each hour
 * boundary, valued at the closes of the 1m candles ending there, feeds the metrics; a "fill" row
 * written inside each fill's transaction is an extra point for the P&L chart only.
 */

const MINUTE = 60_000;
export const HOUR = 3_600_000;

/** The close of the stored 1m candle ending at `at` (opened at at − 1 min), or null. */
export function closeEndingAt(db: Db, source: string, symbol: string, at: number): number | null {
  const c = readCandles(db, { source, symbol, timeframe: "1m", from: at - MINUTE, to: at });
  return c.close.length > 0 ? c.close[0] : null;
}

/** The same, fetching the minute from the source once when the store lacks it. */
export async function closeEndingAtFetched(db: Db, rt: MarketRuntime, source: string, symbol: string, at: number): Promise<number | null> {
  const stored = closeEndingAt(db, source, symbol, at);
  if (stored !== null || source !== rt.source.id) return stored;
  await rt.candles.download(symbol, "1m", { start: at - MINUTE, end: at }).catch(() => undefined);
  return closeEndingAt(db, source, symbol, at);
}

/**
 * A "fill" snapshot inside the fill's transaction: the balances as they now stand, the filled
 * symbol's asset at the fill price and the other holdings at their last known prices (per whole
 * unit, keyed by asset). A holding without any price leaves the point out rather than undervalue it.
 */
export function writeFillSnapshotTx(sqlite: Sqlite, account: { id: string; quoteAsset: string }, ts: number, prices: Readonly<Record<string, bigint>>): boolean {
  const balances = readBalances(sqlite, account.id);
  const marks: Record<string, { price: bigint }> = {};
  for (const [asset, b] of Object.entries(balances)) {
    if (asset === account.quoteAsset || b.free + b.locked === BigInt(0)) continue;
    const p = prices[asset];
    if (p === undefined) return false;
    marks[asset] = { price: p };
  }
  const equity = accountEquity(balances, account.quoteAsset, marks);
  run(sqlite, "INSERT OR REPLACE INTO paper_equity_snapshots (account_id, ts, equity, kind) VALUES (?, ?, ?, 'fill')", account.id, ts, equity);
  return true;
}

type LiveAccountRow = { id: string; quote_asset: string; created_at: bigint };

/** One "hour" snapshot per live account of the runtime's source at the last hour boundary, if missing. */
export async function writeHourSnapshots(db: Db, rt: MarketRuntime, log: Logger, now = Date.now()): Promise<number> {
  const boundary = Math.floor(now / HOUR) * HOUR;
  const source = rt.source.id;
  const accounts = all<LiveAccountRow>(
    db.$client,
    `SELECT a.id, a.quote_asset, a.created_at FROM paper_accounts a
      WHERE a.archived_at IS NULL AND a.source = ? AND a.created_at <= ?
        AND NOT EXISTS (SELECT 1 FROM paper_equity_snapshots s WHERE s.account_id = a.id AND s.ts = ? AND s.kind = 'hour')`,
    source,
    boundary,
    boundary,
  );
  let written = 0;
  const closes = new Map<string, number | null>();
  for (const a of accounts) {
    const entries = readTimedLedger(db.$client, a.id);
    const held = new Set<string>();
    const totals = new Map<string, bigint>();
    for (const e of entries) if (e.ts <= boundary) totals.set(e.asset, (totals.get(e.asset) ?? BigInt(0)) + e.delta);
    for (const [asset, total] of totals) if (asset !== a.quote_asset && total !== BigInt(0)) held.add(asset);
    for (const asset of held) {
      const symbol = `${asset}/${a.quote_asset}`;
      if (!closes.has(symbol)) closes.set(symbol, await closeEndingAtFetched(db, rt, source, symbol, boundary));
    }
    const priceAt: PriceAt = (asset) => {
      const close = closes.get(`${asset}/${a.quote_asset}`) ?? null;
      return close === null ? null : { price: fromNumber(close, DEFAULT_SCALE, "down") };
    };
    const r = equityAt({ entries, at: boundary, quoteAsset: a.quote_asset, priceAt });
    if (!r.ok) {
      log.warn({ account: a.id, at: boundary, assets: r.assets }, "hourly equity snapshot skipped: no 1m close for a holding");
      continue;
    }
    run(db.$client, "INSERT OR IGNORE INTO paper_equity_snapshots (account_id, ts, equity, kind) VALUES (?, ?, ?, 'hour')", a.id, boundary, r.equity);
    written++;
  }
  return written;
}

/** The hourly snapshot task; it runs every minute so a boundary missed while busy is caught up soon. */
export function defineEquitySnapshotTask(db: Db, rt: MarketRuntime, log: Logger): void {
  defineTask({
    name: "paper.equity-snapshots",
    everyMs: MINUTE,
    run: async ({ now }) => {
      const written = await writeHourSnapshots(db, rt, log, now);
      if (written > 0) log.debug({ written }, "hourly equity snapshots written");
    },
  });
}
