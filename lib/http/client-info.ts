import type { ClientInfo } from "@/lib/auth/types";

/**
 * The server in front of Next (scripts/start.ts) overwrites X-Forwarded-For with the one client
 * address it trusts (the socket's, or the proxy-reported one when TRUST_PROXY is on), so the
 * header can be taken as is here.
 */
export function clientInfo(headers: Headers): ClientInfo {
  const ip = headers.get("x-forwarded-for")?.split(",")[0]?.trim() || null;
  const userAgent = headers.get("user-agent")?.slice(0, 512) || null;
  return { ip, userAgent };
}
