import { z } from "zod";
import { normalizeSymbol } from "../events/schemas";
import { TIMEFRAMES } from "./timeframes";

/**
 * The two inputs every market-facing request shares, parsed one way everywhere (market endpoints,
 * CSV imports, strategies, backtests): a pair as BASE/QUOTE or BASE-QUOTE, any case, normalised to
 * "BTC/USDT"; a timeframe from the fixed list, the error naming every valid one.
 */
export const symbolSchema = z
  .string({ error: "must be a pair like BTC/USDT" })
  .trim()
  .regex(/^[A-Za-z0-9]{1,20}[/-][A-Za-z0-9]{1,20}$/, "must be BASE/QUOTE, e.g. BTC/USDT")
  .meta({ examples: ["BTC/USDT"] })
  .transform(normalizeSymbol);

export const timeframeSchema = z.enum(TIMEFRAMES, { error: `must be one of ${TIMEFRAMES.join(" ")}` }).meta({ examples: ["1h"] });
