/**
 * Knows when this document has started navigating away (a form post such as sign-out, a reload, a
 * typed address). Until the next page replaces it, the old one keeps running and must not open
 * connections the server is about to refuse.
 */

let leftAt: number | null = null;
const listeners = new Set<() => void>();
let installed = false;

function install() {
  if (installed || typeof window === "undefined") return;
  installed = true;
  window.addEventListener("beforeunload", () => {
    leftAt = Date.now();
    for (const listener of listeners) listener();
  });
}

// Installed as soon as any API client code loads, so a sign-out that happens before a request or
// stream has opened is still noticed by the ones that would open after it.
install();

/** Calls `listener` when the page starts to leave; returns the unsubscribe function. */
export function onPageLeave(listener: () => void): () => void {
  install();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** How long to hold off new connections: 0 unless the page began leaving less than `graceMs` ago. */
export function leaveHoldMs(graceMs: number): number {
  if (leftAt === null) return 0;
  return Math.max(0, leftAt + graceMs - Date.now());
}
