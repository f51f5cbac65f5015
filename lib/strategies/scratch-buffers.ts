/**
 * Reusable Float64Arrays for indicator outputs that a strategy needs only while it computes its
 * signal flags. On a million candles, fresh 8 MB arrays cost more in page faults than the indicators
 * themselves; reused across runs, that becomes a one-time cost. Signals are computed synchronously,
 * so a lease is never shared: each `withScratch` call takes its own buffers and gives them back when
 * its callback returns. Nothing that outlives the callback (flags, stop distances, closures over
 * arrays) may live in a scratch buffer.
 */
const free = new Map<number, Float64Array[]>();
/** What the pool may keep between runs, in bytes; larger or further buffers are left to the GC. */
const KEEP_BYTES = 64 * 1024 * 1024;
let keptBytes = 0;

export function withScratch<T>(length: number, count: number, compute: (...buffers: Float64Array[]) => T): T {
  const available = free.get(length) ?? [];
  const buffers = Array.from({ length: count }, () => {
    const reused = available.pop();
    if (reused !== undefined) keptBytes -= reused.byteLength;
    return reused ?? new Float64Array(length);
  });
  try {
    return compute(...buffers);
  } finally {
    for (const b of buffers) {
      // The pool only keeps buffers of the latest length, so a server that ran one huge backtest
      // does not hold its memory forever.
      if (!free.has(length)) {
        free.clear();
        keptBytes = 0;
      }
      if (keptBytes + b.byteLength > KEEP_BYTES) break;
      free.set(length, [...(free.get(length) ?? []), b]);
      keptBytes += b.byteLength;
    }
  }
}
