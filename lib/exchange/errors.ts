/**
 * ccxt's error classes are translated here, at the adapter boundary, into the few kinds callers
 * act on (freqtrade's model): retry temporary and rate-limited failures, surface auth and
 * permission problems to the user, never retry an invalid request.
 */
import ccxt from "ccxt";
import { scrubSecrets } from "./scrub";

export type ExchangeErrorKind =
  | "auth"
  | "permission"
  | "rate_limited"
  | "temporary"
  | "invalid_request"
  | "unreachable";

export class ExchangeError extends Error {
  constructor(
    public readonly kind: ExchangeErrorKind,
    /** Already scrubbed of the caller's secrets and of token-shaped text. */
    message: string,
    /** The exchange's own error code when its body carried one (Binance: "-2015"). */
    public readonly exchangeCode: string | null = null,
    /** The exchange's own message, scrubbed like `message`. */
    public readonly exchangeMessage: string | null = null,
    /** The ccxt class the error was translated from, for logs. */
    public readonly source: string | null = null,
  ) {
    super(message);
    this.name = "ExchangeError";
  }

  /** Worth retrying later without changing anything. */
  get retryable(): boolean {
    return this.kind === "temporary" || this.kind === "rate_limited" || this.kind === "unreachable";
  }
}

/**
 * Most specific class first: ccxt's hierarchy nests PermissionDenied under AuthenticationError and
 * RateLimitExceeded, RequestTimeout, InvalidNonce under NetworkError.
 */
const KINDS: [new (...args: never[]) => Error, ExchangeErrorKind][] = [
  [ccxt.PermissionDenied, "permission"],
  [ccxt.AccountSuspended, "permission"],
  [ccxt.AuthenticationError, "auth"],
  [ccxt.RateLimitExceeded, "rate_limited"],
  [ccxt.DDoSProtection, "rate_limited"],
  // A clock out of step with the exchange's: the request itself was fine and will pass once it is fixed.
  [ccxt.InvalidNonce, "temporary"],
  [ccxt.RequestTimeout, "unreachable"],
  [ccxt.ExchangeNotAvailable, "unreachable"],
  [ccxt.NetworkError, "unreachable"],
  [ccxt.BadResponse, "temporary"],
  [ccxt.OperationFailed, "temporary"],
  [ccxt.ExchangeError, "invalid_request"],
];

export function exchangeErrorKind(err: unknown): ExchangeErrorKind | null {
  if (err instanceof ExchangeError) return err.kind;
  for (const [cls, kind] of KINDS) if (err instanceof cls) return kind;
  if (err instanceof ccxt.BaseError) return "temporary";
  return null;
}

/** ccxt puts the exchange's raw body after the exchange id: "binance {"code":-2015,"msg":"…"}". */
function exchangeBody(message: string): { code: string | null; msg: string | null } {
  const start = message.indexOf("{");
  const end = message.lastIndexOf("}");
  if (start === -1 || end <= start) return { code: null, msg: null };
  try {
    const body = JSON.parse(message.slice(start, end + 1)) as { code?: unknown; msg?: unknown };
    return {
      code: typeof body.code === "number" || typeof body.code === "string" ? String(body.code) : null,
      msg: typeof body.msg === "string" ? body.msg : null,
    };
  } catch {
    return { code: null, msg: null };
  }
}

/**
 * Translates a ccxt error (or passes an ExchangeError through). Anything else is a bug on this
 * side, not an exchange failure, and is rethrown untouched so it is not retried or hidden.
 * Secrets are scrubbed here because the raw ccxt message is never kept.
 */
export function toExchangeError(err: unknown, secrets: readonly (string | null | undefined)[] = []): ExchangeError {
  if (err instanceof ExchangeError) return err;
  const kind = exchangeErrorKind(err);
  if (kind === null) throw err;
  const raw = (err as Error).message ?? "";
  const { code, msg } = exchangeBody(raw);
  return new ExchangeError(
    kind,
    scrubSecrets(raw, secrets),
    code,
    msg === null ? null : scrubSecrets(msg, secrets),
    (err as Error).name ?? null,
  );
}

/** Runs one exchange call and translates what it throws. */
export async function callExchange<T>(
  fn: () => Promise<T>,
  secrets: readonly (string | null | undefined)[] = [],
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toExchangeError(err, secrets);
  }
}
