import { assertDistinct, assertPeriod, outputFor } from "./validate";

export interface MacdOutput {
  line: Float64Array;
  signal: Float64Array;
  hist: Float64Array;
}

/**
 * MACD (TA-Lib MACD): line = EMA(fast) - EMA(slow), signal = EMA(signal) of the line,
 * hist = line - signal. All three are NaN for i < (slow - 1) + (signal - 1), TA-Lib's lookback
 * (33 for 12/26/9), although the line is computable earlier: one prefix for all three keeps
 * crossovers of line and signal from starting on a half-defined bar.
 * As in TA-Lib, both EMAs are seeded at bar slow - 1 (the fast one with the SMA of the `fast` bars
 * ending there, not of the first `fast` bars), and fast > slow is swapped.
 * One pass with no intermediate buffers: the line feeds the signal as it is produced.
 * NaN: a NaN input makes that output and every later one NaN.
 */
export function macd(
  values: Float64Array,
  fast = 12,
  slow = 26,
  signal = 9,
  out?: Partial<MacdOutput>,
): MacdOutput {
  assertPeriod(fast, "fast");
  assertPeriod(slow, "slow");
  assertPeriod(signal, "signal");
  if (slow < fast) [fast, slow] = [slow, fast];
  const n = values.length;
  const line = outputFor(n, out?.line, [values]);
  const sig = outputFor(n, out?.signal, [values]);
  const hist = outputFor(n, out?.hist, [values]);
  assertDistinct(line, sig, hist);
  const lbSlow = slow - 1;
  const lookback = lbSlow + signal - 1;
  if (n <= lookback) {
    line.fill(NaN);
    sig.fill(NaN);
    hist.fill(NaN);
    return { line, signal: sig, hist };
  }
  line.fill(NaN, 0, lookback);
  sig.fill(NaN, 0, lookback);
  hist.fill(NaN, 0, lookback);

  const kF = 2 / (fast + 1);
  const kS = 2 / (slow + 1);
  const kG = 2 / (signal + 1);
  let sumS = 0;
  for (let i = 0; i <= lbSlow; i++) sumS += values[i];
  let sumF = 0;
  for (let i = lbSlow - fast + 1; i <= lbSlow; i++) sumF += values[i];
  let emaF = sumF / fast;
  let emaS = sumS / slow;

  let sumG = emaF - emaS;
  for (let i = lbSlow + 1; i <= lookback; i++) {
    const x = values[i];
    emaF = (x - emaF) * kF + emaF;
    emaS = (x - emaS) * kS + emaS;
    sumG += emaF - emaS;
  }
  let g = sumG / signal;
  let l = emaF - emaS;
  line[lookback] = l;
  sig[lookback] = g;
  hist[lookback] = l - g;
  for (let i = lookback + 1; i < n; i++) {
    const x = values[i];
    emaF = (x - emaF) * kF + emaF;
    emaS = (x - emaS) * kS + emaS;
    l = emaF - emaS;
    g = (l - g) * kG + g;
    line[i] = l;
    sig[i] = g;
    hist[i] = l - g;
  }
  return { line, signal: sig, hist };
}
