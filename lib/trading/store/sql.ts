/**
 * Raw statements for the paper-trading tables. Money columns are INTEGER atomic units and are read
 * as BigInt (`safeIntegers(true)` on every reader), so every integer a row yields is a bigint:
 * timestamps and counts are converted to numbers where they are read, money never is.
 */
import type Database from "better-sqlite3";
import type { Db } from "@/lib/db/open";

export type Sqlite = Database.Database;

const cache = new WeakMap<Sqlite, Map<string, Database.Statement>>();

/** A cached prepared statement; readers return BigInt for every INTEGER column. */
export function stmt(sqlite: Sqlite, text: string): Database.Statement {
  let byText = cache.get(sqlite);
  if (!byText) {
    byText = new Map();
    cache.set(sqlite, byText);
  }
  let s = byText.get(text);
  if (!s) {
    s = sqlite.prepare(text);
    if (s.reader) s.safeIntegers(true);
    byText.set(text, s);
  }
  return s;
}

export function one<T>(sqlite: Sqlite, text: string, ...params: unknown[]): T | undefined {
  return stmt(sqlite, text).get(...params) as T | undefined;
}

export function all<T>(sqlite: Sqlite, text: string, ...params: unknown[]): T[] {
  return stmt(sqlite, text).all(...params) as T[];
}

export function run(sqlite: Sqlite, text: string, ...params: unknown[]): Database.RunResult {
  return stmt(sqlite, text).run(...params);
}

/**
 * Runs fn in BEGIN IMMEDIATE: the write lock is taken before the first read, so a read-then-write
 * never meets SQLITE_BUSY halfway (busy_timeout waits for the lock instead). Called inside another
 * transaction it becomes a savepoint of that one.
 */
export function immediate<T>(db: Db, fn: (sqlite: Sqlite) => T): T {
  const sqlite = db.$client;
  return sqlite.transaction(() => fn(sqlite)).immediate();
}

/** A safe-integer column (ms, counts) as a number. */
export const toNum = (v: bigint | number): number => Number(v);
export const toNumOrNull = (v: bigint | number | null): number | null => (v === null ? null : Number(v));
