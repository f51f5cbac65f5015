import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db/open";
import { strategies, userSettings, users } from "@/lib/db/schema";
import { normalizeSymbol } from "@/lib/events/schemas";
import { DEFAULT_TRADING } from "@/lib/settings/defaults";

/** Default pairs are tracked at this timeframe; it is also the API's default. */
export const DEFAULT_SIGNAL_TIMEFRAME = "1h";

export type TrackedSignalPair = {
  symbol: string;
  timeframe: string;
  /** The users told when its direction changes, sorted (their default pairs or enabled strategies). */
  userIds: string[];
};

/**
 * Every (symbol, timeframe) that gets one recorded signal per closed candle (trading-semantics.md
 * §5.2): each active user's default pairs at the default timeframe, plus the symbols of every
 * enabled, undeleted strategy at that strategy's timeframe. A user without a settings row tracks
 * the default pairs a new user gets, exactly as their settings page shows them.
 */
export function trackedSignalPairs(db: Db): TrackedSignalPair[] {
  const pairs = new Map<string, { symbol: string; timeframe: string; userIds: Set<string> }>();
  const add = (symbol: string, timeframe: string, userId: string) => {
    const s = normalizeSymbol(symbol);
    const key = `${s}\u0000${timeframe}`;
    let entry = pairs.get(key);
    if (!entry) pairs.set(key, (entry = { symbol: s, timeframe, userIds: new Set() }));
    entry.userIds.add(userId);
  };

  const settingsRows = db
    .select({ userId: users.id, trading: userSettings.trading })
    .from(users)
    .leftJoin(userSettings, eq(userSettings.userId, users.id))
    .where(eq(users.isActive, true))
    .all();
  for (const { userId, trading } of settingsRows) {
    const stored = (trading as { default_pairs?: unknown } | null)?.default_pairs;
    const defaults = Array.isArray(stored) ? stored : DEFAULT_TRADING.default_pairs;
    for (const p of defaults) if (typeof p === "string") add(p, DEFAULT_SIGNAL_TIMEFRAME, userId);
  }

  const enabled = db
    .select({ userId: strategies.userId, symbols: strategies.symbols, timeframe: strategies.timeframe })
    .from(strategies)
    .innerJoin(users, eq(users.id, strategies.userId))
    .where(and(eq(users.isActive, true), eq(strategies.enabled, true), isNull(strategies.deletedAt)))
    .all();
  for (const { userId, symbols, timeframe } of enabled) for (const p of symbols) add(p, timeframe, userId);

  return [...pairs.values()]
    .map((p) => ({ symbol: p.symbol, timeframe: p.timeframe, userIds: [...p.userIds].sort() }))
    .sort((a, b) => (a.symbol === b.symbol ? (a.timeframe < b.timeframe ? -1 : a.timeframe > b.timeframe ? 1 : 0) : a.symbol < b.symbol ? -1 : 1));
}

/** The tracked entry of one (symbol, timeframe), or null when nobody tracks it. */
export function findTrackedPair(pairs: readonly TrackedSignalPair[], symbol: string, timeframe: string): TrackedSignalPair | null {
  return pairs.find((p) => p.symbol === symbol && p.timeframe === timeframe) ?? null;
}
