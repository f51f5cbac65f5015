import type { Db } from "../../db/open";
import { assertKey, candleTimeframeMs, type CandleArrays, type CandleKey, type TimeRange } from "./grid";
import { recordFetchedRange } from "./ranges";

/** Keeps each write transaction short, so orders in other processes never wait out busy_timeout (R5 c). */
export const WRITE_CHUNK_ROWS = 5_000;

export interface WriteCandlesInput extends CandleKey {
  candles: CandleArrays;
  /** The exchange's server time: a candle is closed only when open_time + timeframe <= now. */
  now: number;
  /**
   * What was asked of the exchange, recorded even where it returned nothing. Shrunk to whole closed
   * candles, because claiming a candle as fetched that was not would make it a gap forever.
   */
  range?: TimeRange;
}

export interface WriteCandlesResult {
  /** Rows actually added; candles already stored are left as they were. */
  inserted: number;
  /** The range as recorded, after alignment, or null when nothing was recorded. */
  recorded: TimeRange | null;
}

const INSERT_SQL = `INSERT INTO candles (source, symbol, timeframe, open_time, open, high, low, close, volume)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`;

function validate(input: WriteCandlesInput, tf: number): void {
  const c = input.candles;
  const n = c.openTime.length;
  if (c.open.length !== n || c.high.length !== n || c.low.length !== n || c.close.length !== n || c.volume.length !== n) {
    throw new RangeError("Candle arrays must all have the same length");
  }
  if (!Number.isFinite(input.now)) throw new RangeError("now must be a finite ms timestamp");
  for (let i = 0; i < n; i++) {
    const t = c.openTime[i];
    if (!Number.isInteger(t) || t % tf !== 0) throw new RangeError(`Candle open time ${t} is not on the ${input.timeframe} UTC grid`);
    if (t + tf > input.now) throw new RangeError(`Candle at ${t} is still forming at ${input.now}; only closed candles are stored`);
    if (input.range && (t < input.range.start || t >= input.range.end)) {
      throw new RangeError(`Candle at ${t} lies outside the fetched range`);
    }
    // A NaN would become NULL and fail NOT NULL halfway through a multi-chunk write.
    if (!(Number.isFinite(c.open[i]) && Number.isFinite(c.high[i]) && Number.isFinite(c.low[i]) && Number.isFinite(c.close[i]) && Number.isFinite(c.volume[i]))) {
      throw new RangeError(`Candle at ${t} has a non-finite value`);
    }
  }
}

function alignRange(range: TimeRange, tf: number, now: number): TimeRange | null {
  if (!Number.isFinite(range.start) || !Number.isFinite(range.end)) throw new RangeError("range must be finite ms timestamps");
  const start = Math.ceil(range.start / tf) * tf;
  const end = Math.min(Math.floor(range.end / tf) * tf, Math.floor(now / tf) * tf);
  return end > start ? { start, end } : null;
}

/**
 * Stores closed candles once (a re-write leaves existing rows untouched) and records the fetched
 * range. Everything is validated before the first chunk, so a bad batch writes nothing. The range is
 * recorded with the last chunk: after a crash in between, the candles are simply fetched again.
 */
export function writeCandles(db: Db, input: WriteCandlesInput): WriteCandlesResult {
  assertKey(input);
  const tf = candleTimeframeMs(input.timeframe);
  validate(input, tf);
  const recorded = input.range ? alignRange(input.range, tf, input.now) : null;

  const { source, symbol, timeframe, candles: c } = input;
  const n = c.openTime.length;
  const insert = db.$client.prepare(INSERT_SQL);
  let inserted = 0;
  let i = 0;
  do {
    const end = Math.min(i + WRITE_CHUNK_ROWS, n);
    const last = end === n;
    db.transaction(
      () => {
        for (let j = i; j < end; j++) {
          inserted += insert.run(source, symbol, timeframe, c.openTime[j], c.open[j], c.high[j], c.low[j], c.close[j], c.volume[j]).changes;
        }
        if (last && recorded) recordFetchedRange(db.$client, input, recorded, input.now);
      },
      { behavior: "immediate" },
    );
    i = end;
  } while (i < n);
  return { inserted, recorded };
}
