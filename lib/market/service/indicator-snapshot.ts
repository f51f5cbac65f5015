/**
 * The indicators of /market/indicators on the last closed candle (trading-semantics.md §6.2),
 * computed by lib/indicators over the stored candles with gaps forward-filled as §1.4 says
 * (O=H=L=C=previous close, volume 0; Freqtrade's ohlcv_fill_up_missing_data).
 */
import { adx, atr, bollinger, ema, macd, rsi, sma, stochastic } from "@/lib/indicators";
import type { CandleArrays } from "../candle-store";

/** EMA 200 needs 199 bars of lookback plus 5 × 200 to let its seed fade (§1.3). */
export const INDICATOR_WARMUP_BARS = 199 + 5 * 200;

export type IndicatorSnapshot = {
  candle_time: number | null;
  rsi_14: number | null;
  macd: { line: number | null; signal: number | null; hist: number | null };
  bb: { upper: number | null; middle: number | null; lower: number | null };
  ema_20: number | null;
  ema_50: number | null;
  ema_200: number | null;
  sma_20: number | null;
  sma_50: number | null;
  atr_14: number | null;
  stoch: { k: number | null; d: number | null };
  adx_14: number | null;
};

/** Candles on the full grid from the first to the last, gaps filled with flat zero-volume bars. */
export function forwardFillGaps(c: CandleArrays, tfMs: number): CandleArrays {
  const n = c.openTime.length;
  if (n === 0) return c;
  const total = Math.round((c.openTime[n - 1] - c.openTime[0]) / tfMs) + 1;
  if (total === n) return c;
  const out = { openTime: new Float64Array(total), open: new Float64Array(total), high: new Float64Array(total), low: new Float64Array(total), close: new Float64Array(total), volume: new Float64Array(total) };
  let j = 0;
  for (let i = 0; i < total; i++) {
    const t = c.openTime[0] + i * tfMs;
    out.openTime[i] = t;
    if (j < n && c.openTime[j] === t) {
      out.open[i] = c.open[j];
      out.high[i] = c.high[j];
      out.low[i] = c.low[j];
      out.close[i] = c.close[j];
      out.volume[i] = c.volume[j];
      j++;
    } else {
      const prev = out.close[i - 1];
      out.open[i] = out.high[i] = out.low[i] = out.close[i] = prev;
      out.volume[i] = 0;
    }
  }
  return out;
}

const last = (a: Float64Array): number | null => {
  const v = a.length > 0 ? a[a.length - 1] : NaN;
  return Number.isFinite(v) ? v : null;
};

export function indicatorSnapshot(candles: CandleArrays, tfMs: number): IndicatorSnapshot {
  const c = forwardFillGaps(candles, tfMs);
  const { high, low, close } = c;
  const m = macd(close, 12, 26, 9);
  const bb = bollinger(close, 20, 2);
  const st = stochastic(high, low, close);
  return {
    candle_time: candles.openTime.length > 0 ? candles.openTime[candles.openTime.length - 1] : null,
    rsi_14: last(rsi(close, 14)),
    macd: { line: last(m.line), signal: last(m.signal), hist: last(m.hist) },
    bb: { upper: last(bb.upper), middle: last(bb.middle), lower: last(bb.lower) },
    ema_20: last(ema(close, 20)),
    ema_50: last(ema(close, 50)),
    ema_200: last(ema(close, 200)),
    sma_20: last(sma(close, 20)),
    sma_50: last(sma(close, 50)),
    atr_14: last(atr(high, low, close, 14)),
    stoch: { k: last(st.k), d: last(st.d) },
    adx_14: last(adx(high, low, close, 14).adx),
  };
}
