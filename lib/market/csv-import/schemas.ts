import { z } from "zod";
import { SIMULATED_TIMEFRAMES } from "../simulated";
import { symbolSchema, timeframeSchema } from "../schemas";

/** Every fixed timeframe the candle store keeps (the same UTC grid as the exchange's klines). */
export const IMPORT_TIMEFRAMES = SIMULATED_TIMEFRAMES;
export type ImportTimeframe = (typeof IMPORT_TIMEFRAMES)[number];

export const IMPORT_NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export const importNameSchema = z
  .string()
  .regex(IMPORT_NAME_PATTERN, "must be 1–64 characters of A–Z, a–z, 0–9, '.', '_' or '-'")
  .meta({ examples: ["btc-2024"] });

/** POST /api/v1/market/candles/import?symbol=&timeframe=&name= (the CSV is the raw body). */
export const importQuerySchema = z
  .object({
    symbol: symbolSchema,
    timeframe: timeframeSchema,
    name: importNameSchema,
  })
  .strict();
export type ImportQuery = z.output<typeof importQuerySchema>;

export const importListQuerySchema = z
  .object({
    limit: z.coerce.number().int("must be a whole number").min(1).max(500).optional(),
    cursor: z.string().min(1).max(200).optional(),
  })
  .strict();

const range = z.object({ start: z.number().int(), end: z.number().int() });

export const importResultSchema = z.object({
  id: z.string(),
  /** `import:<name>`: the source backtests name to read these candles. */
  source: z.string(),
  symbol: z.string(),
  timeframe: z.string(),
  /** Data rows in the file. */
  rows: z.number().int(),
  /** Candles added to the store. */
  imported: z.number().int(),
  /** Rows the store (or the file itself) already held with the same values. */
  duplicates: z.number().int(),
  /** Rows whose open time the store already held with other values; the stored values were kept. */
  conflicts: z.number().int(),
  /** The first conflicting rows (at most 100). */
  conflict_lines: z.array(z.object({ line: z.number().int(), open_time: z.number().int(), message: z.string() })),
  first_open_time: z.number().int(),
  last_open_time: z.number().int(),
  /** Missing grid ranges [start, end) between the first and the last candle of the file, at most 100. */
  gaps: z.array(range),
  gap_count: z.number().int(),
});
export type ImportResultWire = z.infer<typeof importResultSchema>;

export const importItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  source: z.string(),
  symbol: z.string(),
  timeframe: z.string(),
  status: z.enum(["staging", "publishing", "published"]),
  rows: z.number().int(),
  imported: z.number().int(),
  duplicates: z.number().int(),
  conflicts: z.number().int(),
  first_open_time: z.number().int().nullable(),
  last_open_time: z.number().int().nullable(),
  created_at: z.number().int(),
  finished_at: z.number().int().nullable(),
});
export type ImportItemWire = z.infer<typeof importItemSchema>;

export const importListSchema = z.object({ items: z.array(importItemSchema), next_cursor: z.string().nullable() });
