import { z } from "zod";

/** No server-only import here: the topic list and the query schema are shared with client code. */
export const EVENT_TOPICS = [
  "price.tick",
  "order.updated",
  "fill.created",
  "position.updated",
  "signal.changed",
  "bot.state",
  "backtest.progress",
  "session.revoked",
] as const;

export type EventTopic = (typeof EVENT_TOPICS)[number];

/** session.revoked only tells a stream to end itself; clients never see it. */
export const STREAM_TOPICS = EVENT_TOPICS.filter(
  (t): t is Exclude<EventTopic, "session.revoked"> => t !== "session.revoked",
);

export type StreamTopic = (typeof STREAM_TOPICS)[number];

const commaList = (value: string) =>
  value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");

const SYMBOL = /^([A-Za-z0-9]{1,20})[/-]([A-Za-z0-9]{1,20})$/;

export function normalizeSymbol(symbol: string): string {
  return symbol.trim().toUpperCase().replace("-", "/");
}

const topicsParam = z
  .string()
  .transform(commaList)
  .pipe(
    z
      .array(z.enum(STREAM_TOPICS as [StreamTopic, ...StreamTopic[]], { error: "is not a known topic" }))
      .min(1, "must list at least one topic"),
  )
  .transform((topics) => [...new Set(topics)]);

const symbolsParam = z
  .string()
  .transform(commaList)
  .pipe(
    z
      .array(z.string().regex(SYMBOL, "must be BASE/QUOTE or BASE-QUOTE"))
      .min(1, "must list at least one symbol")
      .max(100, "must list at most 100 symbols"),
  )
  .transform((symbols) => [...new Set(symbols.map(normalizeSymbol))]);

/** The query of GET /api/v1/stream; unknown keys are rejected (422) like everywhere else. */
export const streamQuerySchema = z
  .object({
    topics: topicsParam.optional(),
    symbols: symbolsParam.optional(),
  })
  .strict();

export type StreamQuery = z.infer<typeof streamQuerySchema>;
