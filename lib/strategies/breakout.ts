import { z } from "zod";
import { atr, donchian } from "@/lib/indicators";
import { numberBetween, period } from "./param-fields";
import { defineStrategy, ENTER_LONG, ENTER_SHORT, EXIT_LONG, EXIT_SHORT } from "./types";
import { LOOKBACK, warmupBars } from "./warmup";

export const breakoutParameters = z
  .object({
    channel_period: period("The channel period", 2, 1000).default(20),
    exit_period: period("The exit channel period", 2, 1000).default(10),
    atr_period: period("The ATR period", 1, 500).default(14),
    /** null: no ATR stop (the risk settings' stop-loss still applies). */
    atr_stop_mult: numberBetween("The ATR stop multiple", 0.1, 20).nullable().default(2),
  })
  .strict();

export type BreakoutParameters = z.output<typeof breakoutParameters>;

/**
 * Donchian breakout (trading-semantics.md §1.11): the channel covers the previous `channel_period`
 * candles and excludes the current one, since a channel that includes the current high can never be
 * closed above. Long when close[t] > upper[t]; out when close[t] < the lower band of the shorter exit
 * channel. The stop is entry fill − k × ATR[t] of the signal candle, fixed at entry.
 */
export const breakout = defineStrategy({
  type: "breakout",
  label: "Donchian breakout",
  description: "Enters when the close breaks the channel of the previous candles, exits on the exit channel, with an ATR stop fixed at entry.",
  canShort: true,
  parameters: breakoutParameters,
  warmupBars(p) {
    const lookbacks = [LOOKBACK.donchianExcludingCurrent(p.channel_period), LOOKBACK.donchianExcludingCurrent(p.exit_period)];
    if (p.atr_stop_mult === null) return warmupBars({ lookbacks });
    return warmupBars({ lookbacks: [...lookbacks, LOOKBACK.atr(p.atr_period)], recursivePeriods: [p.atr_period] });
  },
  signals(candles, p, { allowShort }) {
    const { high, low, close } = candles;
    const n = close.length;
    const entry = donchian(high, low, p.channel_period, { excludeCurrent: true });
    const exit = donchian(high, low, p.exit_period, { excludeCurrent: true });
    const flags = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const c = close[i];
      let f = 0;
      if (c > entry.upper[i]) f |= ENTER_LONG;
      if (c < exit.lower[i]) f |= EXIT_LONG;
      if (allowShort) {
        if (c < entry.lower[i]) f |= ENTER_SHORT;
        if (c > exit.upper[i]) f |= EXIT_SHORT;
      }
      flags[i] = f;
    }
    if (p.atr_stop_mult === null) return { flags };
    const distance = atr(high, low, close, p.atr_period);
    const k = p.atr_stop_mult;
    for (let i = 0; i < n; i++) distance[i] *= k;
    return { flags, entryStopDistance: distance };
  },
});
