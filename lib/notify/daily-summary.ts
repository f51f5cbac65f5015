import "server-only";
import { and, eq } from "drizzle-orm";
import type { Logger } from "pino";
import type { Db } from "@/lib/db/client";
import { notificationOutbox, userSettings } from "@/lib/db/schema";
import type { MarketRuntime } from "@/lib/market/service/runtime";
import { DEFAULT_DISPLAY } from "@/lib/settings/defaults";
import { balancesAt, localDateKey, localDateTime, startOfLocalDay } from "@/lib/trading/portfolio";
import { listPositions, readAccount } from "@/lib/trading/store";
import { readTimedLedger } from "@/lib/trading/store/portfolio-reads";
import { one } from "@/lib/trading/store/sql";
import { closeEndingAtFetched } from "@/lib/trading/snapshots";
import { accountTodayPnl } from "@/lib/trading/today";
import { DEFAULT_SCALE, fromNumber } from "@/lib/trading/core";
import { notificationPreferences } from "./channels";
import { enqueueNotification } from "./outbox";

/** The summary goes out at this local hour (or at the first check after it, when the server was down then). */
export const DAILY_SUMMARY_HOUR = 8;

/**
 * The day a summary is due for at `now` in the zone: yesterday's local date once it is 08:00 or
 * later today, null before. Its dedupe key makes a day's summary go out once however often this is asked.
 */
export function dailySummaryDay(now: number, zone: string): string | null {
  if (localDateTime(now, zone).hour < DAILY_SUMMARY_HOUR) return null;
  return localDateKey(startOfLocalDay(now, zone) - 1, zone);
}

export type DailySummaryFigures = {
  day: string;
  quoteAsset: string;
  /** null when a price needed to value the day is missing: said so, never guessed. */
  pnl: number | null;
  pnlPct: number | null;
  equity: number | null;
  openPositions: number;
};

const money = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 2, minimumFractionDigits: 2 });

export function dailySummaryText(f: DailySummaryFigures): string {
  const lines = [`Daily summary for ${f.day}`];
  if (f.pnl === null || f.equity === null) lines.push("P&L: not available (a price for the day is missing)");
  else {
    const sign = f.pnl > 0 ? "+" : "";
    const pct = f.pnlPct === null ? "" : ` (${sign}${f.pnlPct.toFixed(2)}%)`;
    lines.push(`P&L: ${sign}${money(f.pnl)} ${f.quoteAsset}${pct}`, `Equity at the end of the day: ${money(f.equity)} ${f.quoteAsset}`);
  }
  lines.push(`Open positions: ${f.openPositions}`);
  return lines.join("\n");
}

function liveAccountId(db: Db, userId: string): string | null {
  return one<{ id: string }>(db.$client, "SELECT id FROM paper_accounts WHERE user_id = ? AND archived_at IS NULL ORDER BY epoch DESC LIMIT 1", userId)?.id ?? null;
}

/**
 * The P&L of the local day that ended at `dayEnd`: equity at its end (holdings valued at the closes of
 * the 1m candles ending then) minus equity at its start, through the same today-P&L the dashboard uses.
 */
async function figuresOf(db: Db, rt: MarketRuntime, userId: string, zone: string, day: string, dayEnd: number): Promise<DailySummaryFigures | null> {
  const accountId = liveAccountId(db, userId);
  const account = accountId ? readAccount(db.$client, accountId) : null;
  // An account opened after the day ended has nothing to report for it.
  if (!account || account.createdAt >= dayEnd) return null;
  const closes: Record<string, bigint> = {};
  for (const [asset, b] of Object.entries(balancesAt(readTimedLedger(db.$client, account.id), dayEnd - 1))) {
    if (asset === account.quoteAsset || b.free + b.locked === BigInt(0)) continue;
    const symbol = `${asset}/${account.quoteAsset}`;
    const close = await closeEndingAtFetched(db, rt, account.source, symbol, dayEnd);
    if (close !== null) closes[symbol] = fromNumber(close, DEFAULT_SCALE, "down");
  }
  const result = await accountTodayPnl(db, rt, account, zone, closes, dayEnd - 1);
  const openPositions = listPositions(db, account.id).filter((p) => p.amount > BigInt(0)).length;
  return {
    day,
    quoteAsset: account.quoteAsset,
    pnl: result.ok ? result.today_pnl : null,
    pnlPct: result.ok ? result.today_pnl_pct : null,
    equity: result.ok ? result.equity_now : null,
    openPositions,
  };
}

/**
 * Queues the previous day's summary for every user who chose it, has a channel set up and whose local
 * time is past 08:00. Returns how many users got one queued.
 */
export async function enqueueDailySummaries(db: Db, rt: MarketRuntime, now = Date.now(), log?: Logger): Promise<number> {
  const candidates = db.select({ userId: userSettings.userId, display: userSettings.display }).from(userSettings).all();
  let queued = 0;
  for (const { userId, display } of candidates) {
    try {
      if (await enqueueDailySummary(db, rt, userId, typeof display?.time_zone === "string" ? display.time_zone : DEFAULT_DISPLAY.time_zone, now)) queued++;
    } catch (error) {
      // One user's problem (a zone this runtime does not know, a market that is down) must not hold up the others.
      log?.warn({ userId, err: error instanceof Error ? error.message : String(error) }, "daily summary failed");
    }
  }
  return queued;
}

async function enqueueDailySummary(db: Db, rt: MarketRuntime, userId: string, zone: string, now: number): Promise<boolean> {
  const day = dailySummaryDay(now, zone);
  if (!day) return false;
  const { channels, events } = notificationPreferences(db, userId);
  if (channels.length === 0 || !events.includes("daily_summary")) return false;
  const dedupeKey = `daily:${day}`;
  const already = db
    .select({ id: notificationOutbox.id })
    .from(notificationOutbox)
    .where(and(eq(notificationOutbox.userId, userId), eq(notificationOutbox.dedupeKey, dedupeKey)))
    .limit(1)
    .get();
  if (already) return false;
  const figures = await figuresOf(db, rt, userId, zone, day, startOfLocalDay(now, zone));
  if (!figures) return false;
  const data = { day, quote_asset: figures.quoteAsset, pnl: figures.pnl, pnl_pct: figures.pnlPct, equity: figures.equity, open_positions: figures.openPositions };
  return enqueueNotification(db, { userId, event: "daily_summary", dedupeKey, text: dailySummaryText(figures), data }, now).length > 0;
}
