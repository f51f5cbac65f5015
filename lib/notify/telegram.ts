import "server-only";
import { env } from "@/lib/env";
import { scrubSecrets } from "@/lib/exchange/scrub";
import { logger } from "@/lib/log";

/**
 * Telegram Bot API sendMessage. The bot token is part of the request path, so any error text that
 * echoes the URL (fetch's "Failed to parse URL from …", proxies, the API's own descriptions) carries
 * the token: everything returned or logged goes through scrubSecrets first.
 */

export type TelegramMessage = { botToken: string; chatId: string; text: string };

export type TelegramOptions = {
  /** Defaults to TELEGRAM_API_BASE_URL; tests point it at a local fake Bot API. */
  baseUrl?: string;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
};

export type TelegramResult = { ok: boolean; message: string };

type BotApiAnswer = {
  ok?: boolean;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
};

// Real tokens are "<digits>:<letters, digits, _ and ->"; anything else could rewrite the request path.
const TOKEN_CHARACTERS = /^[A-Za-z0-9:_-]+$/;
const MAX_DESCRIPTION = 200;

function explain(status: number, answer: BotApiAnswer | null): string {
  const code = answer?.error_code ?? status;
  const description = (answer?.description ?? "").slice(0, MAX_DESCRIPTION);
  // Telegram answers 404 for a token that is not even shaped like one of its tokens.
  if (code === 401 || code === 404) return "The bot token was refused by Telegram.";
  if (code === 400 && /chat not found/i.test(description)) {
    return "Telegram does not know this chat id: start a chat with the bot first.";
  }
  if (code === 403) {
    return "The bot cannot write to this chat: it was blocked by the user or removed from the group. Unblock or re-add the bot.";
  }
  if (code === 429) {
    const retryAfter = answer?.parameters?.retry_after;
    return typeof retryAfter === "number"
      ? `Telegram is rate limiting this bot: try again in ${retryAfter} s.`
      : "Telegram is rate limiting this bot: try again later.";
  }
  if (description) return `Telegram refused the message: ${description}`;
  return `Telegram answered HTTP ${status}.`;
}

/**
 * What became of one sendMessage call, as the outbox needs to know it: Telegram delivers at most
 * once only if we never resend a message that may have arrived.
 *   delivered:  Telegram answered ok.
 *   refused:    Telegram answered with an error (401, 403, 400, 429, 5xx): the message was not delivered.
 *   not_sent:   the request never left (bad token shape, refused connection, unknown host).
 *   ambiguous:  the request may have reached Telegram but no usable answer came back (timeout, reset).
 */
export type TelegramDelivery = {
  outcome: "delivered" | "refused" | "not_sent" | "ambiguous";
  message: string;
  /** Telegram's HTTP status, when it answered. */
  status?: number;
  /** Seconds Telegram asked us to wait (429 parameters.retry_after). */
  retryAfterS?: number;
};

// Connection errors that prove no byte of the request reached anyone.
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ERR_INVALID_URL"]);

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code ?? (error as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === "string" ? code : undefined;
}

export async function deliverTelegramMessage(
  { botToken, chatId, text }: TelegramMessage,
  { baseUrl, fetchImpl = fetch, timeoutMs = 5000 }: TelegramOptions = {},
): Promise<TelegramDelivery> {
  const token = botToken.trim();
  const clean = (message: string) => scrubSecrets(message, [token, botToken].filter(Boolean));
  const log = logger().child({ component: "telegram" });

  if (!TOKEN_CHARACTERS.test(token)) {
    return { outcome: "not_sent", message: "This is not a Telegram bot token: it looks like 123456789:AAE…, as @BotFather shows it." };
  }

  const base = (baseUrl ?? env().TELEGRAM_API_BASE_URL).replace(/\/+$/, "");
  let response: Response;
  try {
    response = await fetchImpl(`${base}/bot${token}/sendMessage`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ chat_id: chatId, text, disable_web_page_preview: true }),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "error",
    });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    const message = timedOut
      ? `Telegram could not be reached: no answer within ${Number((timeoutMs / 1000).toFixed(1))} s.`
      : "Telegram could not be reached.";
    const cause = error instanceof Error ? `${error.message} ${String((error.cause as Error | undefined)?.message ?? "")}` : String(error);
    log.warn({ reason: clean(cause).slice(0, 300) }, "telegram request failed");
    // "Failed to parse URL" is a TypeError without a code: nothing was sent either.
    const neverLeft = !timedOut && (NOT_SENT_CODES.has(errorCode(error) ?? "") || /parse URL/i.test(cause));
    return { outcome: neverLeft ? "not_sent" : "ambiguous", message };
  }

  let answer: BotApiAnswer | null = null;
  try {
    answer = (await response.json()) as BotApiAnswer;
  } catch {
    answer = null;
  }

  if (response.ok && answer?.ok === true) return { outcome: "delivered", message: "Telegram delivered the message.", status: response.status };
  // A 2xx whose body we cannot read may well have been delivered: never count it as refused.
  if (response.ok) return { outcome: "ambiguous", message: "Telegram answered without a readable result.", status: response.status };

  const message = clean(explain(response.status, answer));
  log.warn({ status: response.status, error_code: answer?.error_code, message }, "telegram refused the message");
  const retryAfter = answer?.parameters?.retry_after;
  return {
    outcome: "refused",
    message,
    status: response.status,
    ...(typeof retryAfter === "number" && retryAfter >= 0 ? { retryAfterS: retryAfter } : {}),
  };
}

/** One message with a plain yes/no answer, for the settings page's test button. */
export async function sendTelegramMessage(message: TelegramMessage, options: TelegramOptions = {}): Promise<TelegramResult> {
  const delivery = await deliverTelegramMessage(message, options);
  return { ok: delivery.outcome === "delivered", message: delivery.message };
}
