import type Database from "better-sqlite3";
import type { Db } from "../../db/open";
import { assertFiniteRange, assertKey, candleTimeframeMs, emptyCandles, type CandleArrays, type CandleKey } from "./grid";

export interface ReadCandlesQuery extends CandleKey {
  /** Inclusive open time. */
  from: number;
  /** Exclusive open time. */
  to: number;
}

type Row = [openTime: number, open: number, high: number, low: number, close: number, volume: number];

const statements = new WeakMap<Database.Database, Database.Statement<unknown[], Row>>();

function selectStatement(db: Db): Database.Statement<unknown[], Row> {
  let s = statements.get(db.$client);
  if (!s) {
    s = db.$client
      .prepare<unknown[], Row>(
        `SELECT open_time, open, high, low, close, volume FROM candles
         WHERE source = ? AND symbol = ? AND timeframe = ? AND open_time >= ? AND open_time < ?
         ORDER BY open_time`,
      )
      .raw();
    statements.set(db.$client, s);
  }
  return s;
}

const INITIAL_CAPACITY = 4_096;

/**
 * Candles with open_time in [from, to), ascending, as typed arrays: row arrays go straight into
 * Float64Arrays, never into a million candle objects (R5 d). The key bounds the count at one candle
 * per grid point, which caps the doubling.
 */
export function readCandles(db: Db, q: ReadCandlesQuery): CandleArrays {
  assertKey(q);
  assertFiniteRange(q.from, q.to);
  const tf = candleTimeframeMs(q.timeframe);
  const bound = Math.max(0, Math.ceil(q.to / tf) - Math.ceil(q.from / tf));
  if (bound === 0) return emptyCandles();

  let cap = Math.min(bound, INITIAL_CAPACITY);
  let openTime = new Float64Array(cap);
  let open = new Float64Array(cap);
  let high = new Float64Array(cap);
  let low = new Float64Array(cap);
  let close = new Float64Array(cap);
  let volume = new Float64Array(cap);
  let n = 0;
  for (const r of selectStatement(db).iterate(q.source, q.symbol, q.timeframe, q.from, q.to)) {
    if (n === cap) {
      // Past the bound only if rows are off the grid; growing still beats silently dropping them.
      cap = cap < bound ? Math.min(cap * 2, bound) : cap * 2;
      openTime = grow(openTime, cap);
      open = grow(open, cap);
      high = grow(high, cap);
      low = grow(low, cap);
      close = grow(close, cap);
      volume = grow(volume, cap);
    }
    openTime[n] = r[0];
    open[n] = r[1];
    high[n] = r[2];
    low[n] = r[3];
    close[n] = r[4];
    volume[n] = r[5];
    n++;
  }
  if (n === cap) return { openTime, open, high, low, close, volume };
  // Copies, so the result does not pin the over-allocated buffers.
  return {
    openTime: openTime.slice(0, n),
    open: open.slice(0, n),
    high: high.slice(0, n),
    low: low.slice(0, n),
    close: close.slice(0, n),
    volume: volume.slice(0, n),
  };
}

function grow(a: Float64Array, cap: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(cap);
  b.set(a);
  return b;
}

/** Candles one synchronous read takes at most when reading in chunks (≈ 50 ms of SQLite work). */
export const READ_CHUNK_CANDLES = 100_000;

/**
 * readCandles in windows of `chunkCandles`, awaiting `between()` after each, so reading millions of
 * candles for a backtest lets the server answer requests meanwhile. Same result as readCandles.
 */
export async function readCandlesInChunks(db: Db, q: ReadCandlesQuery, between: () => Promise<void>, chunkCandles = READ_CHUNK_CANDLES): Promise<CandleArrays> {
  const span = candleTimeframeMs(q.timeframe) * chunkCandles;
  const parts: CandleArrays[] = [];
  for (let from = q.from; from < q.to; from += span) {
    parts.push(readCandles(db, { ...q, from, to: Math.min(q.to, from + span) }));
    await between();
  }
  if (parts.length === 1) return parts[0];
  const n = parts.reduce((sum, p) => sum + p.openTime.length, 0);
  const join = (field: keyof CandleArrays) => {
    const out = new Float64Array(n);
    let at = 0;
    for (const p of parts) {
      out.set(p[field], at);
      at += p[field].length;
    }
    return out;
  };
  return { openTime: join("openTime"), open: join("open"), high: join("high"), low: join("low"), close: join("close"), volume: join("volume") };
}
