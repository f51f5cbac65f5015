import "server-only";
import { eq } from "drizzle-orm";
import { getDb, type Db, type Tx } from "@/lib/db";
import { userSettings } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { ValidationFailed, type FieldErrors } from "@/lib/errors";
import { recordAudit } from "@/lib/auth/audit";
import type { ClientInfo } from "@/lib/auth/types";
import { generateWebhookSecret } from "@/lib/notify/webhook-signature";
import { readSecret, readSecretMasks, writeSecret } from "@/lib/security/secret-store";
import { DEFAULT_DISPLAY, DEFAULT_EXCHANGE, DEFAULT_NOTIFICATION_EVENTS, DEFAULT_TRADING } from "./defaults";
import { SECRET_FIELDS, type SecretField, type SecretMask } from "./secret-fields";
import type { SettingsUpdate, TradingSettings } from "./schemas";

type Row = typeof userSettings.$inferSelect;

export type SettingsView = {
  exchange: { id: string; api_key: SecretMask; api_secret: SecretMask; passphrase: SecretMask; mode: "paper" | "live"; live_trading_enabled: boolean };
  market_data: { coingecko_api_key: SecretMask };
  notifications: {
    telegram_bot_token: SecretMask;
    telegram_chat_id: string | null;
    webhook_url: SecretMask;
    webhook_secret: SecretMask;
    events: string[];
  };
  trading: TradingSettings;
  display: typeof DEFAULT_DISPLAY;
  updated_at: number | null;
};

function readRow(db: Db | Tx, userId: string): Row | undefined {
  return db.select().from(userSettings).where(eq(userSettings.userId, userId)).get();
}

function preferences(row: Row | undefined) {
  return {
    exchangeId: row?.exchangeId ?? DEFAULT_EXCHANGE.id,
    mode: row?.exchangeMode ?? DEFAULT_EXCHANGE.mode,
    telegramChatId: row?.telegramChatId ?? null,
    events: row?.notificationEvents ?? DEFAULT_NOTIFICATION_EVENTS,
    // Stored groups are merged over the defaults, so preferences added later get their defaults.
    trading: { ...DEFAULT_TRADING, ...(row?.trading ?? {}) } as TradingSettings,
    display: { ...DEFAULT_DISPLAY, ...(row?.display ?? {}) } as typeof DEFAULT_DISPLAY,
  };
}

/** The exchanges a trader may choose on this server (SUPPORTED_EXCHANGES), for the settings form. */
export function supportedExchanges(): string[] {
  return [...env().SUPPORTED_EXCHANGES];
}

/** The caller's settings with every secret masked. A user without a row gets the defaults. */
export async function getSettings(userId: string): Promise<SettingsView> {
  const db = getDb();
  const row = readRow(db, userId);
  const prefs = preferences(row);
  const masks = readSecretMasks(db, userId);
  return {
    exchange: {
      id: prefs.exchangeId,
      api_key: masks["exchange.api_key"],
      api_secret: masks["exchange.api_secret"],
      passphrase: masks["exchange.passphrase"],
      mode: prefs.mode,
      live_trading_enabled: env().ENABLE_LIVE_TRADING,
    },
    market_data: { coingecko_api_key: masks["market_data.coingecko_api_key"] },
    notifications: {
      telegram_bot_token: masks["notifications.telegram_bot_token"],
      telegram_chat_id: prefs.telegramChatId,
      webhook_url: masks["notifications.webhook_url"],
      webhook_secret: masks["notifications.webhook_secret"],
      events: prefs.events,
    },
    trading: prefs.trading,
    display: prefs.display,
    updated_at: row?.updatedAt ?? null,
  };
}

/** Rules that need the server's configuration or the merged result, reported on the field's wire path. */
function crossFieldProblems(update: SettingsUpdate, merged: ReturnType<typeof preferences>): FieldErrors {
  const problems: FieldErrors = {};
  const add = (path: string, message: string) => (problems[path] ??= []).push(message);
  const { SUPPORTED_EXCHANGES, ENABLE_LIVE_TRADING, ALLOW_WEBHOOK_HOSTS } = env();
  if (update.exchange?.id !== undefined && !SUPPORTED_EXCHANGES.includes(update.exchange.id)) {
    add("exchange.id", `Choose one of the supported exchanges: ${SUPPORTED_EXCHANGES.join(", ")}.`);
  }
  if (update.exchange?.mode === "live" && !ENABLE_LIVE_TRADING) {
    add("exchange.mode", "Live trading is disabled on this server (ENABLE_LIVE_TRADING is off). Paper trading stays available.");
  }
  if (update.trading?.default_pairs || update.trading?.stake_currency) {
    merged.trading.default_pairs.forEach((pair, i) => {
      if (!pair.endsWith(`/${merged.trading.stake_currency}`)) {
        add(update.trading?.default_pairs ? `trading.default_pairs.${i}` : "trading.stake_currency", `${pair} is not quoted in the stake currency ${merged.trading.stake_currency}.`);
      }
    });
  }
  const url = update.notifications?.webhook_url;
  if (url) {
    const parsed = new URL(url);
    // Matched like lib/notify/ssrf-guard does: only http besides https, and "host:port" with the
    // default port filled in (the URL parser drops ":80" from http URLs).
    const allowedLocal = parsed.protocol === "http:" && ALLOW_WEBHOOK_HOSTS.includes(`${parsed.hostname}:${parsed.port || "80"}`);
    if (parsed.protocol !== "https:" && !allowedLocal) add("notifications.webhook_url", "Webhook URLs must use https://.");
  }
  return problems;
}

