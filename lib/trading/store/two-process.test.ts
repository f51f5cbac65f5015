import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { balanceOf } from "@/lib/trading/core";
import { getBalances, getOrCreateAccount, sumLedgerCheck } from "./accounts";
import { listOrders } from "./orders";
import { createUser, migratedDatabase, SOURCE, tempDir, u } from "./test-support/fixtures";

/*
 * A single process with synchronous better-sqlite3 serialises trivially, so "many concurrent orders"
 * proves nothing in one process (§3.12). Two processes place market buys against one database file:
 * only BEGIN IMMEDIATE, the busy timeout and the conditional debit keep the balance whole.
 */

const dir = tempDir("autocbot-paper-2proc-");
const file = path.join(dir, "paper.db");
const db = migratedDatabase(file);
afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

type Outcome = { ok: number; insufficient: number; other: string[]; first: number; last: number };

function buyer(accountId: string, count: number, amount: string, barrier: string, name: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const script = path.join("lib", "trading", "store", "test-support", "buyer.ts");
    const child = spawn(process.execPath, ["--import", "tsx", script, file, accountId, String(count), amount, barrier, name], { cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`buyer ${name} exited with ${code}: ${err}`));
      else resolve(JSON.parse(out) as Outcome);
    });
  });
}

describe("two processes against one database file", () => {
  it("50 market buys of 10% of the balance each: exactly as many succeed as the balance covers", async () => {
    const account = getOrCreateAccount(db, createUser(db), { source: SOURCE, quoteAsset: "USDT", startingBalance: u("10000") });
    const barrier = fs.mkdtempSync(path.join(dir, "barrier-"));
    // 10 BTC at 100 is 1,000 USDT plus a 1 USDT fee: nine fit in 10,000, the tenth is 10 short.
    const [a, b] = await Promise.all([buyer(account.id, 25, "10", barrier, "a"), buyer(account.id, 25, "10", barrier, "b")]);
    expect([...a.other, ...b.other]).toEqual([]);
    // The two loops ran at the same time, or the test would prove nothing.
    expect(a.first < b.last && b.first < a.last).toBe(true);
    expect(a.ok + b.ok).toBe(9);
    expect(a.insufficient + b.insufficient).toBe(41);
    const balances = getBalances(db, account.id);
    expect(balanceOf(balances, "USDT")).toEqual({ free: u("10000") - BigInt(9) * u("1001"), locked: u("0") });
    expect(balanceOf(balances, "BTC")).toEqual({ free: u("90"), locked: u("0") });
    expect(sumLedgerCheck(db, account.id).ok).toBe(true);
    expect(listOrders(db, account.id).filter((o) => o.status === "filled")).toHaveLength(9);
    expect(listOrders(db, account.id)).toHaveLength(9);
  }, 20_000);
});
