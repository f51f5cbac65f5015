import type { IncomingMessage } from "node:http";

const unmap = (ip: string) => (ip.startsWith("::ffff:") ? ip.slice(7) : ip);

/**
 * The one client address the app may believe. Without a trusted proxy it is the socket's; with
 * TRUST_PROXY the rightmost `hops` X-Forwarded-For entries were added by our own proxies, so the
 * client is the entry just left of them (never the leftmost, which the client can write).
 */
export function resolveClientAddress(req: IncomingMessage, trustProxy: boolean, hops: number): string {
  const socket = unmap(req.socket.remoteAddress ?? "unknown");
  if (!trustProxy) return socket;
  const header = req.headers["x-forwarded-for"];
  const chain = (Array.isArray(header) ? header.join(",") : (header ?? ""))
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  chain.push(socket);
  return unmap(chain[Math.max(0, chain.length - 1 - hops)]);
}

/** Overwrites the forwarding headers so nothing downstream can be fooled by what the client sent. */
export function rewriteForwardingHeaders(req: IncomingMessage, trustProxy: boolean, hops: number): void {
  req.headers["x-forwarded-for"] = resolveClientAddress(req, trustProxy, hops);
  delete req.headers["x-real-ip"];
  if (!trustProxy) {
    delete req.headers["x-forwarded-proto"];
    delete req.headers["x-forwarded-host"];
    delete req.headers["x-forwarded-port"];
    delete req.headers["forwarded"];
  }
}
