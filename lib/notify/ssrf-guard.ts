import "server-only";
import { randomUUID } from "node:crypto";
import { lookup as dnsLookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { scrubSecrets } from "@/lib/exchange/scrub";
import { logger } from "@/lib/log";
import { signWebhook } from "@/lib/notify/webhook-signature";

/**
 * Webhook URLs come from users, and the server fetches them: without these checks any user could make
 * the server POST into the operator's network (admin panels on localhost, the cloud metadata service,
 * the database's HTTP port). The check runs on the addresses a name resolves to at delivery time, on
 * every redirect hop, and the connection is then pinned to the checked address, so a DNS answer that
 * changes between the check and the connect (rebinding) cannot slip a private address through.
 */

export type UnsafeDestinationKind =
  | "scheme"
  | "loopback"
  | "private"
  | "link_local"
  | "metadata"
  | "shared"
  | "multicast"
  | "unspecified"
  | "reserved"
  | "unresolvable";

export class UnsafeDestination extends AppError {
  constructor(
    public readonly kind: UnsafeDestinationKind,
    public readonly reason: string,
  ) {
    super(422, "unsafe_destination", reason, undefined, { kind });
  }
}

export type Resolver = (hostname: string) => Promise<string[]>;

export type DestinationOptions = {
  /** Replaces dns.lookup(all); tests use it to return rebinding-style answers. */
  resolve?: Resolver;
  /** Exact "host:port" entries that may be local and plain http; defaults to ALLOW_WEBHOOK_HOSTS. */
  allowHosts?: string[];
};

export type CheckedAddress = { address: string; family: 4 | 6 };

const PUBLIC_ONLY = "webhooks can only reach public internet hosts.";

/** Why an address may not be reached. */
export type BlockedAddressKind = Exclude<UnsafeDestinationKind, "scheme" | "unresolvable">;

const DESCRIBE: Record<BlockedAddressKind, string> = {
  loopback: "a loopback address (this server itself)",
  private: "a private network address",
  link_local: "a link-local address",
  metadata: "the cloud metadata service",
  shared: "a carrier-grade NAT (shared) address",
  multicast: "a multicast address",
  unspecified: "an unspecified address (0.0.0.0 or ::)",
  reserved: "a reserved address",
};

// ---------------------------------------------------------------------------------------------
// Address classification

type V4Range = [base: number, bits: number, kind: BlockedAddressKind];

const v4 = (dotted: string) => dotted.split(".").reduce((n, part) => n * 256 + Number(part), 0);

// Order matters: the metadata address sits inside link-local and is reported as the more telling one.
const V4_BLOCKED: V4Range[] = [
  [v4("169.254.169.254"), 32, "metadata"],
  [v4("100.100.100.200"), 32, "metadata"], // Alibaba Cloud's metadata service, inside CGNAT space
  [v4("0.0.0.0"), 32, "unspecified"],
  [v4("0.0.0.0"), 8, "reserved"], // "this network": Linux connects 0.x.y.z to the local host
  [v4("10.0.0.0"), 8, "private"],
  [v4("100.64.0.0"), 10, "shared"],
  [v4("127.0.0.0"), 8, "loopback"],
  [v4("169.254.0.0"), 16, "link_local"],
  [v4("172.16.0.0"), 12, "private"],
  [v4("192.0.0.0"), 24, "reserved"], // IETF protocol assignments
  [v4("192.0.2.0"), 24, "reserved"], // documentation ranges never route on the internet
  [v4("198.18.0.0"), 15, "private"], // benchmarking space, used inside data centres
  [v4("198.51.100.0"), 24, "reserved"],
  [v4("203.0.113.0"), 24, "reserved"],
  [v4("192.168.0.0"), 16, "private"],
  [v4("224.0.0.0"), 4, "multicast"],
  [v4("240.0.0.0"), 4, "reserved"], // includes 255.255.255.255 (broadcast)
];

function inV4Range(value: number, base: number, bits: number): boolean {
  if (bits === 0) return true;
  const size = 2 ** (32 - bits);
  return Math.floor(value / size) === Math.floor(base / size);
}

function classifyV4(address: string): BlockedAddressKind | null {
  const value = v4(address);
  for (const [base, bits, kind] of V4_BLOCKED) if (inV4Range(value, base, bits)) return kind;
  return null;
}

/** 16 bytes, or null when the text is not an IPv6 address (zone ids like %eth0 are ignored). */
function parseV6(text: string): number[] | null {
  let address = text.replace(/^\[|\]$/g, "").split("%")[0];
  if (isIP(address) !== 6) return null;
  // A dotted IPv4 tail ("::ffff:1.2.3.4") is two hex groups written differently.
  const dotted = address.match(/^(.*:)(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    const n = v4(dotted[2]);
    address = `${dotted[1]}${Math.floor(n / 65536).toString(16)}:${(n % 65536).toString(16)}`;
  }
  const [head, tail] = address.split("::");
  const groups = (s: string | undefined) => (s ? s.split(":").map((g) => parseInt(g, 16)) : []);
  const headGroups = groups(head);
  const tailGroups = groups(tail);
  const all =
    tail === undefined
      ? headGroups
      : [...headGroups, ...new Array(8 - headGroups.length - tailGroups.length).fill(0), ...tailGroups];
  if (all.length !== 8) return null;
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

const AWS_METADATA_V6 = parseV6("fd00:ec2::254")!;
const embeddedV4 = (bytes: number[], at: number) => bytes.slice(at, at + 4).join(".");
const startsWith = (bytes: number[], prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

function classifyV6(address: string): BlockedAddressKind | null {
  const bytes = parseV6(address);
  if (!bytes) return "reserved";
  const zeros = (n: number) => bytes.slice(0, n).every((b) => b === 0);

  if (bytes.every((b) => b === 0)) return "unspecified";
  if (zeros(15) && bytes[15] === 1) return "loopback";
  // IPv4-mapped (::ffff:a.b.c.d) reaches the IPv4 address itself: judge that.
  if (zeros(10) && bytes[10] === 0xff && bytes[11] === 0xff) return classifyV4(embeddedV4(bytes, 12));
  // Deprecated IPv4-compatible (::a.b.c.d) and the rest of ::/96 have no legitimate public use.
  if (zeros(12)) return "reserved";
  // NAT64 (64:ff9b::/96) is translated to the embedded IPv4 address by the network's NAT64 gateway.
  if (startsWith(bytes, [0x00, 0x64, 0xff, 0x9b]) && bytes.slice(4, 12).every((b) => b === 0)) {
    return classifyV4(embeddedV4(bytes, 12));
  }
  if (startsWith(bytes, [0x00, 0x64, 0xff, 0x9b, 0x00, 0x01])) return "private"; // local-use NAT64 64:ff9b:1::/48
  // 6to4 (2002::/16) carries an IPv4 address in bytes 2..5.
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return classifyV4(embeddedV4(bytes, 2));
  if (bytes[0] === 0xff) return "multicast";
  if (bytes[0] === 0xfe && (bytes[1] & 0xc0) === 0x80) return "link_local";
  if (bytes[0] === 0xfe && (bytes[1] & 0xc0) === 0xc0) return "private"; // deprecated site-local fec0::/10
  if ((bytes[0] & 0xfe) === 0xfc) {
    // AWS serves instance metadata on fd00:ec2::254 as well.
    if (bytes.every((b, i) => b === AWS_METADATA_V6[i])) return "metadata";
    return "private"; // unique-local fc00::/7
  }
  if (startsWith(bytes, [0x20, 0x01, 0x0d, 0xb8])) return "reserved"; // documentation
  // Everything outside global unicast 2000::/3 is unassigned or special-purpose.
  if ((bytes[0] & 0xe0) !== 0x20) return "reserved";
  return null;
}

/** Null for an address webhooks may reach; otherwise why not. */
export function classifyAddress(address: string): BlockedAddressKind | null {
  const family = isIP(address.replace(/^\[|\]$/g, "").split("%")[0]);
  if (family === 4) return classifyV4(address);
  if (family === 6) return classifyV6(address);
  return "reserved";
}

// ---------------------------------------------------------------------------------------------
// Destination check

const defaultResolve: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

function effectivePort(url: URL): string {
  return url.port || (url.protocol === "https:" ? "443" : url.protocol === "http:" ? "80" : "");
}

function isAllowedHost(url: URL, allowHosts: string[]): boolean {
  // url.hostname is lower-case and keeps IPv6 brackets, so entries are written "[::1]:8080".
  const key = `${url.hostname}:${effectivePort(url)}`;
  return allowHosts.some((entry) => entry.trim().toLowerCase() === key);
}

function refuse(kind: BlockedAddressKind): UnsafeDestination {
  return new UnsafeDestination(kind, `The webhook address points to ${DESCRIBE[kind]}; ${PUBLIC_ONLY}`);
}

/**
 * Every address the destination may be reached at, all of them checked. Callers connect only to these.
 * Literal IPs are judged before the scheme so that http://127.0.0.1/ says "loopback", which is the real problem.
 */
export async function checkDestination(url: URL, options: DestinationOptions = {}): Promise<CheckedAddress[]> {
  const allowHosts = options.allowHosts ?? env().ALLOW_WEBHOOK_HOSTS;
  const resolve = options.resolve ?? defaultResolve;
  const allowed = isAllowedHost(url, allowHosts);
  const host = url.hostname.replace(/^\[|\]$/g, "");

  if (url.protocol !== "https:" && !(allowed && url.protocol === "http:")) {
    if (!allowed && isIP(host)) {
      const kind = classifyAddress(host);
      if (kind) throw refuse(kind);
    }
    throw new UnsafeDestination("scheme", "Webhook URLs must start with https://.");
  }

  let addresses: string[];
  if (isIP(host)) {
    // The WHATWG parser has already turned 2130706433, 0x7f.1 and 0177.0.0.1 into dotted form.
    addresses = [host];
  } else {
    try {
      addresses = await resolve(host);
    } catch {
      addresses = [];
    }
    if (!addresses.length) {
      throw new UnsafeDestination("unresolvable", `The webhook host ${host} could not be found in DNS.`);
    }
  }

  const checked: CheckedAddress[] = [];
  for (const address of addresses) {
    const family = isIP(address);
    if (family !== 4 && family !== 6) throw refuse("reserved");
    // One private answer among public ones is still refused: the connection could pick either.
    if (!allowed) {
      const kind = classifyAddress(address);
      if (kind) throw refuse(kind);
    }
    checked.push({ address, family });
  }
  return checked;
}

/** Throws UnsafeDestination unless every address the URL resolves to is public (or the host:port is allow-listed). */
export async function assertPublicDestination(url: URL, options: DestinationOptions = {}): Promise<CheckedAddress> {
  return (await checkDestination(url, options))[0];
}

// ---------------------------------------------------------------------------------------------
// Delivery

export type WebhookResult = { ok: boolean; status?: number; message: string };

type HopResponse = { status: number; location: string | null };

type HopRequest = {
  url: URL;
  addresses: CheckedAddress[];
  headers: Record<string, string>;
  body: Buffer;
  signal: AbortSignal;
};

export type DeliverWebhookOptions = DestinationOptions & {
  /**
   * Replaces the pinned node:http(s) transport. A fetch cannot be pinned to the checked address,
   * so this is for tests that stub the network, never for production use.
   */
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  maxRedirects?: number;
  /**
   * The webhook-id header. The outbox passes its row id, so every retry of one notification carries
   * the same id and receivers can drop duplicates; a fresh random id otherwise.
   */
  messageId?: string;
};

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function pinnedLookup(addresses: CheckedAddress[]): LookupFunction {
  // Node 20 asks with all:true (happy eyeballs) and without it elsewhere; both get only checked addresses.
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, addresses.map((a) => ({ address: a.address, family: a.family })));
    else callback(null, addresses[0].address, addresses[0].family);
  }) as LookupFunction;
}

function nodeHop({ url, addresses, headers, body, signal }: HopRequest): Promise<HopResponse> {
  return new Promise((resolve, reject) => {
    const secure = url.protocol === "https:";
    const hostname = url.hostname.replace(/^\[|\]$/g, "");
    const request = (secure ? https : http).request(
      {
        method: "POST",
        hostname,
        port: url.port || (secure ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        headers: { ...headers, host: url.host },
        auth: url.username ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined,
        lookup: pinnedLookup(addresses),
        // A fresh connection per hop: a pooled socket might belong to an address checked for another request.
        agent: false,
        signal,
        // SNI and certificate checks stay on the host name even though the socket goes to the pinned address.
        ...(secure && !isIP(hostname) ? { servername: hostname } : {}),
      },
      (response) => {
        const location = response.headers.location ?? null;
        // The status is all we need; not reading the body keeps a slow or endless answer from holding us.
        response.destroy();
        resolve({ status: response.statusCode ?? 0, location });
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

function fetchHop(fetchImpl: typeof fetch) {
  return async ({ url, headers, body, signal }: HopRequest): Promise<HopResponse> => {
    const response = await fetchImpl(url.href, { method: "POST", headers, body: new Uint8Array(body), redirect: "manual", signal });
    await response.body?.cancel().catch(() => undefined);
    return { status: response.status, location: response.headers.get("location") };
  };
}

const seconds = (ms: number) => String(Number((ms / 1000).toFixed(1)));

function networkMessage(error: unknown, host: string, timeoutMs: number, timedOut: boolean): string {
  if (timedOut) return `The webhook endpoint at ${host} did not answer within ${seconds(timeoutMs)} s.`;
  const code = (error as { code?: unknown; cause?: { code?: unknown } })?.code ?? (error as { cause?: { code?: unknown } })?.cause?.code;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `The webhook host ${host} could not be found in DNS.`;
  if (typeof code === "string" && /^(CERT_|ERR_TLS|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|ERR_SSL)/.test(code)) {
    return `The webhook endpoint at ${host} did not present a valid TLS certificate (${code}).`;
  }
  return `The webhook endpoint at ${host} could not be reached${typeof code === "string" ? ` (${code})` : ""}.`;
}

/**
 * Signs and POSTs one notification. Never throws: every outcome is a result whose message can be shown
 * to the user. The same signed message is re-sent on each redirect hop (it is one delivery).
 */
export async function deliverWebhook(
  urlString: string,
  secret: string,
  payload: unknown,
  { fetchImpl, resolve, allowHosts, timeoutMs = 5000, maxRedirects = 3, messageId }: DeliverWebhookOptions = {},
): Promise<WebhookResult> {
  // The URL is stored as a secret (paths often carry tokens), so neither it nor the signing secret may surface.
  const secrets = [secret, urlString];
  const clean = (message: string) => scrubSecrets(message, secrets.filter((s) => typeof s === "string" && s.length >= 4));
  const log = logger().child({ component: "webhook" });

  let url: URL;
  try {
    url = new URL(urlString);
  } catch {
    return { ok: false, message: "The webhook URL is not a valid URL." };
  }
  if (url.password) secrets.push(url.password, decodeURIComponent(url.password));

  const body = Buffer.from(JSON.stringify(payload ?? null));
  let headers: Record<string, string>;
  try {
    headers = {
      ...signWebhook(secret, { id: messageId ?? randomUUID(), timestamp: Math.floor(Date.now() / 1000), body }),
      "content-type": "application/json",
      "content-length": String(body.length),
      "user-agent": "AutoCbot-Webhook/1",
    };
  } catch {
    return { ok: false, message: "The webhook signing secret is not valid: generate a new one." };
  }

  const send = fetchImpl ? fetchHop(fetchImpl) : nodeHop;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  // DNS has its own, much longer timeouts; the delivery deadline covers resolution too.
  const deadline = new Promise<never>((_, reject) =>
    controller.signal.addEventListener("abort", () => reject(new Error("timed out")), { once: true }),
  );
  deadline.catch(() => undefined);

  try {
    for (let hop = 0; ; hop++) {
      let addresses: CheckedAddress[];
      try {
        addresses = await Promise.race([checkDestination(url, { resolve, allowHosts }), deadline]);
      } catch (error) {
        if (!(error instanceof UnsafeDestination)) throw error;
        const message = hop === 0 ? error.reason : `The webhook redirected to an address that is not allowed: ${error.reason}`;
        log.warn({ host: url.host, hop, kind: error.kind }, "webhook destination refused");
        return { ok: false, message: clean(message) };
      }

      let response: HopResponse;
      try {
        response = await send({ url, addresses, headers, body, signal: controller.signal });
      } catch (error) {
        const message = clean(networkMessage(error, url.host, timeoutMs, timedOut));
        log.warn({ host: url.host, hop, message }, "webhook delivery failed");
        return { ok: false, message };
      }

      const { status, location } = response;
      if (REDIRECTS.has(status) && location) {
        if (hop >= maxRedirects) {
          return { ok: false, status, message: `The webhook redirected more than ${maxRedirects} times.` };
        }
        try {
          url = new URL(location, url);
        } catch {
          return { ok: false, status, message: "The webhook redirected to an invalid address." };
        }
        continue;
      }
      if (status >= 200 && status < 300) {
        return { ok: true, status, message: `The webhook endpoint accepted the notification (HTTP ${status}).` };
      }
      const message = clean(`The webhook endpoint at ${url.host} answered HTTP ${status}.`);
      log.warn({ host: url.host, status }, "webhook endpoint refused the notification");
      return { ok: false, status, message };
    }
  } catch (error) {
    const message = clean(networkMessage(error, url.host, timeoutMs, timedOut));
    log.warn({ host: url.host, message }, "webhook delivery failed");
    return { ok: false, message };
  } finally {
    clearTimeout(timer);
  }
}
