/**
 * Rolling max and min over `period` values ending at each index, O(n) total with monotonic deques
 * (TA-Lib's rescan-on-expiry is O(n·period) on a steadily falling or rising series).
 * Writes NaN for i < period - 1. NaN is sticky, like the running-sum kernels: from the first NaN in
 * either input on, both outputs are NaN (comparisons would otherwise silently skip it).
 * The deques are ring buffers of `period` indices, allocated once per call.
 */
export function rollingMaxMinInto(
  high: Float64Array,
  low: Float64Array,
  period: number,
  maxOut: Float64Array,
  minOut: Float64Array,
): void {
  const n = high.length;
  const lookback = period - 1;
  if (n <= lookback) {
    maxOut.fill(NaN);
    minOut.fill(NaN);
    return;
  }
  maxOut.fill(NaN, 0, lookback);
  minOut.fill(NaN, 0, lookback);
  const qMax = new Int32Array(period);
  const qMin = new Int32Array(period);
  // Head and tail count pushes/pops; the slot is the count modulo period.
  let hMax = 0;
  let tMax = 0;
  let hMin = 0;
  let tMin = 0;
  for (let i = 0; i < n; i++) {
    const h = high[i];
    const l = low[i];
    if (h !== h || l !== l) {
      maxOut.fill(NaN, Math.max(i, lookback));
      minOut.fill(NaN, Math.max(i, lookback));
      return;
    }
    const expired = i - period;
    if (tMax > hMax && qMax[hMax % period] === expired) hMax++;
    if (tMin > hMin && qMin[hMin % period] === expired) hMin++;
    while (tMax > hMax && high[qMax[(tMax - 1) % period]] <= h) tMax--;
    qMax[tMax % period] = i;
    tMax++;
    while (tMin > hMin && low[qMin[(tMin - 1) % period]] >= l) tMin--;
    qMin[tMin % period] = i;
    tMin++;
    if (i >= lookback) {
      maxOut[i] = high[qMax[hMax % period]];
      minOut[i] = low[qMin[hMin % period]];
    }
  }
}
