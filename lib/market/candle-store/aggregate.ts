import { emptyCandles, candleTimeframeMs, type CandleArrays } from "./grid";

const MINUTE = 60_000;

/**
 * Builds coarser candles from 1m candles on UTC boundaries (§1.4): O first, H max, L min, C last,
 * V sum. A bucket with any 1m candle missing yields no candle (a gap), because a partial bucket
 * would report a range and volume that never existed. Input must be ascending and 1m-aligned.
 */
export function aggregateFrom1m(oneMinute: CandleArrays, timeframe: string): CandleArrays {
  const tf = candleTimeframeMs(timeframe);
  const per = tf / MINUTE;
  const src = oneMinute;
  const n = src.openTime.length;
  for (let i = 0; i < n; i++) {
    const t = src.openTime[i];
    if (t % MINUTE !== 0) throw new RangeError(`1m open time ${t} is not on the minute grid`);
    if (i > 0 && t <= src.openTime[i - 1]) throw new RangeError("1m candles must be strictly ascending");
  }
  if (n === 0) return emptyCandles();

  const cap = Math.floor(n / per) + 1;
  const out = {
    openTime: new Float64Array(cap),
    open: new Float64Array(cap),
    high: new Float64Array(cap),
    low: new Float64Array(cap),
    close: new Float64Array(cap),
    volume: new Float64Array(cap),
  };
  let m = 0;
  let i = 0;
  while (i < n) {
    const bucket = Math.floor(src.openTime[i] / tf) * tf;
    const last = i + per - 1;
    // Strictly ascending minutes: the bucket is complete iff it starts at the boundary and its
    // per-th candle is the bucket's last minute.
    if (src.openTime[i] === bucket && last < n && src.openTime[last] === bucket + tf - MINUTE) {
      let h = src.high[i];
      let l = src.low[i];
      let v = 0;
      for (let j = i; j <= last; j++) {
        if (src.high[j] > h) h = src.high[j];
        if (src.low[j] < l) l = src.low[j];
        v += src.volume[j];
      }
      out.openTime[m] = bucket;
      out.open[m] = src.open[i];
      out.high[m] = h;
      out.low[m] = l;
      out.close[m] = src.close[last];
      out.volume[m] = v;
      m++;
      i = last + 1;
    } else {
      while (i < n && src.openTime[i] < bucket + tf) i++;
    }
  }
  return {
    openTime: out.openTime.slice(0, m),
    open: out.open.slice(0, m),
    high: out.high.slice(0, m),
    low: out.low.slice(0, m),
    close: out.close.slice(0, m),
    volume: out.volume.slice(0, m),
  };
}
