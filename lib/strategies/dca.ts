import { z } from "zod";
import { numberBetween, wholeBetween } from "./param-fields";
import { defineStrategy, ENTER_LONG } from "./types";

export const dcaParameters = z
  .object({
    quote_amount: numberBetween("The amount per buy", 0.01, 1_000_000_000).default(100),
    interval_candles: wholeBetween("The buy interval", 1, 10_000).default(24),
    /** null: no take-profit; the position is only closed by the risk stop-loss or the end of the data. */
    take_profit_pct: numberBetween("The take-profit", 0.01, 10_000, "%").nullable().default(3),
    /** null: no cap on the buys of one position. */
    max_buys: wholeBetween("Max buys", 1, 10_000).nullable().default(10),
  })
  .strict();

export type DcaParameters = z.output<typeof dcaParameters>;

/**
 * Dollar-cost averaging (trading-semantics.md §1.11): a market buy of `quote_amount` (fee included)
 * every `interval_candles` candles, counted from the first candle of the data, each added to the
 * symbol's one position. The take-profit rests at average entry × (1 + x%), where the average entry
 * is the total cost including fees / the amount, and is re-placed after every buy. Once it fills the
 * next scheduled candle starts a new position. The interval is a fixed schedule, so a run started at
 * the same candle always buys at the same candles.
 *
 * The engine sizes each buy by `quote_amount`: position_size_pct is not used, and neither are the
 * risk take-profit (the strategy has its own) and trailing stop. The risk stop-loss, when set,
 * applies to the average entry. max_open_trades still limits how many symbols hold a position.
 */
export const dca = defineStrategy({
  type: "dca",
  label: "DCA",
  description:
    "Buys a fixed quote amount every N candles into one position and sells it all when the price reaches the average entry (fees included) plus the take-profit. Sizing uses the amount per buy, not the position size; the risk stop-loss applies to the average entry; the risk take-profit and trailing stop are not used.",
  canShort: false,
  parameters: dcaParameters,
  ignoresRisk: ["position_size_pct", "take_profit_pct", "trailing_stop_pct"],
  warmupBars() {
    return 0;
  },
  signals(candles, p) {
    const n = candles.close.length;
    const flags = new Uint8Array(n);
    for (let i = 0; i < n; i += p.interval_candles) flags[i] = ENTER_LONG;
    return { flags, accumulate: { quote_amount: p.quote_amount, take_profit_pct: p.take_profit_pct, max_buys: p.max_buys } };
  },
});
