import { z } from "zod";
import { ema, sma } from "@/lib/indicators";
import { markCrossings } from "./crossings";
import { period } from "./param-fields";
import { withScratch } from "./scratch-buffers";
import { defineStrategy, ENTER_LONG, ENTER_SHORT, EXIT_LONG, EXIT_SHORT } from "./types";
import { LOOKBACK, warmupBars } from "./warmup";

export const maCrossParameters = z
  .object({
    ma_type: z.enum(["sma", "ema"], { error: "The average must be sma or ema." }).default("sma"),
    fast_period: period("The fast period", 1, 1000).default(10),
    slow_period: period("The slow period", 2, 2000).default(30),
  })
  .strict()
  .refine((p) => p.fast_period < p.slow_period, {
    path: ["slow_period"],
    message: "The slow period must be longer than the fast period.",
  });

export type MaCrossParameters = z.output<typeof maCrossParameters>;

/**
 * Moving-average crossover: long when the fast average crosses above the slow one, out when it
 * crosses back below; with shorts allowed, the mirror image (the same bar closes one side and opens
 * the other).
 */
export const maCross = defineStrategy({
  type: "ma_cross",
  label: "Moving-average crossover",
  description: "Enters when the fast moving average crosses above the slow one and exits on the opposite cross.",
  canShort: true,
  parameters: maCrossParameters,
  warmupBars(p) {
    const lookback = LOOKBACK.sma(p.slow_period);
    return warmupBars({ lookbacks: [lookback], recursivePeriods: p.ma_type === "ema" ? [p.slow_period] : [] });
  },
  signals(candles, p, { allowShort }) {
    const average = p.ma_type === "ema" ? ema : sma;
    const n = candles.close.length;
    const flags = new Uint8Array(n);
    withScratch(n, 2, (fastOut, slowOut) => {
      const fast = average(candles.close, p.fast_period, fastOut);
      const slow = average(candles.close, p.slow_period, slowOut);
      markCrossings(fast, slow, flags, allowShort ? ENTER_LONG | EXIT_SHORT : ENTER_LONG, allowShort ? EXIT_LONG | ENTER_SHORT : EXIT_LONG);
    });
    return { flags };
  },
});
