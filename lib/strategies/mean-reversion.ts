import { z } from "zod";
import { adx, atr, bollinger, rsi, sma, volumeMa, zscore } from "@/lib/indicators";
import { numberBetween, period } from "./param-fields";
import { defineStrategy, ENTER_LONG, EXIT_LONG, type DynamicStop } from "./types";
import { LOOKBACK, warmupBars } from "./warmup";

const roiStep = z
  .object({
    after_minutes: z.number({ error: "Minutes must be a number." }).int("Minutes must be a whole number.").min(0, "Minutes cannot be negative."),
    pct: numberBetween("The ROI", -100, 10_000, "%"),
  })
  .strict();

/** The template's table: 10% at once, 5% after 20 minutes, 3% after 40, 1% after an hour. */
export const DEFAULT_ROI_TABLE = [
  { after_minutes: 0, pct: 10 },
  { after_minutes: 20, pct: 5 },
  { after_minutes: 40, pct: 3 },
  { after_minutes: 60, pct: 1 },
];

/**
 * The original's "Mean Reversion Base" (a Freqtrade template, SPEC §3.10) with its parameter names,
 * ranges and defaults; the thresholds the template hard-coded are parameters here with the
 * template's values as defaults. The template's hard stop (−5%) and trailing stop (1%) are the
 * strategy's `risk` settings; `trailing_offset_pct` delays the trail until the trade is that far in
 * profit, as Freqtrade's `trailing_only_offset_is_reached`.
 */
export const meanReversionParameters = z
  .object({
    bb_period: period("The Bollinger period", 15, 25).default(20),
    bb_std: numberBetween("The Bollinger width", 1.5, 2.5).default(2),
    buy_rsi_period: period("The RSI period", 7, 21).default(14),
    buy_rsi: numberBetween("The buy RSI", 20, 35).default(30),
    sell_rsi: numberBetween("The sell RSI", 60, 80).default(70),
    zscore_period: period("The z-score period", 20, 50).default(30),
    adx_period: period("The ADX period", 10, 20).default(14),
    zscore_entry: numberBetween("The entry z-score", -5, 0).default(-2),
    zscore_exit: numberBetween("The exit z-score", -2, 5).default(0),
    adx_entry_max: numberBetween("The entry ADX limit", 5, 60).default(25),
    adx_exit_min: numberBetween("The exit ADX level", 10, 100).default(35),
    volume_ma_period: period("The volume average period", 2, 200).default(20),
    /** null turns the "close above the long SMA" trend filter off. */
    trend_sma_period: period("The trend SMA period", 10, 1000).nullable().default(200),
    min_bb_width: numberBetween("The minimum band width", 0, 1).default(0.02),
    roi_table: z
      .array(roiStep, { error: "The ROI table must be a list of steps." })
      .max(20, "Use at most 20 ROI steps.")
      .refine((steps) => new Set(steps.map((s) => s.after_minutes)).size === steps.length, "Each ROI step needs its own minute.")
      .default(DEFAULT_ROI_TABLE),
    trailing_offset_pct: numberBetween("The trailing offset", 0, 100, "%").nullable().default(2),
    dynamic_stop: z.boolean({ error: "The dynamic stop must be true or false." }).default(true),
    stop_atr_period: period("The stop's ATR period", 2, 100).default(14),
    stop_atr_mult: numberBetween("The stop's ATR multiple", 0.5, 10).default(2.5),
  })
  .strict()
  .refine((p) => p.zscore_exit > p.zscore_entry, { path: ["zscore_exit"], message: "The exit z-score must be above the entry z-score." });

export type MeanReversionParameters = z.output<typeof meanReversionParameters>;

/**
 * Long only, like the template. Entry (all): ADX < adx_entry_max, close < lower band, RSI < buy_rsi,
 * z < zscore_entry, volume > its average, close > trend SMA, band width > min_bb_width, volume > 0.
 * Exit (any): close ≥ middle band and RSI > sell_rsi, z > zscore_exit, ADX > adx_exit_min.
 */
export const meanReversion = defineStrategy({
  type: "mean_reversion",
  label: "Mean reversion",
  description: "Buys oversold dips inside a range (Bollinger, RSI, z-score, ADX and volume filters) and exits at the mean, with a minimal-ROI table.",
  canShort: false,
  parameters: meanReversionParameters,
  warmupBars(p) {
    const lookbacks = [
      LOOKBACK.bollinger(p.bb_period),
      LOOKBACK.rsi(p.buy_rsi_period),
      LOOKBACK.zscore(p.zscore_period),
      LOOKBACK.adx(p.adx_period),
      LOOKBACK.sma(p.volume_ma_period),
    ];
    const recursive = [p.buy_rsi_period, p.adx_period];
    if (p.trend_sma_period !== null) lookbacks.push(LOOKBACK.sma(p.trend_sma_period));
    if (p.dynamic_stop) {
      lookbacks.push(LOOKBACK.atr(p.stop_atr_period));
      recursive.push(p.stop_atr_period);
    }
    return warmupBars({ lookbacks, recursivePeriods: recursive });
  },
  signals(candles, p) {
    const { high, low, close, volume } = candles;
    const n = close.length;
    const bands = bollinger(close, p.bb_period, p.bb_std);
    const strength = rsi(close, p.buy_rsi_period);
    const z = zscore(close, p.zscore_period);
    const trend = adx(high, low, close, p.adx_period).adx;
    const volumeAverage = volumeMa(volume, p.volume_ma_period);
    const trendSma = p.trend_sma_period === null ? null : sma(close, p.trend_sma_period);
    const flags = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const c = close[i];
      const middle = bands.middle[i];
      const width = (bands.upper[i] - bands.lower[i]) / middle;
      const enter =
        trend[i] < p.adx_entry_max &&
        c < bands.lower[i] &&
        strength[i] < p.buy_rsi &&
        z[i] < p.zscore_entry &&
        volume[i] / volumeAverage[i] > 1 &&
        (trendSma === null || c > trendSma[i]) &&
        width > p.min_bb_width &&
        volume[i] > 0;
      const exit = (c >= middle && strength[i] > p.sell_rsi) || z[i] > p.zscore_exit || trend[i] > p.adx_exit_min;
      flags[i] = (enter ? ENTER_LONG : 0) | (exit ? EXIT_LONG : 0);
    }
    return {
      flags,
      roi: [...p.roi_table].sort((a, b) => a.after_minutes - b.after_minutes),
      trailingActivationPct: p.trailing_offset_pct,
      dynamicStop: p.dynamic_stop ? templateStop(close, atr(high, low, close, p.stop_atr_period), p.stop_atr_mult) : undefined,
    };
  },
});

/**
 * The template's custom stop, relative to the close (gross profit of the close over the entry fill):
 * losing → close × (1 − min(k·ATR/close, 5%)); above +5% → lock +1% over the entry; above +3% → 1%
 * below the close; above +1% → 2% below; otherwise 3% below. The engine never loosens a stop with it.
 */
export function templateStop(close: Float64Array, atrValues: Float64Array, atrMult: number): DynamicStop {
  return (_side, entryPrice, bar) => {
    const rate = close[bar];
    const profit = rate / entryPrice - 1;
    if (profit < 0) return rate * (1 - Math.min((atrMult * atrValues[bar]) / rate, 0.05));
    if (profit > 0.05) return entryPrice * 1.01;
    if (profit > 0.03) return rate * 0.99;
    if (profit > 0.01) return rate * 0.98;
    return rate * 0.97;
  };
}
