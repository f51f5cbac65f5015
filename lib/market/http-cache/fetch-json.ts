import { scrubSecrets } from "@/lib/exchange/scrub";

/**
 * One way to call a market-data upstream, so every client fails the same way: a typed error whose
 * message is safe to log or show (secrets scrubbed) and that tells the cache why the call failed.
 */

export type UpstreamFailure = "network" | "timeout" | "http" | "malformed";

export class UpstreamError extends Error {
  constructor(
    message: string,
    readonly upstream: string,
    readonly kind: UpstreamFailure,
    readonly status?: number,
    /** From Retry-After on a 429/503, so a caller can hold off for as long as the upstream asks. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "UpstreamError";
  }
}

export type FetchJsonOptions = {
  /** Human name used in error messages ("CoinGecko"). */
  upstream: string;
  headers?: Record<string, string>;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  /** Values that must never appear in an error message (API keys sent in headers). */
  secrets?: readonly (string | null | undefined)[];
  /** Turns a non-2xx answer's parsed body into a message; the result is scrubbed like the rest. */
  describeHttpError?: (status: number, body: unknown) => string | undefined;
};

export const DEFAULT_UPSTREAM_TIMEOUT_MS = 5000;

function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

export async function fetchJson(url: string, options: FetchJsonOptions): Promise<unknown> {
  const { upstream, headers = {}, fetchImpl = fetch, timeoutMs = DEFAULT_UPSTREAM_TIMEOUT_MS, secrets = [] } = options;
  const clean = (text: string) => scrubSecrets(text, secrets);

  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: "GET",
      headers: { accept: "application/json", ...headers },
      signal: AbortSignal.timeout(timeoutMs),
      // A redirect could carry the key header to a host we never chose.
      redirect: "error",
    });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    if (timedOut) {
      throw new UpstreamError(`${upstream} did not answer within ${Number((timeoutMs / 1000).toFixed(1))} s.`, upstream, "timeout");
    }
    const reason = error instanceof Error ? `${error.message} ${String((error.cause as Error | undefined)?.message ?? "")}` : String(error);
    throw new UpstreamError(clean(`${upstream} could not be reached: ${reason.trim()}`).slice(0, 300), upstream, "network");
  }

  const text = await response.text().catch(() => "");
  let body: unknown;
  let parsed = true;
  try {
    body = JSON.parse(text);
  } catch {
    parsed = false;
  }

  if (!response.ok) {
    const detail = parsed ? options.describeHttpError?.(response.status, body) : undefined;
    const message = detail ? `${upstream} answered HTTP ${response.status}: ${detail}` : `${upstream} answered HTTP ${response.status}.`;
    throw new UpstreamError(
      clean(message).slice(0, 300),
      upstream,
      "http",
      response.status,
      parseRetryAfter(response.headers.get("retry-after"), Date.now()),
    );
  }
  if (!parsed) throw new UpstreamError(`${upstream} answered with a body that is not JSON.`, upstream, "malformed", response.status);
  return body;
}
