import "server-only";
import { env } from "@/lib/env";
import { migrateDatabase, openDatabase, type Db, type Tx } from "./open";
import * as schema from "./schema";

/**
 * One connection per process, kept on globalThis: Next bundles lib/ into several
 * module graphs (proxy, routes, instrumentation) and they must share it.
 */
const KEY = Symbol.for("autocbot.db");
type Holder = { [KEY]?: Db };

export function getDb(): Db {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const db = openDatabase(env().DATABASE_PATH);
    migrateDatabase(db);
    holder[KEY] = db;
  }
  return holder[KEY];
}

export function closeDb(): void {
  const holder = globalThis as Holder;
  holder[KEY]?.$client.close();
  delete holder[KEY];
}

export { openDatabase, migrateDatabase, schema, type Db, type Tx };
