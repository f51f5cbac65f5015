import type { Db } from "@/lib/db/open";
import { strategies, userSettings, users } from "@/lib/db/schema";
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { normalizeSymbol } from "@/lib/events/schemas";

/**
 * The symbols kept fresh: TRACKED_SYMBOLS ∪ every active user's default pairs ∪ the pairs of
 * their enabled strategies ∪ the symbols of open paper orders and held paper positions, limited to
 * what the source lists, in a stable order: configured first, then users' pairs alphabetically.
 */
export function trackedSymbols(db: Db, configured: readonly string[], listed: ReadonlySet<string>): string[] {
  const rows = db
    .select({ trading: userSettings.trading })
    .from(userSettings)
    .innerJoin(users, eq(users.id, userSettings.userId))
    .where(and(eq(users.isActive, true), isNotNull(userSettings.trading)))
    .all();
  const fromUsers = new Set<string>();
  for (const { trading } of rows) {
    const pairs = (trading as { default_pairs?: unknown } | null)?.default_pairs;
    if (Array.isArray(pairs)) for (const p of pairs) if (typeof p === "string") fromUsers.add(normalizeSymbol(p));
  }
  const enabled = db
    .select({ symbols: strategies.symbols })
    .from(strategies)
    .innerJoin(users, eq(users.id, strategies.userId))
    .where(and(eq(users.isActive, true), eq(strategies.enabled, true), isNull(strategies.deletedAt)))
    .all();
  for (const { symbols } of enabled) for (const p of symbols) fromUsers.add(normalizeSymbol(p));
  const trading = db.$client
    .prepare(
      `SELECT o.symbol FROM paper_orders o JOIN paper_accounts a ON a.id = o.account_id WHERE o.status = 'open' AND a.archived_at IS NULL
       UNION SELECT l.symbol FROM paper_lots l JOIN paper_accounts a ON a.id = l.account_id WHERE l.amount > 0 AND a.archived_at IS NULL`,
    )
    .all() as { symbol: string }[];
  for (const { symbol } of trading) fromUsers.add(symbol);
  const out: string[] = [];
  for (const s of [...configured.map(normalizeSymbol), ...[...fromUsers].sort()]) {
    if (listed.has(s) && !out.includes(s)) out.push(s);
  }
  return out;
}
