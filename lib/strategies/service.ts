import "server-only";
import { latestCompletedByStrategy } from "@/lib/backtests/store";
import { getDb } from "@/lib/db";
import { marketRuntime } from "@/lib/market/service/runtime";
import { getSettings } from "@/lib/settings/settings";
import type { StrategyListQuery } from "./operations";
import { createStrategyStore, type StrategyStore } from "./store";

/**
 * How many positions a strategy's bot holds open. Bots and their positions do not exist yet, so
 * the answer is always "none"; the bot runner replaces this with a count of the strategy's open
 * positions, and deleting a strategy with any then answers 409 strategy_has_open_positions.
 */
async function openBotPositions(_userId: string, _strategyId: string): Promise<number> {
  return 0;
}

/**
 * The strategy store wired to this server: the database, the owner's trading settings and the
 * deployment's market list. Nothing from marketRuntime() throws the app's errors (it is shared
 * across module graphs); the store turns its nulls into field errors or a 503.
 */
export function strategyStore(): StrategyStore {
  return createStrategyStore({
    db: getDb(),
    tradingSettings: async (userId) => (await getSettings(userId)).trading,
    findMarket: async (symbol) => (await marketRuntime()).findMarket(symbol),
    marketListAvailable: async () => (await (await marketRuntime()).markets({ allowFetch: false })) !== null,
    openBotPositions,
  });
}

/** The strategies list with each strategy's latest completed backtest (the list page's column). */
export async function listStrategies(userId: string, query: StrategyListQuery) {
  const page = await strategyStore().list(userId, query);
  const latest = latestCompletedByStrategy(getDb(), userId, page.items.map((s) => s.id));
  return { ...page, items: page.items.map((s) => ({ ...s, last_backtest: latest.get(s.id) ?? null })) };
}
