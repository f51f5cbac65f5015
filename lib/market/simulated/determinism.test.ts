import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { simulatedCandles, type CandleArrays } from "./candles";

const run = promisify(execFile);
const DAY = 86_400_000;
const GOLDEN_DAY = Date.UTC(2024, 0, 15);
/**
 * SHA-256 of BTC/USDT 1m candles for 2024-01-15 under seed "golden", serialised below. It changes
 * only if the algorithm changes (then bump SIMULATED_VERSION) or if V8's Math.exp/log change
 * beyond what rounding to the tick absorbs: determinism is promised per Node major (§4.2).
 */
const GOLDEN_SHA256 = "faa263064bc8a911d2f69f7e9cc9f3ea013bedc644d03089a87a34415300ee62";

const SERIALIZE = `(c) => { let s = ""; for (let i = 0; i < c.openTime.length; i++) s += c.openTime[i] + "," + c.open[i].toFixed(2) + "," + c.high[i].toFixed(2) + "," + c.low[i].toFixed(2) + "," + c.close[i].toFixed(2) + "," + c.volume[i].toFixed(5) + "\\n"; return s; }`;
// Evaluated from the same source text the children run, so a serialiser drift cannot hide a mismatch.
const serialize = new Function(`return ${SERIALIZE}`)() as (c: CandleArrays) => string;
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

function goldenWindow(): CandleArrays {
  return simulatedCandles({ seed: "golden", symbol: "BTC/USDT", timeframe: "1m", from: GOLDEN_DAY, to: GOLDEN_DAY + DAY });
}

describe("determinism", () => {
  it("matches the golden SHA-256 of a fixed window", () => {
    expect(sha256(serialize(goldenWindow()))).toBe(GOLDEN_SHA256);
  });

  it("gives identical arrays whatever order ranges are queried in", () => {
    const q = { seed: "order", symbol: "AVAX/USDT", timeframe: "5m" as const };
    const a0 = Date.UTC(2023, 5, 1);
    // Later days first, a different symbol in between, then the whole range at once.
    const late = simulatedCandles({ ...q, from: a0 + 2 * DAY, to: a0 + 3 * DAY });
    simulatedCandles({ ...q, symbol: "BTC/USDT", from: a0, to: a0 + 3 * DAY });
    const mid = simulatedCandles({ ...q, from: a0 + DAY, to: a0 + 2 * DAY });
    const early = simulatedCandles({ ...q, from: a0, to: a0 + DAY });
    const all = simulatedCandles({ ...q, from: a0, to: a0 + 3 * DAY });
    for (const k of ["openTime", "open", "high", "low", "close", "volume"] as const) {
      expect(Array.from(all[k])).toEqual([...early[k], ...mid[k], ...late[k]]);
    }
  });

  it("is byte-identical in separate processes with different TZ settings", async () => {
    const moduleUrl = new URL("./index.ts", import.meta.url).href;
    const script = `
      const m = await import(${JSON.stringify(moduleUrl)});
      const { createHash } = await import("node:crypto");
      const c = m.simulatedCandles({ seed: "golden", symbol: "BTC/USDT", timeframe: "1m", from: ${GOLDEN_DAY}, to: ${GOLDEN_DAY + DAY} });
      process.stdout.write(createHash("sha256").update((${SERIALIZE})(c)).digest("hex"));
    `;
    const child = (tz: string) => run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { env: { ...process.env, TZ: tz } });
    const [utc, auckland] = await Promise.all([child("UTC"), child("Pacific/Auckland")]);
    expect(utc.stdout).toBe(auckland.stdout);
    expect(utc.stdout).toBe(GOLDEN_SHA256);
  }, 60_000);
});
