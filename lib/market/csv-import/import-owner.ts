import type { Db } from "../../db/open";
import { NotFound } from "../../errors";

export interface ImportOwner {
  id: string;
  email: string;
}

/**
 * The account an operator's import (npm run data:import) belongs to: the one named by email or id,
 * or else the first admin (the first account registered becomes the admin).
 */
export function resolveImportOwner(db: Db, who: { email?: string; user?: string } = {}): ImportOwner {
  const client = db.$client;
  if (who.email !== undefined || who.user !== undefined) {
    const key = (who.email ?? who.user ?? "").trim();
    const row = client
      .prepare<[string, string], ImportOwner>("SELECT id, email FROM users WHERE id = ? OR email = ? LIMIT 1")
      .get(who.email !== undefined ? "" : key, key.toLowerCase());
    if (!row) throw new NotFound(`No account ${who.email !== undefined ? "with email" : "with id or email"} ${key}.`);
    return row;
  }
  const admin = client
    .prepare<[], ImportOwner>("SELECT id, email FROM users WHERE role = 'admin' AND is_active = 1 ORDER BY created_at, id LIMIT 1")
    .get();
  if (!admin) throw new NotFound("No admin account yet: register one first, or name the owner with --email.");
  return admin;
}
