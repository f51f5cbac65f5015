import "server-only";
import type { Logger } from "pino";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { publishEvent } from "@/lib/events/publish";
import type { MarketRuntime } from "@/lib/market/service/runtime";
import { notifyOrderFills } from "@/lib/notify/trading-events";
import { onShutdown } from "@/lib/shutdown";
import { tradingMarket } from "@/lib/trading/core";
import { matchPriceUpdate, readAccount, readCursor, replaySince, type MatchScope, type OrderRow } from "@/lib/trading/store";
import { readFills } from "@/lib/trading/store/order-rows";
import { all } from "@/lib/trading/store/sql";
import { orderWire, priceUnits, quoteOf } from "./service";
import { writeFillSnapshotTx } from "./snapshots";
import { defineEquitySnapshotTask } from "./snapshots";

const MINUTE = 60_000;
/** After downtime, at most this much 1m history is fetched to replay resting orders against. */
const MAX_REPLAY_MS = 7 * 24 * 60 * MINUTE;

/** Symbols with open orders on accounts bound to this source: the matcher's whole workload. */
function symbolsWithOpenOrders(db: Db, source: string): string[] {
  return all<{ symbol: string }>(
    db.$client,
    `SELECT DISTINCT o.symbol FROM paper_orders o JOIN paper_accounts a ON a.id = o.account_id
      WHERE o.status = 'open' AND a.source = ? AND a.archived_at IS NULL ORDER BY o.symbol`,
    source,
  ).map((r) => r.symbol);
}

/**
 * The paper exchange's matching loop in this process (trading-semantics.md §3.4): resting orders are
 * matched on every price refresh and against every closed 1-minute candle (wicks between polls count),
 * including the candles that closed while the server was down, replayed from a cursor. Fills, their
 * ledger rows, the cursor and the events commit together; guarded updates make a second process
 * doing the same harmless (one of them fills, the other finds the order no longer open).
 */
export function startPaperMatcher(db: Db, rt: MarketRuntime, log: Logger): void {
  const source = rt.source.id;
  /** Last known price per base asset (held and ordered symbols are tracked), for fill-time equity points. */
  const marks: Record<string, bigint> = {};
  const onChange = (order: OrderRow) => {
    const account = readAccount(db.$client, order.account_id);
    if (!account) return;
    const wire = orderWire(order);
    publishEvent(db, { userId: account.userId, topic: "order.updated", payload: wire });
    if (order.status === "filled") {
      publishEvent(db, { userId: account.userId, topic: "position.updated", payload: { symbol: order.symbol } });
      notifyOrderFills(db, account.userId, order, readFills(db.$client, order.id));
      // The chart's point at this fill, in the fill's own transaction (§2.5); the hour points come apart.
      if (order.average_price !== null) writeFillSnapshotTx(db.$client, account, Number(order.updated_at), { ...marks, [order.base]: order.average_price });
    }
  };

  async function scopeFor(symbol: string): Promise<MatchScope | null> {
    const info = await rt.findMarket(symbol);
    return info ? { source, symbol, market: tradingMarket(info), onChange } : null;
  }

  let ticking = false;
  const onPrices = async () => {
    if (ticking) return;
    ticking = true;
    try {
      const symbols = symbolsWithOpenOrders(db, source);
      if (symbols.length === 0) return;
      const tickers = await rt.prices.get(symbols, { allowFetch: true });
      for (const t of [...(await rt.prices.get(await rt.tracked(), { allowFetch: false })), ...tickers]) marks[t.symbol.split("/")[0]] = priceUnits(t.price);
      for (const t of tickers) {
        // Resting orders never trigger on a stale price (§3.1); the candle replay catches up later.
        if (t.stale) continue;
        const scope = await scopeFor(t.symbol);
        if (!scope) continue;
        matchPriceUpdate(db, scope, quoteOf(t), Date.now(), env().MAX_PRICE_AGE_S * 1000);
      }
    } catch (error) {
      log.warn({ err: error instanceof Error ? error.message : String(error) }, "paper price matching failed");
    } finally {
      ticking = false;
    }
  };

  let replaying = false;
  const onMinute = async () => {
    if (replaying) return;
    replaying = true;
    try {
      const now = Date.now();
      for (const symbol of symbolsWithOpenOrders(db, source)) {
        const scope = await scopeFor(symbol);
        if (!scope) continue;
        const cursor = readCursor(db, scope);
        const from = Math.max(cursor === null ? now - MAX_REPLAY_MS : cursor + MINUTE, now - MAX_REPLAY_MS);
        // The candles the replay reads must be in the store: fetch what is missing since the cursor.
        await rt.candles.download(symbol, "1m", { start: Math.floor(from / MINUTE) * MINUTE, end: Math.floor(now / MINUTE) * MINUTE }).catch(() => undefined);
        const report = replaySince(db, scope, now);
        if (report.filled.length + report.triggered.length + report.rejected.length > 0) log.info({ symbol, ...report }, "paper orders matched on closed candles");
      }
    } catch (error) {
      log.warn({ err: error instanceof Error ? error.message : String(error) }, "paper candle matching failed");
    } finally {
      replaying = false;
    }
  };

  // Hourly equity snapshots of the accounts on this source, in one process at a time.
  defineEquitySnapshotTask(db, rt, log);

  const priceTimer = setInterval(onPrices, env().PRICE_POLL_MS);
  const minuteTimer = setInterval(onMinute, 15_000);
  void onMinute();
  onShutdown(async () => {
    clearInterval(priceTimer);
    clearInterval(minuteTimer);
  });
}
