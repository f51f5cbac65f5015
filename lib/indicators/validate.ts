/**
 * Shared argument checks. Kept out of the kernels' loops: each indicator validates once,
 * then runs a tight loop over typed arrays.
 */

export function assertPeriod(period: number, name = "period"): void {
  if (!Number.isInteger(period) || period < 1) {
    throw new RangeError(`${name} must be an integer >= 1, got ${period}`);
  }
}

export function assertSameLength(...arrays: Float64Array[]): number {
  const n = arrays[0].length;
  for (let i = 1; i < arrays.length; i++) {
    if (arrays[i].length !== n) throw new RangeError(`input arrays differ in length (${n} vs ${arrays[i].length})`);
  }
  return n;
}

/**
 * Returns `out` (checked) or a fresh array. Outputs are written while inputs are still being read
 * (trailing values of running sums), so an output sharing memory with an input would corrupt the result.
 */
export function outputFor(n: number, out: Float64Array | undefined, inputs: readonly Float64Array[]): Float64Array {
  if (out === undefined) return new Float64Array(n);
  if (out.length !== n) throw new RangeError(`output length ${out.length} does not match input length ${n}`);
  for (const input of inputs) {
    if (input.buffer === out.buffer) throw new RangeError("output must not share memory with an input");
  }
  return out;
}

export function assertDistinct(...outs: Float64Array[]): void {
  for (let i = 0; i < outs.length; i++) {
    for (let j = i + 1; j < outs.length; j++) {
      if (outs[i].buffer === outs[j].buffer) throw new RangeError("output arrays must not share memory");
    }
  }
}
