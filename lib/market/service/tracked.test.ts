import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase } from "@/lib/db/open";
import { strategies, userSettings, users } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { trackedSymbols } from "./tracked";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autocbot-tracked-"));
const db = openDatabase(path.join(dir, "tracked.db"));
migrateDatabase(db);
afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function user(active: boolean, pairs: string[]): string {
  const id = newId();
  db.insert(users).values({ id, email: `${id}@example.test`, passwordHash: "x", createdAt: 0, isActive: active }).run();
  db.insert(userSettings).values({ userId: id, trading: { default_pairs: pairs }, updatedAt: 0 } as typeof userSettings.$inferInsert).run();
  return id;
}

function strategy(userId: string, symbols: string[], enabled: boolean, deletedAt: number | null = null) {
  const id = newId();
  db.insert(strategies).values({ id, userId, name: id, type: "ma_cross", symbols, timeframe: "1h", parameters: {}, risk: {}, enabled, createdAt: 0, updatedAt: 0, deletedAt }).run();
}

describe("trackedSymbols", () => {
  it("joins configured pairs, active users' default pairs and their enabled live strategies' pairs, limited to listed markets", () => {
    const alice = user(true, ["eth-usdt", "XRP/USDT"]);
    const gone = user(false, ["DOGE/USDT"]);
    strategy(alice, ["SOL/USDT", "ADA/USDT"], true);
    strategy(alice, ["AVAX/USDT"], false);
    strategy(alice, ["DOT/USDT"], true, 1);
    strategy(gone, ["BNB/USDT"], true);
    const listed = new Set(["BTC/USDT", "ETH/USDT", "XRP/USDT", "SOL/USDT", "ADA/USDT", "AVAX/USDT", "DOT/USDT", "DOGE/USDT", "BNB/USDT"]);
    expect(trackedSymbols(db, ["BTC/USDT", "LUNA/USDT"], listed)).toEqual(["BTC/USDT", "ADA/USDT", "ETH/USDT", "SOL/USDT", "XRP/USDT"]);
  });

  it("adds the symbols of open paper orders and held paper positions of live accounts", () => {
    const bob = user(true, []);
    const sql = db.$client;
    sql.prepare("INSERT INTO paper_accounts (id, user_id, epoch, source, quote_asset, starting_balance, created_at) VALUES ('acc', ?, 1, 's', 'USDT', 1, 0)").run(bob);
    sql.prepare("INSERT INTO paper_lots (account_id, symbol, owner, fill_id, acquired_at, amount, cost) VALUES ('acc', 'DOGE/USDT', 'manual', 'f1', 0, 5, 1), ('acc', 'BNB/USDT', 'manual', 'f2', 0, 0, 0)").run();
    const listed = new Set(["BTC/USDT", "DOGE/USDT", "BNB/USDT"]);
    expect(trackedSymbols(db, ["BTC/USDT"], listed)).toEqual(["BTC/USDT", "DOGE/USDT"]);
  });
});
