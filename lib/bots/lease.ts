import type { Db } from "@/lib/db/open";

/** The bot runner's row in scheduler_leases: one active runner per database. */
export const BOT_LEASE = "bot.runner";

/**
 * Takes or renews the lease in one statement: it succeeds when nobody holds a live lease or this
 * owner already does. A holder that dies stops renewing and another process takes over once
 * lease_until has passed.
 */
export function acquireBotLease(db: Db, owner: string, ttlMs: number, now = Date.now()): boolean {
  const row = db.$client
    .prepare(
      `INSERT INTO scheduler_leases (task, owner, lease_until) VALUES (?, ?, ?)
       ON CONFLICT(task) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
       WHERE scheduler_leases.lease_until < ? OR scheduler_leases.owner = excluded.owner
       RETURNING owner`,
    )
    .get(BOT_LEASE, owner, now + ttlMs, now) as { owner: string } | undefined;
  return row?.owner === owner;
}

/** On shutdown: hands the bots to another process at once instead of after the TTL. */
export function releaseBotLease(db: Db, owner: string): void {
  db.$client.prepare("UPDATE scheduler_leases SET owner = NULL, lease_until = 0 WHERE task = ? AND owner = ?").run(BOT_LEASE, owner);
}
