/**
 * Rolling population standard deviation over `period` values, O(1) per bar.
 *
 * E[x²] - E[x]² over raw prices cancels catastrophically (TA-Lib's STDDEV and BBANDS lose about
 * 1e-8 relative this way at typical price/volatility ratios). Running sums of (x - c) for an anchor c
 * taken from the window keep both sums small, and re-anchoring every `period` bars (an exact O(period)
 * recomputation) stops rounding drift and keeps c close to the current prices. The amortised cost is
 * one extra add per bar.
 *
 * mode "std" writes the standard deviation; mode "z" writes (x - mean) / std, and 0 where std is 0.
 * NaN is sticky: once a NaN has entered the sums, re-anchoring is skipped so every later output is NaN,
 * the same contract as the other running-sum kernels.
 */
export function windowStdInto(values: Float64Array, period: number, o: Float64Array, mode: "std" | "z"): void {
  const n = values.length;
  const lookback = period - 1;
  if (n <= lookback) {
    o.fill(NaN);
    return;
  }
  o.fill(NaN, 0, lookback);
  const z = mode === "z";
  let c = values[0];
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < lookback; i++) {
    const d = values[i] - c;
    s1 += d;
    s2 += d * d;
  }
  // The largest s2 since the last anchor bounds the sums' accumulated rounding error.
  let s2max = s2;
  let anchorAt = lookback + period;
  for (let i = lookback; i < n; i++) {
    if (i === anchorAt) {
      anchorAt += period;
      if (s1 === s1) {
        c = values[i - 1];
        s1 = 0;
        s2 = 0;
        for (let j = i - lookback; j < i; j++) {
          const d = values[j] - c;
          s1 += d;
          s2 += d * d;
        }
        s2max = s2;
      }
    }
    const d = values[i] - c;
    s1 += d;
    s2 += d * d;
    if (s2 > s2max) s2max = s2;
    const m = s1 / period;
    let v = s2 / period - m * m;
    // A variance below the sums' rounding noise is a flat window; without this it would show a tiny
    // random spread (and a z-score of ±1 out of noise).
    if (v <= (16 * Number.EPSILON * s2max) / period) v = 0;
    const sd = Math.sqrt(v);
    if (z) o[i] = sd === 0 ? 0 : (d - m) / sd;
    else o[i] = sd;
    const t = values[i - lookback] - c;
    s1 -= t;
    s2 -= t * t;
  }
}
