import { z } from "zod";
import { ema, macd } from "@/lib/indicators";
import { period } from "./param-fields";
import { withScratch } from "./scratch-buffers";
import { defineStrategy, ENTER_LONG, ENTER_SHORT, EXIT_LONG, EXIT_SHORT } from "./types";
import { LOOKBACK, warmupBars } from "./warmup";

export const momentumParameters = z
  .object({
    macd_fast: period("The MACD fast period", 2, 500).default(12),
    macd_slow: period("The MACD slow period", 3, 1000).default(26),
    macd_signal: period("The MACD signal period", 1, 500).default(9),
    /** null turns the trend filter off. */
    trend_ema_period: period("The trend EMA period", 2, 1000).nullable().default(200),
  })
  .strict()
  .refine((p) => p.macd_fast < p.macd_slow, { path: ["macd_slow"], message: "The MACD slow period must be longer than the fast period." });

export type MomentumParameters = z.output<typeof momentumParameters>;

/**
 * MACD momentum with an EMA trend filter: long when the MACD line crosses above its signal line
 * while the close is above the trend EMA; out when the line crosses back below (the filter does not
 * delay exits). Shorts mirror it below the trend EMA.
 */
export const momentum = defineStrategy({
  type: "momentum",
  label: "MACD momentum",
  description: "Enters on a MACD line/signal cross in the direction of the EMA trend and exits on the opposite cross.",
  canShort: true,
  parameters: momentumParameters,
  warmupBars(p) {
    const lookbacks = [LOOKBACK.macd(p.macd_fast, p.macd_slow, p.macd_signal)];
    const recursive = [p.macd_slow, p.macd_signal];
    if (p.trend_ema_period !== null) {
      lookbacks.push(LOOKBACK.ema(p.trend_ema_period));
      recursive.push(p.trend_ema_period);
    }
    return warmupBars({ lookbacks, recursivePeriods: recursive });
  },
  signals(candles, p, { allowShort }) {
    const close = candles.close;
    const n = close.length;
    const flags = new Uint8Array(n);
    withScratch(n, 4, (lineOut, signalOut, histOut, trendOut) => {
      const m = macd(close, p.macd_fast, p.macd_slow, p.macd_signal, { line: lineOut, signal: signalOut, hist: histOut });
      const trend = p.trend_ema_period === null ? null : ema(close, p.trend_ema_period, trendOut);
      const line = m.line;
      const signal = m.signal;
      for (let i = 1; i < n; i++) {
        const up = line[i] > signal[i] && line[i - 1] <= signal[i - 1];
        const down = line[i] < signal[i] && line[i - 1] >= signal[i - 1];
        if (!up && !down) continue;
        // NaN trend (warm-up) fails both comparisons: no entry until the filter is defined.
        if (up) flags[i] = (trend === null || close[i] > trend[i] ? ENTER_LONG : 0) | (allowShort ? EXIT_SHORT : 0);
        else flags[i] = EXIT_LONG | (allowShort && (trend === null || close[i] < trend[i]) ? ENTER_SHORT : 0);
      }
    });
    return { flags };
  },
});
