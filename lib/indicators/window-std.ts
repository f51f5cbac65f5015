/**
 * Rolling population standard deviation over `period` values, O(1) per bar.
 *
 * E[x²] - E[x]² over raw prices cancels catastrophically (TA-Lib's STDDEV and BBANDS lose up to
 * ~sqrt(eps)·price this way). Running sums of (x - c) for an anchor c taken from the window keep both
 * sums small, and re-anchoring every `period` bars (an exact O(period) recomputation) stops rounding
 * drift and keeps c close to the current prices. The amortised cost is one extra add per bar.
 *
 * mode "std" writes the standard deviation to `o`; "z" writes (x - mean) / std, and 0 where std is 0;
 * "bands" writes Bollinger bands: `o` = upper, plus `middle` (TA-Lib's SMA running sum, bit-identical)
 * and `lower`, fused into this one pass because a second pass over 8 MB outputs costs as much as the
 * arithmetic.
 * NaN is sticky: once a NaN has entered the sums, re-anchoring is skipped so every later output is NaN,
 * the same contract as the other running-sum kernels.
 */
export function windowStdInto(
  values: Float64Array,
  period: number,
  o: Float64Array,
  mode: "std" | "z" | "bands",
  middle?: Float64Array,
  lower?: Float64Array,
  mult = 0,
): void {
  const n = values.length;
  const lookback = period - 1;
  const bands = mode === "bands";
  const mid = bands ? (middle as Float64Array) : o;
  const low = bands ? (lower as Float64Array) : o;
  if (n <= lookback) {
    o.fill(NaN);
    mid.fill(NaN);
    low.fill(NaN);
    return;
  }
  o.fill(NaN, 0, lookback);
  mid.fill(NaN, 0, lookback);
  low.fill(NaN, 0, lookback);
  const z = mode === "z";
  const inv = 1 / period;
  // Rounding noise of s2 is a few ulps of everything added to it since the last anchor; a variance
  // below that is a flat window, which would otherwise show a tiny random spread (and z = ±1).
  const noise = 8 * Number.EPSILON * inv;
  let c = values[0];
  let s1 = 0;
  let s2 = 0;
  let added = 0;
  let sum = 0;
  for (let i = 0; i < lookback; i++) {
    const x = values[i];
    const d = x - c;
    s1 += d;
    s2 += d * d;
    sum += x;
  }
  added = s2;
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
        added = s2;
      }
    }
    const x = values[i];
    const d = x - c;
    const dd = d * d;
    s1 += d;
    s2 += dd;
    added += dd;
    const m = s1 * inv;
    let v = s2 * inv - m * m;
    if (v <= noise * added) v = 0;
    const sd = Math.sqrt(v);
    const t = values[i - lookback];
    if (bands) {
      sum += x;
      const avg = sum / period;
      sum -= t;
      const w = mult * sd;
      mid[i] = avg;
      o[i] = avg + w;
      low[i] = avg - w;
    } else if (z) o[i] = sd === 0 ? 0 : (d - m) / sd;
    else o[i] = sd;
    const dt = t - c;
    s1 -= dt;
    s2 -= dt * dt;
  }
}
