/** Shared setup for the store's tests and its two-process script: a migrated database, a user, a market. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrateDatabase, openDatabase, type Db } from "@/lib/db/open";
import { newId } from "@/lib/ids";
import { parseDecimal, tradingMarket, type PriceQuote, type TradingMarket } from "@/lib/trading/core";

export const SOURCE = "simulated:v1:7";
export const SYMBOL = "BTC/USDT";

export const market: TradingMarket = tradingMarket({ symbol: SYMBOL, base: "BTC", quote: "USDT", price_tick: 0.01, amount_step: 0.0001, min_amount: 0.0001, min_notional: 5 });

export const u = (text: string): bigint => parseDecimal(text);

export function quoteAt(last: string, ts: number, spread?: { bid: string; ask: string }): PriceQuote {
  return { last: u(last), bid: u(spread?.bid ?? last), ask: u(spread?.ask ?? last), ts };
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function migratedDatabase(file: string): Db {
  const db = openDatabase(file);
  migrateDatabase(db);
  return db;
}

export function createUser(db: Db): string {
  const id = newId();
  db.$client.prepare("INSERT INTO users (id, email, password_hash, created_at) VALUES (?, ?, 'x', 0)").run(id, `${id}@example.test`);
  return id;
}
