import { z } from "zod";
import { env } from "@/lib/env";
import { fetchJson, UpstreamError } from "@/lib/market/http-cache/fetch-json";
import { classifyFearGreed } from "./classify";
import type { FearGreedReading } from "./types";

/**
 * Client for alternative.me's Fear & Greed Index (https://alternative.me/crypto/fear-and-greed-index/).
 * The API sends numbers as strings; a body that does not match is an error, never a guessed value,
 * because signals and backtests act on this number.
 */

const UPSTREAM = "alternative.me";

const digits = z.string().regex(/^\d+$/, "must be a string of digits");

const fngSchema = z.object({
  name: z.string().optional(),
  data: z.array(
    z.object({
      value: digits.transform(Number).pipe(z.number().int().min(0).max(100)),
      value_classification: z.string(),
      // Unix seconds because we send an empty date_format.
      timestamp: digits.transform(Number),
      time_until_update: z.string().optional(),
    }),
  ),
  metadata: z.object({ error: z.string().nullable() }),
});

export type AlternativeMeReading = FearGreedReading & { source: "alternative.me"; provider_classification: string };

export type FetchFearGreedOptions = {
  /** Readings to return, newest first; 0 asks for the whole history. Defaults to 1. */
  limit?: number;
  baseUrl?: string;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
};

export function parseFearGreedBody(body: unknown): AlternativeMeReading[] {
  const parsed = fngSchema.safeParse(body);
  if (!parsed.success) {
    const where = parsed.error.issues[0];
    const detail = where ? `${where.path.join(".") || "body"}: ${where.message}` : "unexpected shape";
    throw new UpstreamError(`alternative.me answered with an unexpected body (${detail}).`, UPSTREAM, "malformed");
  }
  if (parsed.data.metadata.error) {
    throw new UpstreamError(`alternative.me reported an error: ${parsed.data.metadata.error.slice(0, 200)}`, UPSTREAM, "malformed");
  }
  return parsed.data.data
    .map((point) => ({
      value: point.value,
      classification: classifyFearGreed(point.value),
      provider_classification: point.value_classification,
      as_of: point.timestamp * 1000,
      source: "alternative.me" as const,
    }))
    .sort((a, b) => b.as_of - a.as_of);
}

export async function fetchFearGreed(options: FetchFearGreedOptions = {}): Promise<AlternativeMeReading[]> {
  const limit = options.limit ?? 1;
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError("limit must be a non-negative whole number");
  const base = (options.baseUrl ?? env().FEAR_GREED_BASE_URL).replace(/\/+$/, "");
  const body = await fetchJson(`${base}/fng/?limit=${limit}&format=json&date_format=`, {
    upstream: UPSTREAM,
    fetchImpl: options.fetchImpl,
    timeoutMs: options.timeoutMs,
    describeHttpError: (_status, answer) => {
      const error = (answer as { metadata?: { error?: unknown } } | null)?.metadata?.error;
      return typeof error === "string" ? error : undefined;
    },
  });
  return parseFearGreedBody(body);
}
