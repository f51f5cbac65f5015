import { z } from "zod";
import { defineOperation } from "@/lib/http/operation";
import { jobSchema } from "@/lib/jobs/operations";
import { symbolSchema, timeframeSchema } from "../schemas";
import { MARKET_TIMEFRAMES, MAX_CANDLE_LIMIT } from "../provider";


const msTimestamp = z.coerce
  .number({ error: "must be a UTC timestamp in milliseconds" })
  .int("must be a UTC timestamp in milliseconds")
  .min(0, "must be a UTC timestamp in milliseconds")
  .max(8.64e15, "must be a UTC timestamp in milliseconds");

const meta = {
  source: z.string().describe("exchange:<id>, simulated:v<N>:<seed>, coingecko, alternative.me or computed"),
  stale: z.boolean().describe("True when the source stopped answering and the last good data is served"),
  as_of: z.number().int().describe("When the data was true at the source, UTC ms"),
};

export const marketInfoSchema = z.object({
  symbol: z.string(),
  base: z.string(),
  quote: z.string(),
  price_tick: z.number(),
  amount_step: z.number(),
  min_amount: z.number(),
  min_notional: z.number(),
});

export const priceSchema = z.object({
  symbol: z.string(),
  price: z.number(),
  bid: z.number(),
  ask: z.number(),
  change_24h: z.number(),
  change_24h_pct: z.number(),
  volume_24h: z.number().describe("Base-asset volume over Binance's rolling 24 h"),
  high_24h: z.number(),
  low_24h: z.number(),
  as_of: z.number().int(),
});

export const candleSchema = z.object({ open_time: z.number().int(), open: z.number(), high: z.number(), low: z.number(), close: z.number(), volume: z.number() });

const moverSchema = z.object({ symbol: z.string(), price: z.number(), change_24h_pct: z.number(), volume_24h: z.number() });

export const candlesQuerySchema = z
  .object({
    timeframe: timeframeSchema.default("1h"),
    limit: z.coerce.number({ error: `must be a whole number from 1 to ${MAX_CANDLE_LIMIT}` }).int(`must be a whole number from 1 to ${MAX_CANDLE_LIMIT}`).min(1).max(MAX_CANDLE_LIMIT).default(500),
    since: msTimestamp.optional(),
  })
  .strict();

export const downloadBodySchema = z
  .object({
    symbol: symbolSchema,
    timeframe: timeframeSchema,
    start: msTimestamp.meta({ examples: [1_767_225_600_000] }),
    end: msTimestamp.meta({ examples: [1_767_312_000_000] }),
  })
  .strict()
  .refine((b) => b.end > b.start, { path: ["end"], message: "must be after start" });

const TF_NOTE = `Timeframes: ${MARKET_TIMEFRAMES.join(" ")}.`;
const notFound = { description: "symbol_not_found: the source lists no such market" };

