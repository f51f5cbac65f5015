/**
 * Every per-user secret, named by its dotted wire path. The name is also the associated data's
 * field part ("{user_id}:{field}"), so a ciphertext moved to another field does not decrypt.
 */
export const SECRET_FIELDS = [
  "exchange.api_key",
  "exchange.api_secret",
  "exchange.passphrase",
  "market_data.coingecko_api_key",
  "notifications.telegram_bot_token",
  "notifications.webhook_url",
  "notifications.webhook_secret",
] as const;

export type SecretField = (typeof SECRET_FIELDS)[number];

/** What pages and API answers show instead of a secret. */
export type SecretMask =
  | { set: false }
  | { set: true; last4?: string; updated_at: number }
  | { set: true; unreadable: true; updated_at: number; message: string };
