import { z } from "zod";
import { numberBetween, wholeBetween } from "./param-fields";
import { defineStrategy } from "./types";

function price(label: string) {
  return z
    .number({ error: (issue) => (issue.input === undefined ? `Enter ${label.toLowerCase()}.` : `${label} must be a number.`) })
    .gt(0, `${label} must be above 0.`)
    .max(1e12, `${label} must be at most 1,000,000,000,000.`);
}

export const gridParameters = z
  .object({
    lower_price: price("The lower price"),
    upper_price: price("The upper price"),
    levels: wholeBetween("The number of levels", 2, 200).default(10),
    spacing: z.enum(["arithmetic", "geometric"], { error: "The spacing must be arithmetic or geometric." }).default("arithmetic"),
    quote_per_level: numberBetween("The amount per level", 0.01, 1_000_000_000).default(100),
  })
  .strict()
  .refine((p) => p.lower_price < p.upper_price, { path: ["upper_price"], message: "The upper price must be above the lower price." });

export type GridParameters = z.output<typeof gridParameters>;

/** The grid lines from lower to upper inclusive: equal steps (arithmetic) or equal ratios (geometric). */
export function gridLevels(p: Pick<GridParameters, "lower_price" | "upper_price" | "levels" | "spacing">): Float64Array {
  const out = new Float64Array(p.levels);
  const last = p.levels - 1;
  const ratio = p.upper_price / p.lower_price;
  for (let i = 0; i <= last; i++) {
    out[i] = p.spacing === "geometric" ? p.lower_price * Math.pow(ratio, i / last) : p.lower_price + ((p.upper_price - p.lower_price) * i) / last;
  }
  // The end points exactly as given, whatever the rounding of the steps.
  out[0] = p.lower_price;
  out[last] = p.upper_price;
  return out;
}

/**
 * Grid trading (trading-semantics.md §1.11), the all-in-cash variant: at the first tradable candle's
 * open a limit buy rests at every level below that open (the top line only ever sells). A buy at
 * level L fills at exactly L once a candle's low reaches it and posts a limit sell of the same amount
 * one level up; a filled sell re-posts the buy at its level. An order posted inside a candle can fill
 * from the next candle on (the next minute in 1m detail mode), and each level fills at most once per
 * candle. Each buy→sell pair is one trade.
 *
 * The prices are absolute, so a grid trades exactly one pair. Each level buys `quote_per_level` (fee
 * included): position_size_pct is not used, and neither are the risk stop-loss, take-profit and
 * trailing stop.
 */
export const grid = defineStrategy({
  type: "grid",
  label: "Grid",
  description:
    "Places limit buys on evenly spaced price levels below the price; each filled buy is sold one level up and the buy is then placed again. Trades exactly one pair. Sizing uses the amount per level, not the position size; the risk stop-loss, take-profit and trailing stop are not used.",
  canShort: false,
  parameters: gridParameters,
  ignoresRisk: ["position_size_pct", "stop_loss_pct", "take_profit_pct", "trailing_stop_pct"],
  warmupBars() {
    return 0;
  },
  signals(candles, p) {
    return { flags: new Uint8Array(candles.close.length), grid: { levels: gridLevels(p), quote_per_level: p.quote_per_level } };
  },
});
