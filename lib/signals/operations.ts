import { z } from "zod";
import { defineOperation } from "@/lib/http/operation";
import { symbolSchema, timeframeSchema } from "@/lib/market/schemas";
import { CONFIDENCE_BANDS, MIN_SIGNALS_FOR_STATS } from "./stats";

/*
 * Explained signals (trading-semantics.md §5): the API reads recorded signals of tracked pairs and
 * computes untracked ones on the fly. Confidence is a strength |Σ wᵢvᵢ|, not a probability; the
 * stats endpoint gives the empirical hit rate of each confidence band beside it.
 */

/** At most this many symbols per request: each one may need a candle fill from the source. */
export const MAX_SIGNAL_SYMBOLS = 20;

const symbolsParam = z
  .string()
  .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(symbolSchema).min(1, "must list at least one symbol").max(MAX_SIGNAL_SYMBOLS, `must list at most ${MAX_SIGNAL_SYMBOLS} symbols`))
  .describe(`Comma-separated pairs (BTC/USDT or BTC-USDT), at most ${MAX_SIGNAL_SYMBOLS}; default: the caller's default pairs`)
  .optional();

export const signalsQuerySchema = z.object({ symbols: symbolsParam, timeframe: timeframeSchema.default("1h") }).strict();
export const signalQuerySchema = z.object({ timeframe: timeframeSchema.default("1h") }).strict();

const num = z.number();
const numOrNull = z.number().nullable();

export const signalReasonSchema = z.object({
  input: z.enum(["rsi", "macd", "bollinger", "ema_trend", "volume", "fear_greed"]),
  value: numOrNull.describe("The reading the vote is computed from; null when the input is missing"),
  threshold: z.object({ buy: num, sell: num }).nullable().describe("Readings at which the vote saturates at +1 (buy) and −1 (sell)"),
  vote: num.describe("In [−1, 1]: positive leans buy"),
  weight: num.describe("The input's weight; the weights sum to 1"),
  contribution: num.describe("weight × vote; the contributions sum exactly to score"),
  text: z.string(),
});

export const signalItemSchema = z.object({
  symbol: z.string(),
  signal: z.enum(["buy", "sell", "hold"]),
  confidence: num.min(0).max(1).describe("|score|: a strength, not a probability. See /signals/stats for the band's hit rate"),
  score: num.describe("Σ weight × vote, in [−1, 1]; buy at ≥ 0.25, sell at ≤ −0.25"),
  entry_price: num.describe("Close of the signal candle"),
  stop_loss: numOrNull.describe("entry ∓ 1.5·ATR14, rounded to the tick; null for hold"),
  take_profit: numOrNull.describe("entry ± 2 × the stop distance, rounded to the tick; null for hold"),
  reward_risk_ratio: numOrNull.describe("|TP − entry| / |entry − SL| after rounding"),
  timeframe: z.string(),
  candle_time: z.number().int().describe("Open time of the signal candle (closed candles only)"),
  indicators: z.record(z.string(), numOrNull).describe("Indicator snapshot on the signal candle"),
  reasons: z.array(signalReasonSchema),
  degraded: z.boolean().describe("An input fell back (no Fear & Greed for the candle's UTC date): excluded from the statistics"),
  fear_greed_source: z.string().nullable().describe("alternative.me or computed; null when degraded"),
  algorithm: z.string().describe("Algorithm version; statistics never mix versions"),
  source: z.string(),
  recorded: z.boolean().describe("True when read from the recorded signals of a tracked pair; false when computed on the fly"),
});

const meta = {
  source: z.string().describe("exchange:<id> or simulated:v<N>:<seed>"),
  stale: z.boolean().describe("True when the source stopped answering and the last stored candles were used"),
  as_of: z.number().int(),
};

