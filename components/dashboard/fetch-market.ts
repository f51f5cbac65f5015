/** Same-origin GETs against /api/v1 with the session cookie, failing with the API's own error message. */

export class MarketRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = "MarketRequestError";
  }
}

type ErrorEnvelope = { error?: { code?: unknown; message?: unknown } };

function describeStatus(status: number): string {
  if (status === 401) return "Your session has ended. Sign in again to see market data.";
  if (status === 429) return "Too many requests. This will load again in a moment.";
  if (status === 503) return "The market data source has nothing to show yet.";
  if (status >= 500) return "The server could not load this.";
  return `The request failed (HTTP ${status}).`;
}

export async function fetchMarket<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      signal,
      credentials: "same-origin",
      headers: { accept: "application/json" },
      cache: "no-store",
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new MarketRequestError("The server could not be reached.", 0, "network_error");
  }
  if (response.ok) return (await response.json()) as T;

  const body = (await response.json().catch(() => null)) as ErrorEnvelope | null;
  const code = typeof body?.error?.code === "string" ? body.error.code : "http_error";
  const message = typeof body?.error?.message === "string" ? body.error.message : describeStatus(response.status);
  throw new MarketRequestError(message, response.status, code);
}

/** Any thrown value as a MarketRequestError, so widgets render one kind of failure. */
export function asMarketError(error: unknown): MarketRequestError {
  if (error instanceof MarketRequestError) return error;
  return new MarketRequestError(error instanceof Error ? error.message : "Unexpected error.", 0, "client_error");
}

export function isAbort(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (error instanceof DOMException && error.name === "AbortError");
}
