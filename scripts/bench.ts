/**
 * `npm run bench`: measured figures, each against a named baseline run in the same process.
 *  1. Login timing: verifying against the dummy hash (unknown email) vs a real hash (wrong password).
 *     The ratio should be ~1.0: an attacker cannot tell which emails have accounts.
 *  2. Rate-limit store: one exact sliding-window hit in SQLite vs a bare INSERT into the same file.
 */
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import { performance } from "node:perf_hooks";

process.env.AUTH_SECRET ??= "bench-auth-secret-0123456789abcdef0123456789";
process.env.ENCRYPTION_KEY ??= Buffer.alloc(32, 1).toString("base64");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autocbot-bench-"));
process.env.DATABASE_PATH = path.join(dir, "bench.db");

const { hashPassword, verifyPassword, verifyDummyPassword } = await import("@/lib/auth/password-hash");
const { openDatabase, migrateDatabase } = await import("@/lib/db/open");
const { SqliteRateLimitStore } = await import("@/lib/security/sqlite-rate-limit-store");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(fn: () => Promise<unknown> | unknown, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

console.log("bench: login timing (scrypt N=2^17, r=8, p=1)");
const stored = await hashPassword("Bench-Passw0rd!");
await verifyDummyPassword("warm-up");
const real = median(await time(() => verifyPassword(stored, "Wrong-Passw0rd!"), 9));
const dummy = median(await time(() => verifyDummyPassword("Wrong-Passw0rd!"), 9));
console.log(`  baseline wrong password (real hash):     ${real.toFixed(1)} ms median`);
console.log(`  unknown email (dummy hash):              ${dummy.toFixed(1)} ms median`);
console.log(`  ratio unknown/wrong:                     ${(dummy / real).toFixed(3)}`);

console.log("bench: rate-limit store (SQLite, WAL)");
const db = openDatabase(process.env.DATABASE_PATH);
migrateDatabase(db);
db.$client.exec("CREATE TABLE bench_baseline (k TEXT, at INTEGER)");
const insert = db.$client.prepare("INSERT INTO bench_baseline (k, at) VALUES (?, ?)");
const store = new SqliteRateLimitStore(db);
const N = 2000;
const base = (await time(() => insert.run("k", Date.now()), N)).reduce((a, b) => a + b, 0);
let i = 0;
const hits = (await time(() => store.hit(`bench:${i++ % 50}`, 1_000_000, 60_000, Date.now()), N)).reduce((a, b) => a + b, 0);
console.log(`  baseline bare INSERT:                    ${((base / N) * 1000).toFixed(1)} µs per call`);
console.log(`  sliding-window hit (count + insert):     ${((hits / N) * 1000).toFixed(1)} µs per call`);
console.log(`  ratio hit/insert:                        ${(hits / base).toFixed(2)}`);
db.$client.close();
fs.rmSync(dir, { recursive: true, force: true });
