/**
 * Vectorised comparisons shared by the strategies. Every comparison with NaN is false, so a bar
 * where an operand is still warming up (or undefined) never signals (trading-semantics.md §1.2).
 */

/**
 * "a crosses above b" at t: a[t] > b[t] and a[t−1] ≤ b[t−1]; "crosses below" mirrored. ORs
 * `aboveFlag` / `belowFlag` into `out`. Bar 0 has no previous bar and never crosses.
 */
export function markCrossings(
  a: Float64Array,
  b: Float64Array,
  out: Uint8Array,
  aboveFlag: number,
  belowFlag: number,
): void {
  const n = out.length;
  if (n === 0) return;
  let a0 = a[0];
  let b0 = b[0];
  for (let i = 1; i < n; i++) {
    const a1 = a[i];
    const b1 = b[i];
    if (a1 > b1) {
      if (a0 <= b0) out[i] |= aboveFlag;
    } else if (a1 < b1) {
      if (a0 >= b0) out[i] |= belowFlag;
    }
    a0 = a1;
    b0 = b1;
  }
}