const intervalSchema = z.object({ low: num, high: num });
const bandSchema = z.object({
  band: z.enum(CONFIDENCE_BANDS.map((b) => b.label) as [string, ...string[]]),
  count: z.number().int().describe("Scored signals: take-profit + stop-loss + expired"),
  wins: z.number().int(),
  losses: z.number().int(),
  expired: z.number().int().describe("Neither level within score_candles candles; kept in the denominator"),
  hit_rate: numOrNull.describe("wins / count"),
  hit_rate_ci95: intervalSchema.nullable().describe("95 % Wilson interval of the hit rate"),
  mean_r: numOrNull.describe("Mean R multiple: +RR_eff per win, −1 per loss, the close-out R when expired"),
  mean_rr: numOrNull,
  break_even_hit_rate: numOrNull.describe("1 / (1 + mean RR_eff)"),
  baseline: z
    .object({ count: z.number().int(), hit_rate: numOrNull, mean_r: numOrNull })
    .nullable()
    .describe("The band's stop and target distances entered after every candle of the period, buys and sells in the band's proportion"),
  insufficient_data: z.boolean().describe(`Fewer than ${MIN_SIGNALS_FOR_STATS} scored signals`),
});

export const signalStatsSchema = z.object({
  items: z.array(
    z.object({
      symbol: z.string(),
      timeframe: z.string(),
      source: z.string().describe("Signals of different sources are never pooled"),
      algorithm: z.string().describe("Signals of different algorithm versions are never pooled"),
      pending: z.number().int().describe("Fewer than score_candles candles so far: not scored yet"),
      overlapping: z.number().int().describe("Same direction while an earlier signal was open: one episode, counted once"),
      degraded: z.number().int().describe("Computed with a fallback input: excluded"),
      bands: z.array(bandSchema),
    }),
  ),
  symbols: z.array(z.string()),
  timeframe: z.string(),
  score_candles: z.number().int().describe("N: candles after the signal that may decide it (SIGNAL_SCORE_CANDLES)"),
  ...meta,
});

const TAG = "signals";
const invalid = { description: "Bad symbols (malformed, unknown to the source, or more than 20) or timeframe, per field" };

export const signalOps = {
  list: defineOperation({
    method: "GET",
    path: "/api/v1/trading/signals",
    summary:
      "Explained signals on the newest closed candle of each symbol (default: the caller's default pairs). Tracked pairs (default pairs at 1h, enabled strategies' symbols at their timeframe) answer their recorded signal; others are computed and not recorded.",
    tag: TAG,
    auth: "user",
    query: signalsQuerySchema,
    responses: {
      200: {
        description: "Signals",
        schema: z.object({
          items: z.array(signalItemSchema),
          unavailable: z.array(z.object({ symbol: z.string(), reason: z.string() })).describe("Symbols without a signal (too little history, or no longer listed)"),
          timeframe: z.string(),
          ...meta,
        }),
      },
      422: invalid,
      503: { description: "Market data not available yet" },
    },
  }),
  stats: defineOperation({
    method: "GET",
    path: "/api/v1/trading/signals/stats",
    summary:
      "Hit rates of the recorded buy and sell signals per symbol, source, algorithm and confidence band: entry at the next open, first level reached decides within score_candles candles (both in one candle: stored 1m candles, else the stop), expired kept in the denominator, overlapping signals once, degraded ones excluded. A sell is scored as a short.",
    tag: TAG,
    auth: "user",
    query: signalsQuerySchema,
    responses: { 200: { description: "Statistics", schema: signalStatsSchema }, 422: invalid },
  }),
  one: defineOperation({
    method: "GET",
    path: "/api/v1/trading/signals/{symbol}",
    summary: "One symbol's explained signal on its newest closed candle (symbol as BTC-USDT, or BTC/USDT URL-encoded as BTC%2FUSDT).",
    tag: TAG,
    auth: "user",
    query: signalQuerySchema,
    responses: {
      200: { description: "The signal", schema: signalItemSchema.extend(meta) },
      404: { description: "symbol_not_found: the source lists no such market" },
      422: { description: "Bad timeframe" },
      503: { description: "Not enough closed candles for a signal yet" },
    },
  }),
};