export const marketOps = {
  symbols: defineOperation({
    method: "GET",
    path: "/api/v1/market/symbols",
    summary: "Markets of the deployment's source with their tick size, step size and minimums.",
    tag: "market",
    auth: "none",
    responses: { 200: { description: "Markets", schema: z.object({ items: z.array(marketInfoSchema), ...meta }) }, 503: { description: "No market list yet" } },
  }),
  overview: defineOperation({
    method: "GET",
    path: "/api/v1/market/overview",
    summary: "Total market cap, BTC dominance and 24 h volume from CoinGecko; without it the volume is summed from tracked tickers (source computed) and the rest is null.",
    tag: "market",
    auth: "none",
    responses: {
      200: {
        description: "Overview",
        schema: z.object({ total_market_cap: z.number().nullable(), btc_dominance: z.number().nullable(), total_volume_24h: z.number().nullable(), ...meta }),
      },
    },
  }),
  prices: defineOperation({
    method: "GET",
    path: "/api/v1/market/prices",
    summary: "Tickers (rolling 24 h) of the listed symbols, or of the tracked symbols when none are listed.",
    tag: "market",
    auth: "none",
    query: z
      .object({
        symbols: z
          .string()
          .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
          .pipe(z.array(symbolSchema).min(1, "must list at least one symbol").max(100, "must list at most 100 symbols"))
          .optional(),
      })
      .strict(),
    responses: { 200: { description: "Tickers", schema: z.object({ items: z.array(priceSchema), ...meta }) }, 404: notFound },
  }),
  price: defineOperation({
    method: "GET",
    path: "/api/v1/market/price/{symbol}",
    summary: "One symbol's ticker (BTC/USDT URL-encoded as BTC%2FUSDT, or BTC-USDT).",
    tag: "market",
    auth: "none",
    responses: { 200: { description: "Ticker", schema: priceSchema.extend(meta) }, 404: notFound },
  }),
  candles: defineOperation({
    method: "GET",
    path: "/api/v1/market/candles/{symbol}",
    summary: `Closed candles, oldest first: the newest \`limit\` (default 500, max 1000), or \`limit\` from \`since\` (ms) with next_cursor as the next page's since. ${TF_NOTE} Anonymous callers read stored candles only.`,
    tag: "market",
    auth: "none",
    query: candlesQuerySchema,
    responses: {
      200: {
        description: "Candles",
        schema: z.object({ symbol: z.string(), timeframe: z.string(), items: z.array(candleSchema), next_cursor: z.number().int().nullable(), ...meta }),
      },
      404: notFound,
      422: { description: "Bad timeframe (the valid ones are listed), limit or since" },
    },
  }),
  indicators: defineOperation({
    method: "GET",
    path: "/api/v1/market/indicators/{symbol}",
    summary: `Indicators on the last closed candle; a value without enough history is null. ${TF_NOTE}`,
    tag: "market",
    auth: "none",
    query: z.object({ timeframe: timeframeSchema.default("1h") }).strict(),
    responses: {
      200: {
        description: "Indicator snapshot",
        schema: z.object({
          symbol: z.string(),
          timeframe: z.string(),
          candle_time: z.number().int().nullable(),
          source: z.string(),
          stale: z.boolean(),
          rsi_14: z.number().nullable(),
          macd: z.object({ line: z.number().nullable(), signal: z.number().nullable(), hist: z.number().nullable() }),
          bb: z.object({ upper: z.number().nullable(), middle: z.number().nullable(), lower: z.number().nullable() }),
          ema_20: z.number().nullable(),
          ema_50: z.number().nullable(),
          ema_200: z.number().nullable(),
          sma_20: z.number().nullable(),
          sma_50: z.number().nullable(),
          atr_14: z.number().nullable(),
          stoch: z.object({ k: z.number().nullable(), d: z.number().nullable() }),
          adx_14: z.number().nullable(),
        }),
      },
      404: notFound,
      422: { description: "Bad timeframe" },
    },
  }),
  trending: defineOperation({
    method: "GET",
    path: "/api/v1/market/trending",
    summary: "CoinGecko's trending coins; without CoinGecko, the tracked symbols by 24 h quote volume (source computed, labelled).",
    tag: "market",
    auth: "none",
    responses: {
      200: {
        description: "Trending",
        schema: z.object({
          items: z.array(z.object({ symbol: z.string(), name: z.string(), price: z.number().nullable(), change_24h_pct: z.number().nullable(), market_cap_rank: z.number().nullable(), volume_24h: z.number().nullable() })),
          label: z.string(),
          ...meta,
        }),
      },
    },
  }),
  gainersLosers: defineOperation({
    method: "GET",
    path: "/api/v1/market/gainers-losers",
    summary: "The tracked symbols with the largest rolling-24 h rise and fall.",
    tag: "market",
    auth: "none",
    responses: { 200: { description: "Movers", schema: z.object({ gainers: z.array(moverSchema), losers: z.array(moverSchema), label: z.string(), ...meta }) } },
  }),
  coverage: defineOperation({
    method: "GET",
    path: "/api/v1/market/coverage",
    summary: "What the candle store holds: per source, symbol and timeframe the stored span, count and gaps (the caller's own imports included).",
    tag: "market",
    auth: "user",
    responses: {
      200: {
        description: "Coverage",
        schema: z.object({
          items: z.array(
            z.object({ source: z.string(), symbol: z.string(), timeframe: z.string(), start: z.number().int(), end: z.number().int(), count: z.number().int(), gaps: z.array(z.object({ start: z.number().int(), end: z.number().int() })) }),
          ),
        }),
      },
    },
  }),
  download: defineOperation({
    method: "POST",
    path: "/api/v1/market/candles/download",
    summary: "Download a range of candles from the deployment's source into the store, as a job with progress (poll GET /api/v1/jobs/{id}).",
    tag: "market",
    auth: "user",
    body: downloadBodySchema,
    responses: { 202: { description: "The queued job", schema: z.object({ job: jobSchema }) }, 404: notFound, 422: { description: "Invalid fields, or a range over 1,000,000 candles" } },
  }),
};

export const sentimentOps = {
  fearGreed: defineOperation({
    method: "GET",
    path: "/api/v1/sentiment/fear-greed",
    summary:
      "The Fear & Greed index: alternative.me when reachable (cached 5 minutes), else computed from BTC momentum and volatility. classification always uses our bands: 0–24 Extreme Fear, 25–49 Fear, 50 Neutral, 51–75 Greed, 76–100 Extreme Greed.",
    tag: "sentiment",
    auth: "none",
    responses: {
      200: {
        description: "Fear & Greed",
        schema: z.object({
          value: z.number().int().min(0).max(100),
          classification: z.enum(["Extreme Fear", "Fear", "Neutral", "Greed", "Extreme Greed"]),
          provider_classification: z.string().optional(),
          as_of: z.number().int(),
          source: z.enum(["alternative.me", "computed"]),
          stale: z.boolean(),
        }),
      },
      503: { description: "Neither alternative.me nor enough market history to compute it" },
    },
  }),
};