const SECRET_UPDATES: [group: keyof SettingsUpdate, key: string, field: SecretField][] = [
  ["exchange", "api_key", "exchange.api_key"],
  ["exchange", "api_secret", "exchange.api_secret"],
  ["exchange", "passphrase", "exchange.passphrase"],
  ["market_data", "coingecko_api_key", "market_data.coingecko_api_key"],
  ["notifications", "telegram_bot_token", "notifications.telegram_bot_token"],
  ["notifications", "webhook_url", "notifications.webhook_url"],
  ["notifications", "webhook_secret", "notifications.webhook_secret"],
];

function upsertRow(tx: Tx, userId: string, values: Omit<Row, "userId" | "updatedAt">, now: number) {
  tx.insert(userSettings)
    .values({ userId, ...values, updatedAt: now })
    .onConflictDoUpdate({ target: userSettings.userId, set: { ...values, updatedAt: now } })
    .run();
}

/**
 * Applies any subset of groups and fields: omitted fields are kept, null removes a secret or
 * resets a nullable preference. Secrets are encrypted with the user's id and the field as
 * associated data. Only field names reach the audit log, never values.
 */
export async function updateSettings(userId: string, update: SettingsUpdate, client: ClientInfo): Promise<SettingsView> {
  const db = getDb();
  const now = Date.now();
  db.transaction(
    (tx) => {
      const current = preferences(readRow(tx, userId));
      const merged = {
        ...current,
        exchangeId: update.exchange?.id ?? current.exchangeId,
        mode: update.exchange?.mode ?? current.mode,
        telegramChatId: update.notifications?.telegram_chat_id !== undefined ? update.notifications.telegram_chat_id : current.telegramChatId,
        events: update.notifications?.events ?? current.events,
        trading: { ...current.trading, ...(update.trading ?? {}) } as TradingSettings,
        display: { ...current.display, ...(update.display ?? {}) } as typeof DEFAULT_DISPLAY,
      };
      const problems = crossFieldProblems(update, merged);
      if (Object.keys(problems).length > 0) throw new ValidationFailed(problems);

      upsertRow(
        tx,
        userId,
        {
          exchangeId: merged.exchangeId,
          exchangeMode: merged.mode,
          telegramChatId: merged.telegramChatId,
          notificationEvents: merged.events,
          trading: merged.trading,
          display: merged.display,
        },
        now,
      );
      const changedSecrets: string[] = [];
      for (const [group, key, field] of SECRET_UPDATES) {
        const value = (update[group] as Record<string, string | null | undefined> | undefined)?.[key];
        if (value === undefined) continue;
        writeSecret(tx, userId, field, value, now);
        changedSecrets.push(`${field}:${value === null ? "removed" : "set"}`);
      }
      recordAudit(tx, {
        userId,
        action: "settings.update",
        ip: client.ip,
        details: { groups: Object.keys(update), secrets: changedSecrets },
      });
    },
    { behavior: "immediate" },
  );
  return getSettings(userId);
}

/** Preferences back to defaults; secrets are kept unless includeSecrets. */
export async function resetSettings(userId: string, includeSecrets: boolean, client: ClientInfo): Promise<SettingsView> {
  const now = Date.now();
  getDb().transaction(
    (tx) => {
      const current = readRow(tx, userId);
      upsertRow(
        tx,
        userId,
        {
          // The chosen exchange and chat id are configuration, not preferences: kept with the secrets.
          exchangeId: includeSecrets ? null : (current?.exchangeId ?? null),
          exchangeMode: DEFAULT_EXCHANGE.mode,
          telegramChatId: includeSecrets ? null : (current?.telegramChatId ?? null),
          notificationEvents: null,
          trading: null,
          display: null,
        },
        now,
      );
      if (includeSecrets) for (const field of SECRET_FIELDS) writeSecret(tx, userId, field, null, now);
      recordAudit(tx, { userId, action: "settings.reset", ip: client.ip, details: { include_secrets: includeSecrets } });
    },
    { behavior: "immediate" },
  );
  return getSettings(userId);
}

/** A new webhook signing secret, returned once; afterwards only its mask is shown. */
export async function rotateWebhookSecret(userId: string, client: ClientInfo): Promise<{ secret: string }> {
  const secret = generateWebhookSecret();
  const now = Date.now();
  getDb().transaction(
    (tx) => {
      writeSecret(tx, userId, "notifications.webhook_secret", secret, now);
      recordAudit(tx, { userId, action: "settings.update", ip: client.ip, details: { secrets: ["notifications.webhook_secret:set"] } });
    },
    { behavior: "immediate" },
  );
  return { secret };
}

/** Decrypted credentials for a server-side call; used and dropped, never returned to a client. */
export async function readExchangeCredentials(userId: string) {
  const db = getDb();
  const prefs = preferences(readRow(db, userId));
  const apiKey = readSecret(db, userId, "exchange.api_key");
  const apiSecret = readSecret(db, userId, "exchange.api_secret");
  const isUnreadable = (mask: SecretMask) => "unreadable" in mask;
  return {
    exchangeId: prefs.exchangeId,
    mode: prefs.mode,
    apiKey: apiKey.value,
    apiSecret: apiSecret.value,
    passphrase: readSecret(db, userId, "exchange.passphrase").value,
    unreadable: isUnreadable(apiKey.mask) || isUnreadable(apiSecret.mask),
  };
}

export async function readNotificationConfig(userId: string) {
  const db = getDb();
  const prefs = preferences(readRow(db, userId));
  return {
    telegramBotToken: readSecret(db, userId, "notifications.telegram_bot_token").value,
    telegramChatId: prefs.telegramChatId,
    webhookUrl: readSecret(db, userId, "notifications.webhook_url").value,
    webhookSecret: readSecret(db, userId, "notifications.webhook_secret").value,
    events: prefs.events,
  };
}
