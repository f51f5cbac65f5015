/**
 * Shutdown hooks shared by every module graph in the process (the start script and Next's
 * bundles each get their own copy of lib/, so the list lives on globalThis).
 */
const KEY = Symbol.for("autocbot.shutdownHooks");
type Hook = () => Promise<void> | void;
type Holder = { [KEY]?: Hook[] };

export function onShutdown(hook: Hook): void {
  const holder = globalThis as Holder;
  (holder[KEY] ??= []).push(hook);
}

export async function runShutdownHooks(): Promise<void> {
  const hooks = (globalThis as Holder)[KEY] ?? [];
  // Last registered first, so streams close before the database they read from.
  for (const hook of [...hooks].reverse()) {
    try {
      await hook();
    } catch (error) {
      console.error("shutdown hook failed", error);
    }
  }
}
