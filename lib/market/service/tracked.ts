import type { Db } from "@/lib/db/open";
import { userSettings, users } from "@/lib/db/schema";
import { and, eq, isNotNull } from "drizzle-orm";
import { normalizeSymbol } from "@/lib/events/schemas";

/**
 * The symbols kept fresh: TRACKED_SYMBOLS ∪ every active user's default pairs (strategies',
 * orders' and positions' symbols join here when those features land), limited to what the
 * source lists, in a stable order: configured first, then users' pairs alphabetically.
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
  const out: string[] = [];
  for (const s of [...configured.map(normalizeSymbol), ...[...fromUsers].sort()]) {
    if (listed.has(s) && !out.includes(s)) out.push(s);
  }
  return out;
}
