/** Same-origin JSON requests to /api/v1 with the session cookie, failing with the API's own error. */

export type LineProblem = { line: number; message: string };

export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly fields: Record<string, string[]> = {},
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiRequestError";
  }

  /** The bad lines of a refused CSV import, if that is what this is. */
  get lines(): LineProblem[] {
    return Array.isArray(this.details.lines) ? (this.details.lines as LineProblem[]) : [];
  }
}

type ErrorEnvelope = { error?: { code?: unknown; message?: unknown; fields?: unknown; details?: unknown } };

function describeStatus(status: number): string {
  if (status === 0) return "The server could not be reached.";
  if (status === 401) return "Your session has ended. Sign in again.";
  if (status === 413) return "The file is larger than the server accepts.";
  if (status === 429) return "Too many requests. Try again in a moment.";
  if (status >= 500) return "The server could not do this. Try again in a moment.";
  return `The request failed (HTTP ${status}).`;
}

/** The error an API answer carries, whatever shape (or none) its body has. */
export function errorFromResponse(status: number, bodyText: string): ApiRequestError {
  let body: ErrorEnvelope | null = null;
  try {
    body = JSON.parse(bodyText) as ErrorEnvelope;
  } catch {
    // not JSON: fall back to the status
  }
  const e = body?.error;
  const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  return new ApiRequestError(
    typeof e?.message === "string" ? e.message : describeStatus(status),
    status,
    typeof e?.code === "string" ? e.code : "http_error",
    isRecord(e?.fields) ? (e.fields as Record<string, string[]>) : {},
    isRecord(e?.details) ? e.details : {},
  );
}

export async function apiRequest<T>(method: "GET" | "POST" | "DELETE", path: string, options: { body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      signal: options.signal,
      credentials: "same-origin",
      cache: "no-store",
      headers: { accept: "application/json", ...(options.body !== undefined ? { "content-type": "application/json" } : {}) },
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiRequestError(describeStatus(0), 0, "network_error");
  }
  const text = await response.text();
  if (!response.ok) throw errorFromResponse(response.status, text);
  return (text ? JSON.parse(text) : undefined) as T;
}

export function asApiError(error: unknown): ApiRequestError {
  if (error instanceof ApiRequestError) return error;
  return new ApiRequestError(error instanceof Error ? error.message : "Unexpected error.", 0, "client_error");
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}
