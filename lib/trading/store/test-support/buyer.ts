/**
 * One of the two processes in the store's cross-process test: waits at a file barrier for its
 * peer, then places market buys against the shared database file and prints what happened as JSON.
 *
 * Usage: node --import tsx buyer.ts <db file> <account id> <count> <amount> <barrier dir> <name>
 */
import fs from "node:fs";
import path from "node:path";
import { openDatabase } from "@/lib/db/open";
import { AppError } from "@/lib/errors";
import { placeOrder } from "../orders";
import { market, quoteAt, SOURCE } from "./fixtures";

const [file, accountId, countText, amount, barrier, name] = process.argv.slice(2);
const db = openDatabase(file);

fs.writeFileSync(path.join(barrier, `${name}.ready`), "");
const deadline = Date.now() + 15_000;
const pause = new Int32Array(new SharedArrayBuffer(4));
while (fs.readdirSync(barrier).filter((f) => f.endsWith(".ready")).length < 2 && Date.now() < deadline) Atomics.wait(pause, 0, 0, 5);

const result = { ok: 0, insufficient: 0, other: [] as string[], first: 0, last: 0 };
result.first = Date.now();
for (let i = 0; i < Number(countText); i++) {
  const now = Date.now();
  try {
    placeOrder(db, { accountId, request: { side: "buy", type: "market", amount }, market, price: { source: SOURCE, quote: quoteAt("100", now) }, fee_rate: 0.001, slippage_bps: 0, now });
    result.ok++;
  } catch (error) {
    if (error instanceof AppError && error.code === "insufficient_balance") result.insufficient++;
    else result.other.push(String(error));
  }
  // Yield the write lock now and then so the two processes interleave.
  Atomics.wait(pause, 0, 0, 2);
}
result.last = Date.now();
db.$client.close();
process.stdout.write(JSON.stringify(result));
