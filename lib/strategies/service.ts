import "server-only";
import { latestCompletedByStrategy } from "@/lib/backtests/store";
import { eq } from "drizzle-orm";
import { onStrategyToggled, openBotPositionCount } from "@/lib/bots/service";
import { getDb } from "@/lib/db";
import { strategies } from "@/lib/db/schema";
import { marketRuntime } from "@/lib/market/service/runtime";
import { getSettings } from "@/lib/settings/settings";
import type { StrategyListQuery } from "./operations";
import { createStrategyStore, type StrategyStore } from "./store";

/**
 * How many symbols a strategy's bot holds (its own trades): deleting a strategy with any answers
 * 409 strategy_has_open_positions.
 */
async function openBotPositions(userId: string, strategyId: string): Promise<number> {
  return openBotPositionCount(userId, strategyId);
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

/** Enable or disable a strategy; enabling (re)starts its bot at the newest closed candle. */
export async function toggleStrategy(userId: string, id: string, enabled: boolean) {
  const view = await strategyStore().toggle(userId, id, enabled);
  const row = getDb().select().from(strategies).where(eq(strategies.id, id)).get();
  if (row) onStrategyToggled(userId, row, enabled);
  return view;
}
