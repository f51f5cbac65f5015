/**
 * Concurrent callers asking for the same key share one call: a cold chart opened by many viewers,
 * or a ticker refresh overlapping a request, costs the upstream one request.
 */
export function singleFlight<T>(): (key: string, run: () => Promise<T>) => Promise<T> {
  const inFlight = new Map<string, Promise<T>>();
  return (key, run) => {
    const running = inFlight.get(key);
    if (running) return running;
    const task = run().finally(() => inFlight.delete(key));
    inFlight.set(key, task);
    return task;
  };
}
