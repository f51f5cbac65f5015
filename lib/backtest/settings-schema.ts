import { z } from "zod";
import { timeframeSchema } from "@/lib/market/schemas";

const nonNegative = (label: string) => z.number({ error: `${label} must be a number.` }).min(0, `${label} cannot be negative.`);

/** The scalar settings of a run; errors carry the input's field names as paths. */
export const backtestSettingsSchema = z.object({
  timeframe: timeframeSchema,
  starting_balance: z.number({ error: "The starting balance must be a number." }).positive("The starting balance must be above 0.").max(1e12, "The starting balance is too large."),
  fee_rate: z.number({ error: "The fee rate must be a number." }).min(0, "The fee rate cannot be negative.").max(0.1, "The fee rate must be at most 0.1 (10%)."),
  slippage_bps: z.number({ error: "Slippage must be a number." }).min(0, "Slippage cannot be negative.").max(1000, "Slippage must be at most 1,000 bps."),
  start: z.number({ error: "The start must be a time in ms." }),
  end: z.number({ error: "The end must be a time in ms." }).optional(),
  max_gap_pct: z.number({ error: "The gap limit must be a number." }).min(0).max(100).nullable().default(1),
  funding_rate: z.number({ error: "The funding rate must be a number." }).min(-0.01).max(0.01).default(0),
  source: z.string().max(200).nullish(),
  account_caps: z
    .object({
      max_position_size_pct: z.number({ error: "The position cap must be a number." }).min(0.1).max(100),
      max_open_positions: z.number({ error: "The open-position cap must be a number." }).int().min(1).max(100),
    })
    .nullish(),
  symbols: z
    .array(
      z
        .object({
          symbol: z.string().min(1, "Name the symbol."),
          // MarketInfo carries more fields (symbol, base, quote); only the filters are read.
          market: z
            .object({
              amount_step: nonNegative("The amount step"),
              min_amount: nonNegative("The minimum amount"),
              min_notional: nonNegative("The minimum notional"),
              price_tick: nonNegative("The price tick"),
            })
            .partial()
            .loose()
            .optional(),
        })
        .loose(),
      { error: "Symbols must be a list." },
    )
    .min(1, "Add at least one symbol.")
    .max(20, "Use at most 20 symbols.")
    .refine((list) => new Set(list.map((s) => s.symbol)).size === list.length, "Each symbol may appear once."),
});
