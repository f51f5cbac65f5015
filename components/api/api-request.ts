/**
 * Same-origin JSON requests to /api/v1 with the session cookie, failing with the API's own error
 * (message, code, field errors and details). Every client component calls the API through here.
 */
import { leaveHoldMs, onPageLeave } from "./page-leave";

export type LineProblem = { line: number; message: string };

export class ApiRequestError extends Error {
  constructor(
    message: string,
    /** The HTTP status; 0 when no answer arrived or the failure happened in the browser. */
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

/**
 * What to say for an answer that carries no message of its own, by status (0: the server could not
 * be reached); "5xx" covers any server error without an entry of its own. A feature passes its own
 * wording for the statuses it words differently; the rest keep the defaults.
 */
export type StatusMessages = Readonly<Partial<Record<number | "5xx", string>>>;

const DEFAULT_MESSAGES: StatusMessages = {
  0: "The server could not be reached.",
  401: "Your session has ended. Sign in again.",
  413: "The file is larger than the server accepts.",
  429: "Too many requests. Try again in a moment.",
  "5xx": "The server could not do this. Try again in a moment.",
};

export function describeStatus(status: number, messages: StatusMessages = {}): string {
  const worded = messages[status] ?? DEFAULT_MESSAGES[status];
  if (worded !== undefined) return worded;
  if (status >= 500) return messages["5xx"] ?? DEFAULT_MESSAGES["5xx"]!;
  return `The request failed (HTTP ${status}).`;
}

type ErrorEnvelope = { error?: { code?: unknown; message?: unknown; fields?: unknown; details?: unknown } };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The error an API answer carries, whatever shape (or none) its body has. */
export function errorFromResponse(status: number, bodyText: string, messages?: StatusMessages): ApiRequestError {
  let body: ErrorEnvelope | null = null;
  try {
    body = JSON.parse(bodyText) as ErrorEnvelope;
  } catch {
    // not JSON: fall back to the status
  }
  const e = isRecord(body) ? body.error : undefined;
  return new ApiRequestError(
    typeof e?.message === "string" ? e.message : describeStatus(status, messages),
    status,
    typeof e?.code === "string" ? e.code : "http_error",
    isRecord(e?.fields) ? (e.fields as Record<string, string[]>) : {},
    isRecord(e?.details) ? e.details : {},
  );
}

export type ApiRequestOptions = {
  /** Sent as JSON. */
  body?: unknown;
  /** Aborting rejects with the AbortError itself, never an ApiRequestError (see isAbort). */
  signal?: AbortSignal;
  messages?: StatusMessages;
  /** Extra request headers, e.g. an Idempotency-Key. */
  headers?: Record<string, string>;
};

/** After a page starts leaving (sign-out posts a form), its requests would only meet an ended session. */
const LEAVE_GRACE_MS = 10_000;

export async function apiRequest<T>(method: "GET" | "POST" | "PUT" | "DELETE", path: string, options: ApiRequestOptions = {}): Promise<T> {
  const { body, messages } = options;
  // Requests still running or starting while the page leaves are aborted, so they end as aborts
  // (which callers ignore) rather than as 401s from the session that was just ended.
  const leaving = new AbortController();
  const stopOnLeave = onPageLeave(() => leaving.abort());
  if (leaveHoldMs(LEAVE_GRACE_MS) > 0) leaving.abort();
  const signal = options.signal ? AbortSignal.any([options.signal, leaving.signal]) : leaving.signal;
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      signal,
      credentials: "same-origin",
      cache: "no-store",
      headers: { accept: "application/json", ...(body !== undefined ? { "content-type": "application/json" } : {}), ...options.headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new ApiRequestError(describeStatus(0, messages), 0, "network_error");
  } finally {
    stopOnLeave();
  }
  const text = await response.text();
  if (!response.ok) throw errorFromResponse(response.status, text, messages);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Any thrown value as an ApiRequestError, so a component renders one kind of failure. */
export function asApiError(error: unknown): ApiRequestError {
  if (error instanceof ApiRequestError) return error;
  return new ApiRequestError(error instanceof Error ? error.message : "Unexpected error.", 0, "client_error");
}

/** The request was given up on purpose (its signal aborted), so nothing should be shown for it. */
export function isAbort(error: unknown, signal?: AbortSignal): boolean {
  return Boolean(signal?.aborted) || (error instanceof DOMException && error.name === "AbortError");
}
