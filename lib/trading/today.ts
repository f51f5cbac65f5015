import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { MarketRuntime } from "@/lib/market/service/runtime";
import { checkOrderRisk, DEFAULT_SCALE, fromNumber, type RiskRefusal } from "@/lib/trading/core";
import { balancesAt, startOfLocalDay, todayPnl, type TodayPnlResult } from "@/lib/trading/portfolio";
import type { PaperAccount } from "@/lib/trading/store";
import { readTimedLedger } from "@/lib/trading/store/portfolio-reads";
import { closeEndingAtFetched } from "./snapshots";

/** A risk rule refused the order (§3.10): 422 with the rule and its numbers. */
export class RuleViolation extends AppError {
  constructor(public readonly refusal: RiskRefusal) {
    const n = (s: string) => (Number.isFinite(Number(s)) ? Number(s) : s);
    super(422, "rule_violation", refusal.message, undefined, { rule: refusal.rule, limit: n(refusal.limit), current: n(refusal.current), unit: refusal.unit });
  }
}

/**
 * Today's P&L of the account (§3.9): equity now at the live prices (`livePrices`, per symbol in
 * atomic units) minus equity at the start of the user's day, valued at the closes of the 1m candles
 * ending then, read from the store of the account's source and fetched once when missing.
 */
export async function accountTodayPnl(db: Db, rt: MarketRuntime, account: PaperAccount, zone: string, livePrices: Readonly<Record<string, bigint>>, now = Date.now()): Promise<TodayPnlResult> {
  const entries = readTimedLedger(db.$client, account.id);
  const t0 = startOfLocalDay(now, zone);
  const closes: Record<string, bigint> = {};
  if (account.createdAt <= t0) {
    for (const [asset, b] of Object.entries(balancesAt(entries, t0))) {
      if (asset === account.quoteAsset || b.free + b.locked === BigInt(0)) continue;
      const close = await closeEndingAtFetched(db, rt, account.source, `${asset}/${account.quoteAsset}`, t0);
      if (close !== null) closes[asset] = fromNumber(close, DEFAULT_SCALE, "down");
    }
  }
  return todayPnl({
    entries,
    quoteAsset: account.quoteAsset,
    startingBalance: account.startingBalance,
    accountCreatedAt: account.createdAt,
    now,
    zone,
    priceAt: (asset, at) => {
      const price = at === now ? livePrices[`${asset}/${account.quoteAsset}`] : closes[asset];
      return price === undefined ? null : { price };
    },
  });
}

/**
 * The daily loss limit for an order that adds risk; sells, cancels and closes never come here.
 * When today's P&L cannot be valued (a price is missing) the order is not blocked: the limit
 * guards against losses it can measure, not against gaps in market data.
 */
export async function assertDailyLossLimit(
  db: Db,
  rt: MarketRuntime,
  account: PaperAccount,
  settings: { daily_loss_limit_pct: number | null; zone: string },
  livePrices: Readonly<Record<string, bigint>>,
  now = Date.now(),
): Promise<void> {
  if (settings.daily_loss_limit_pct === null) return;
  const today = await accountTodayPnl(db, rt, account, settings.zone, livePrices, now);
  if (!today.ok) return;
  const check = checkOrderRisk({
    origin: "manual",
    increases_risk: true,
    opens_position: false,
    balance: { asset: account.quoteAsset, required: BigInt(0), free: BigInt(0) },
    daily_loss: { daily_loss_limit_pct: settings.daily_loss_limit_pct, today_pnl: today.units.today_pnl, equity_at_day_start: today.units.equity_at_t0 },
    open_positions: { count: 0, max_open_positions: Number.MAX_SAFE_INTEGER },
    position_size: { value_after: BigInt(0), equity: BigInt(0), max_position_size_pct: 100 },
    quote_asset: account.quoteAsset,
  });
  if (!check.ok) throw new RuleViolation(check.refusal);
}
