/**
 * Records lib/indicators/golden.json: TA-Lib's outputs on two deterministic synthetic OHLCV series
 * (price near 100 and near 50,000), which lib/indicators' tests compare against.
 *
 * talib is a test oracle only, never a dependency: install it without saving, then run
 *   npm i --no-save talib@1.1.6 && node --import tsx scripts/indicators-golden.ts
 * 1.1.6 because 2.x requires Node 24. The file records talib's version and this script's SHA-256;
 * a test fails when the script changes without the golden file being regenerated from it.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

interface TalibResult {
  begIndex: number;
  nbElement: number;
  result: Record<string, number[]>;
  error?: string;
}
interface Talib {
  version: string;
  execute(params: Record<string, unknown>): TalibResult;
}

const require = createRequire(import.meta.url);
const talib = require("talib") as Talib;
const talibPackageVersion = (require("talib/package.json") as { version: string }).version;

const CANDLES = 600;
const FLAT_FROM = 300;
const FLAT_TO = 330;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Geometric random walk (0.4% per candle) with wicks and log-normal volume, prices rounded to a tick
 * as an exchange would. Candles FLAT_FROM..FLAT_TO are identical (a halted market), which drives the
 * zero-range branches: RSI/stochastic/DI with no movement, zero standard deviation.
 */
function series(seed: number, start: number, tick: number) {
  const rnd = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const round = (x: number) => Number((Math.round(x / tick) * tick).toFixed(8));
  const open: number[] = [];
  const high: number[] = [];
  const low: number[] = [];
  const close: number[] = [];
  const volume: number[] = [];
  let prev = start;
  for (let i = 0; i < CANDLES; i++) {
    const o = round(prev);
    if (i >= FLAT_FROM && i < FLAT_TO) {
      open.push(o);
      high.push(o);
      low.push(o);
      close.push(o);
      volume.push(0);
      continue;
    }
    const c = round(o * Math.exp(0.004 * gauss()));
    const h = round(Math.max(o, c) * (1 + 0.002 * Math.abs(gauss())));
    const l = round(Math.min(o, c) * (1 - 0.002 * Math.abs(gauss())));
    open.push(o);
    high.push(h);
    low.push(l);
    close.push(c);
    volume.push(Number((10 * Math.exp(gauss())).toFixed(4)));
    prev = c;
  }
  return { open, high, low, close, volume };
}

type Ohlcv = ReturnType<typeof series>;

/** Full-length, index-aligned output; JSON has no NaN, so the warm-up prefix is null. */
function run(name: string, inputs: Record<string, number[]>, opts: Record<string, number>): Record<string, (number | null)[]> {
  const n = Object.values(inputs)[0].length;
  const res = talib.execute({ name, startIdx: 0, endIdx: n - 1, ...inputs, ...opts });
  if (res.error) throw new Error(`${name}: ${res.error}`);
  const out: Record<string, (number | null)[]> = {};
  for (const [key, values] of Object.entries(res.result)) {
    const aligned: (number | null)[] = new Array(n).fill(null);
    for (let i = 0; i < res.nbElement; i++) aligned[res.begIndex + i] = values[i];
    out[key] = aligned;
  }
  return out;
}

function outputs(s: Ohlcv) {
  // Plain Arrays: talib 1.1.6 reads a Float64Array as garbage without complaint.
  const inReal = { inReal: s.close };
  const hlc = { high: s.high, low: s.low, close: s.close };
  return {
    "SMA(20)": run("SMA", inReal, { optInTimePeriod: 20 }),
    "SMA(50)": run("SMA", inReal, { optInTimePeriod: 50 }),
    "EMA(20)": run("EMA", inReal, { optInTimePeriod: 20 }),
    "EMA(50)": run("EMA", inReal, { optInTimePeriod: 50 }),
    "RSI(14)": run("RSI", inReal, { optInTimePeriod: 14 }),
    "MACD(12,26,9)": run("MACD", inReal, { optInFastPeriod: 12, optInSlowPeriod: 26, optInSignalPeriod: 9 }),
    "BBANDS(20,2)": run("BBANDS", inReal, { optInTimePeriod: 20, optInNbDevUp: 2, optInNbDevDn: 2, optInMAType: 0 }),
    "ATR(14)": run("ATR", hlc, { optInTimePeriod: 14 }),
    "STOCH(14,3,3)": run("STOCH", hlc, {
      optInFastK_Period: 14,
      optInSlowK_Period: 3,
      optInSlowK_MAType: 0,
      optInSlowD_Period: 3,
      optInSlowD_MAType: 0,
    }),
    "ADX(14)": run("ADX", hlc, { optInTimePeriod: 14 }),
    "PLUS_DI(14)": run("PLUS_DI", hlc, { optInTimePeriod: 14 }),
    "MINUS_DI(14)": run("MINUS_DI", hlc, { optInTimePeriod: 14 }),
    "STDDEV(20)": run("STDDEV", inReal, { optInTimePeriod: 20, optInNbDev: 1 }),
  };
}

const scriptPath = fileURLToPath(import.meta.url);
const scriptSha256 = crypto.createHash("sha256").update(fs.readFileSync(scriptPath)).digest("hex");
const specs = [
  { name: "price100", seed: 1001, start: 100, tick: 0.01 },
  { name: "price50000", seed: 50_000, start: 50_000, tick: 0.1 },
];
const golden = {
  generator: "scripts/indicators-golden.ts",
  scriptSha256,
  talib: { package: talibPackageVersion, binding: talib.version },
  node: process.version,
  series: specs.map((spec) => {
    const s = series(spec.seed, spec.start, spec.tick);
    return { ...spec, input: s, output: outputs(s) };
  }),
};

// One array per line keeps diffs of a regenerated file readable.
const json = JSON.stringify(golden, null, 1).replace(/\[\s+([^\][{}]*?)\s+\]/g, (_m, body: string) => `[${body.replace(/\s+/g, "")}]`);
const target = path.join(path.dirname(scriptPath), "../lib/indicators/golden.json");
fs.writeFileSync(target, json + "\n");
console.log(`wrote ${path.relative(process.cwd(), target)} (${(json.length / 1024).toFixed(0)} KiB, talib ${talibPackageVersion}, script sha256 ${scriptSha256.slice(0, 12)}…)`);
