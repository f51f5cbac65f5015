import type { Db } from "@/lib/db/open";
import type { StrategyRow } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { gridLevels, type GridParameters } from "@/lib/strategies";
import { floorToStepUnits, formatDecimal, fromNumber, type PriceQuote, type TradingMarket } from "@/lib/trading/core";
import { placeOrderTx, type OrderRow, type PaperAccount, type PlaceOrderInput } from "@/lib/trading/store";
import { all, immediate } from "@/lib/trading/store/sql";

type LevelOrder = Pick<OrderRow, "id" | "side" | "status" | "filled" | "client_order_id">;

/** What a grid level needs next, from the latest order the bot placed for it. */
export type LevelStep = { level: number; side: "buy" | "sell"; price: bigint; amount?: bigint } | null;

/**
 * Grid trading as a bot (§1.11, as the backtest runs it): every level below the price rests a limit
 * buy of quote_per_level; a filled buy rests a sell of its amount one level up; a filled sell (or a
 * canceled order) re-posts the level's buy once the price is above it. The top line only sells.
 * Each level's orders carry `…:grid:{level}:{side}` in their client id, which is how the bot finds
 * them again after a restart.
 */
export function nextGridSteps(levels: readonly bigint[], latest: ReadonlyMap<number, LevelOrder>, bid: bigint, amountStep: bigint): LevelStep[] {
  const steps: LevelStep[] = [];
  for (let i = 0; i < levels.length - 1; i++) {
    const order = latest.get(i);
    if (order && order.status === "open") continue;
    if (order && order.side === "buy" && order.status === "filled") {
      steps.push({ level: i, side: "sell", price: levels[i + 1], amount: floorToStepUnits(order.filled, amountStep) });
      continue;
    }
    // Nothing yet, a filled sell, or a canceled/rejected order: the level buys again below the price.
    if (levels[i] < bid) steps.push({ level: i, side: "buy", price: levels[i] });
  }
  return steps;
}

const LEVEL = /:grid:(\d+):(buy|sell)$/;

/** The newest order of each level of this bot's grid on the symbol. */
export function latestLevelOrders(db: Db, account: PaperAccount, strategyId: string, symbol: string): Map<number, LevelOrder> {
  const rows = all<LevelOrder>(
    db.$client,
    "SELECT id, side, status, filled, client_order_id FROM paper_orders WHERE account_id = ? AND owner = ? AND symbol = ? AND client_order_id LIKE '%:grid:%' ORDER BY created_at, rowid",
    account.id,
    strategyId,
    symbol,
  );
  const out = new Map<number, LevelOrder>();
  for (const r of rows) {
    const m = r.client_order_id ? LEVEL.exec(r.client_order_id) : null;
    if (m) out.set(Number(m[1]), r);
  }
  return out;
}

export type GridPlacement = { placed: OrderRow[]; refused: string[] };

/**
 * Places the grid's next orders for one candle in one transaction with `inTransaction` (the bot's
 * evaluation row): a second runner's attempt at the same candle rolls back whole.
 */
export function placeGridOrders(
  db: Db,
  input: { account: PaperAccount; strategy: StrategyRow; params: GridParameters; market: TradingMarket; quote: PriceQuote; key: string; terms: Omit<PlaceOrderInput, "accountId" | "request" | "market">; now: number },
  inTransaction: (result: GridPlacement) => void,
): GridPlacement {
  const { account, strategy, params, market, quote, key, now } = input;
  const levels = [...gridLevels(params)].map((l) => floorToStepUnits(fromNumber(l, market.scales.price, "down"), market.price_tick));
  return immediate(db, (sqlite) => {
    const steps = nextGridSteps(levels, latestLevelOrders(db, account, strategy.id, market.symbol), quote.bid, market.amount_step);
    const result: GridPlacement = { placed: [], refused: [] };
    for (const step of steps) {
      if (!step) continue;
      const request =
        step.side === "buy"
          ? { side: "buy" as const, type: "limit" as const, price: formatDecimal(step.price, market.scales.price), quote_amount: String(params.quote_per_level) }
          : { side: "sell" as const, type: "limit" as const, price: formatDecimal(step.price, market.scales.price), amount: formatDecimal(step.amount ?? BigInt(0), market.scales.base) };
      // Each placement in its own savepoint: one refused level (balance, minimums) leaves the others.
      try {
        const placed = sqlite.transaction(() => placeOrderTx(sqlite, { ...input.terms, accountId: account.id, market, owner: strategy.id, client_order_id: `${key}:grid:${step.level}:${step.side}`, request }, now))();
        result.placed.push(placed.order);
      } catch (error) {
        if (error instanceof AppError && error.status === 422) result.refused.push(`level ${step.level} ${step.side}: ${error.message}`);
        else throw error;
      }
    }
    inTransaction(result);
    return result;
  });
}
