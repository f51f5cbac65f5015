/**
 * Error text from exchanges, ccxt and HTTP libraries can carry the caller's credentials (a URL with
 * a signed query, an API key echoed in a message). Everything such text passes through here before
 * it is logged, stored or shown.
 */

export const REDACTED = "[redacted]";

/**
 * Secrets shorter than this are not replaced by value: replacing every "abc" would mangle the
 * message while protecting nothing a real exchange issues. The token patterns below still apply.
 */
const MIN_SECRET_LENGTH = 4;

/** Header.payload.signature, where header and payload are base64url JSON beginning with "{". */
const JWT = /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
/** Telegram bot tokens, in API URLs ("bot123:ABC…") and bare. */
const TELEGRAM = /\b(?:bot)?\d{5,}:[A-Za-z0-9_-]{30,}/g;
/**
 * API keys, secrets, signatures and bearer tokens are long runs of base64, base64url or hex.
 * "=" is only matched as trailing padding so that "signature=<hex>" keeps its parameter name.
 * A run needs a digit, or 40 characters, to count: long plain words and identifiers then survive,
 * and a random 24-character token without a single digit is rare (and scrubbed by value anyway).
 */
const TOKEN_RUN = /[A-Za-z0-9+/_-]{24,}={0,2}/g;
const HAS_DIGIT = /\d/;
/**
 * "/" is a base64 character but also joins URL paths ("3999/api/v3/exchangeInfo"). A run is kept as
 * a path when every segment is a plain word or a short number; a random token's segments almost
 * never all are.
 */
const PATH_SEGMENT = /^(?:[A-Za-z]+(?:[-_][A-Za-z]+)*|v?\d{1,6}|)$/;
const looksLikePath = (run: string) => run.includes("/") && run.split("/").every((seg) => PATH_SEGMENT.test(seg));
const isToken = (run: string) => (HAS_DIGIT.test(run) || run.length >= 40) && !looksLikePath(run);

function variants(secret: string): string[] {
  const forms = new Set<string>([secret]);
  forms.add(encodeURIComponent(secret));
  forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
  // How the secret looks inside a JSON string literal (an echoed error body).
  forms.add(JSON.stringify(secret).slice(1, -1));
  return [...forms];
}

/** Replaces each given secret (raw, URL-encoded or JSON-escaped) and every token-shaped substring. */
export function scrubSecrets(text: string, secrets: readonly (string | null | undefined)[] = []): string {
  let out = String(text);
  const forms = secrets
    .filter((s): s is string => typeof s === "string" && s.length >= MIN_SECRET_LENGTH)
    .flatMap(variants)
    // Longest first, so a secret that contains another is replaced whole.
    .sort((a, b) => b.length - a.length);
  for (const form of forms) out = out.split(form).join(REDACTED);

  out = out.replace(JWT, REDACTED);
  out = out.replace(TELEGRAM, REDACTED);
  out = out.replace(TOKEN_RUN, (run) => (isToken(run) ? REDACTED : run));
  return out;
}
