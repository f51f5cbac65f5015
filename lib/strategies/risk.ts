import { z } from "zod";
import { numberBetween, wholeBetween } from "./param-fields";

/**
 * A strategy's risk settings. null means "none" (no stop, no target, no trail). The stop, target and
 * trail are gross price distances from the entry fill (trading-semantics.md §1.5). The strategies
 * API fills fields left out at creation from the user's settings and stores them; the defaults here
 * are what a library caller gets without settings: one position at a time with all the equity.
 */
export const riskSchema = z
  .object({
    position_size_pct: numberBetween("The position size", 0.1, 100, "%").default(100),
    max_open_trades: wholeBetween("Max open trades", 1, 100).default(1),
    stop_loss_pct: numberBetween("The stop-loss", 0.01, 99.9, "%").nullable().default(null),
    take_profit_pct: numberBetween("The take-profit", 0.01, 10_000, "%").nullable().default(null),
    trailing_stop_pct: numberBetween("The trailing stop", 0.01, 99.9, "%").nullable().default(null),
    allow_short: z.boolean({ error: "Allow short must be true or false." }).default(false),
  })
  .strict();

export type Risk = z.output<typeof riskSchema>;
export type RiskInput = z.input<typeof riskSchema>;
