import { trueRangeAt } from "./atr";
import { assertDistinct, assertPeriod, assertSameLength, outputFor } from "./validate";

export interface AdxOutput {
  adx: Float64Array;
  plusDI: Float64Array;
  minusDI: Float64Array;
}

/**
 * Average directional index with +DI and −DI (TA-Lib ADX, PLUS_DI, MINUS_DI; Wilder smoothing),
 * computed together in one pass since they share the smoothed DM and TR.
 * +DI/−DI are NaN for i < period; ADX for i < 2·period - 1 (TA-Lib's lookbacks: 14 and 27).
 * Smoothed sums follow TA-Lib: the first period - 1 bars are summed, then each bar
 * s = s - s / period + x; ADX is seeded with the mean of the first `period` DX values, then
 * adx = (adx · (period - 1) + dx) / period. A bar with zero smoothed TR gives DI 0 and leaves ADX
 * unchanged (TA-Lib skips the DX update), so a flat series gives 0s.
 * Deviations from TA-Lib, both outside its golden-tested range: exact-zero tests instead of its
 * |x| < 1e-14 (tiny-priced assets), and period 1 gives DI in percent (TA-Lib's PLUS_DI(1)
 * special case returns a fraction).
 * NaN: a NaN input makes that output and every later one NaN.
 */
export function adx(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period = 14,
  out?: Partial<AdxOutput>,
): AdxOutput {
  assertPeriod(period);
  const n = assertSameLength(high, low, close);
  const inputs = [high, low, close];
  const adxOut = outputFor(n, out?.adx, inputs);
  const plus = outputFor(n, out?.plusDI, inputs);
  const minus = outputFor(n, out?.minusDI, inputs);
  assertDistinct(adxOut, plus, minus);
  const adxLookback = 2 * period - 1;
  plus.fill(NaN, 0, Math.min(period, n));
  minus.fill(NaN, 0, Math.min(period, n));
  adxOut.fill(NaN, 0, Math.min(adxLookback, n));
  if (n <= period) return { adx: adxOut, plusDI: plus, minusDI: minus };

  let pDM = 0;
  let mDM = 0;
  let sTR = 0;
  let ph = high[0];
  let pl = low[0];
  let pc = close[0];
  for (let i = 1; i < period; i++) {
    const h = high[i];
    const l = low[i];
    const up = h - ph;
    const dn = pl - l;
    if (dn > 0 && up < dn) mDM += dn;
    else if (up > 0 && up > dn) pDM += up;
    if (up !== up || dn !== dn) pDM = mDM = NaN;
    sTR += trueRangeAt(h, l, pc);
    ph = h;
    pl = l;
    pc = close[i];
  }
  const m = period - 1;
  let sumDX = 0;
  let adxValue = 0;
  for (let i = period; i < n; i++) {
    const h = high[i];
    const l = low[i];
    const up = h - ph;
    const dn = pl - l;
    mDM -= mDM / period;
    pDM -= pDM / period;
    if (dn > 0 && up < dn) mDM += dn;
    else if (up > 0 && up > dn) pDM += up;
    // DM comparisons are false for NaN, so a NaN high/low must be carried in explicitly.
    if (up !== up || dn !== dn) pDM = mDM = NaN;
    sTR = sTR - sTR / period + trueRangeAt(h, l, pc);
    ph = h;
    pl = l;
    pc = close[i];
    // hasDX is false only for a genuinely undefined DX (no range, or no directional movement);
    // NaN inputs keep hasDX true so the NaN reaches ADX.
    let dx = 0;
    let hasDX = false;
    let pdi = 0;
    let mdi = 0;
    if (sTR !== 0) {
      mdi = 100 * (mDM / sTR);
      pdi = 100 * (pDM / sTR);
      const s = mdi + pdi;
      if (s !== 0) {
        dx = 100 * (Math.abs(mdi - pdi) / s);
        hasDX = true;
      }
    }
    plus[i] = pdi;
    minus[i] = mdi;
    if (i < adxLookback) {
      if (hasDX) sumDX += dx;
    } else if (i === adxLookback) {
      if (hasDX) sumDX += dx;
      adxValue = sumDX / period;
      adxOut[i] = adxValue;
    } else {
      if (hasDX) adxValue = (adxValue * m + dx) / period;
      adxOut[i] = adxValue;
    }
  }
  return { adx: adxOut, plusDI: plus, minusDI: minus };
}
