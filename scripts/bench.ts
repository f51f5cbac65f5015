/**
 * `npm run bench`: measured figures, each against a named baseline run in the same process.
 *  1. Login timing: verifying against the dummy hash (unknown email) vs a real hash (wrong password).
 *     The ratio should be ~1.0: an attacker cannot tell which emails have accounts.
 *  2. Rate-limit store: one exact sliding-window hit in SQLite vs a bare INSERT into the same file.
 *  3. Indicators: lib/indicators vs @ixjb94/indicators (the fastest broad npm library) over 1,000,000
 *     candles. Goal: ratio ours/@ixjb94 <= 0.33 for SMA, EMA, MACD, Bollinger, ATR and <= 0.4 for RSI.
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

console.log("bench: indicators over 1,000,000 candles (median of 5 after 2 warm-ups; fresh outputs each call)");
{
  const ind = await import("@/lib/indicators");
  const { IndicatorsSync } = await import("@ixjb94/indicators");
  const ixjb = new IndicatorsSync();
  // Seeded geometric random walk (mulberry32), 0.08% per candle: the workload of the reference measurements.
  const n = 1_000_000;
  let seed = 42;
  const rnd = () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  let price = 100;
  for (let k = 0; k < n; k++) {
    const open = price;
    price *= Math.exp(0.0008 * (rnd() + rnd() + rnd() - 1.5) * 2);
    high[k] = Math.max(open, price) * (1 + 0.0004 * rnd());
    low[k] = Math.min(open, price) * (1 - 0.0004 * rnd());
    close[k] = price;
  }
  // @ixjb94 declares Array inputs; the conversion is done once, outside the timed region.
  const [aHigh, aLow, aClose] = [high, low, close].map((a) => Array.from(a));
  // A collection before each timed call (as in the reference measurements) keeps the GC debt of earlier
  // calls' 8 MB outputs out of later timings; `npm run bench` has no --expose-gc, so enable it here.
  const v8 = await import("node:v8");
  const vm = await import("node:vm");
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc") as () => void;
  const measure = (fn: () => unknown) => {
    fn();
    fn();
    const runs: number[] = [];
    for (let r = 0; r < 5; r++) {
      gc();
      const t0 = performance.now();
      fn();
      runs.push(performance.now() - t0);
    }
    return median(runs);
  };
  const cases: [string, number, () => unknown, () => unknown][] = [
    ["SMA(20)", 3, () => ind.sma(close, 20), () => ixjb.sma(aClose, 20)],
    ["EMA(20)", 3, () => ind.ema(close, 20), () => ixjb.ema(aClose, 20)],
    ["RSI(14)", 2.5, () => ind.rsi(close, 14), () => ixjb.rsi(aClose, 14)],
    ["MACD(12,26,9)", 3, () => ind.macd(close, 12, 26, 9), () => ixjb.macd(aClose, 12, 26, 9)],
    ["Bollinger(20,2)", 3, () => ind.bollinger(close, 20, 2), () => ixjb.bbands(aClose, 20, 2)],
    ["ATR(14)", 3, () => ind.atr(high, low, close, 14), () => ixjb.atr(aHigh, aLow, aClose, 14)],
  ];
  console.log(`  ${"indicator".padEnd(16)} ${"ours ms".padStart(9)} | ${"@ixjb94 ms".padStart(10)} | ${"ratio".padStart(6)} | goal`);
  for (const [name, goal, ours, theirs] of cases) {
    const a = measure(ours);
    const b = measure(theirs);
    const verdict = b / a >= goal ? "met" : "NOT met";
    console.log(`  ${name.padEnd(16)} ${a.toFixed(1).padStart(9)} | ${b.toFixed(1).padStart(10)} | ${(a / b).toFixed(3).padStart(6)} | ${goal}x faster: ${verdict} (${(b / a).toFixed(1)}x)`);
  }
}

console.log("bench: simulated market (lib/market/simulated, 1 s ticks → 1m candles)");
{
  const { simulatedCandles, simulatedCloses } = await import("@/lib/market/simulated");
  const DAY = 86_400_000;
  const day0 = Date.UTC(2024, 0, 1);
  // Baseline: the cheapest loop that touches one random number per element.
  const baseN = 1_000_000;
  let sink = 0;
  const baseMs = median(
    await time(() => {
      for (let k = 0; k < baseN; k++) sink += Math.random();
    }, 5),
  );
  // Warm-up compiles the generator and builds the daily anchors from 2018 once.
  simulatedCandles({ seed: "bench", symbol: "BTC/USDT", timeframe: "1m", from: day0 - DAY, to: day0 });
  // Fresh days each run so nothing is served from the per-process caches.
  const days = 10;
  let d = 0;
  const firstMs = median(
    await time(() => {
      const from = day0 + d++ * DAY;
      simulatedCandles({ seed: "bench", symbol: "BTC/USDT", timeframe: "1m", from, to: from + DAY });
    }, days),
  );
  d = 0;
  // A second symbol on the same day reuses the cached market-factor path.
  const secondMs = median(
    await time(() => {
      const from = day0 + d++ * DAY;
      simulatedCandles({ seed: "bench", symbol: "ETH/USDT", timeframe: "1m", from, to: from + DAY });
    }, days),
  );
  const closesMs = median(await time(() => simulatedCloses({ seed: "bench", symbol: "SOL/USDT", timeframe: "1h", from: Date.UTC(2022, 0, 1), to: Date.UTC(2024, 0, 1) }), 3));
  const perCandleNs = (firstMs * 1e6) / 1440;
  const perRandomNs = (baseMs * 1e6) / baseN;
  console.log(`  baseline sum of Math.random():           ${perRandomNs.toFixed(1)} ns per number`);
  console.log(`  1m candles, first symbol of a day:       ${firstMs.toFixed(1)} ms per symbol-day (${Math.round(1440 / (firstMs / 1000)).toLocaleString("en-US")} candles/s)`);
  console.log(`  1m candles, factor path cached:          ${secondMs.toFixed(1)} ms per symbol-day (${Math.round(1440 / (secondMs / 1000)).toLocaleString("en-US")} candles/s)`);
  console.log(`  one symbol-year of 1m candles (est.):    ${((firstMs * 365) / 1000).toFixed(1)} s`);
  console.log(`  2 years of 1h closes (random access):    ${closesMs.toFixed(1)} ms`);
  console.log(`  ratio per 1m candle / per random number: ${(perCandleNs / perRandomNs).toFixed(0)}`);
  if (sink < 0) console.log(sink);
}
