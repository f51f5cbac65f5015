/**
 * Imports this process is running right now. Recovery may run at any time (and in every server
 * process); it never touches these. Kept on globalThis because Next loads lib/ into several module
 * graphs (routes, instrumentation) within one process.
 */
const KEY = Symbol.for("autocbot.activeCandleImports");
type Holder = { [KEY]?: Set<string> };

export function activeImports(): Set<string> {
  const holder = globalThis as Holder;
  return (holder[KEY] ??= new Set());
}
