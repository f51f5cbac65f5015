import type { FieldErrors } from "@/lib/errors";

/**
 * The settings page's FormData (already a plain object, see formObject) turned into the shapes the
 * group schemas in ./schemas.ts validate. Nothing is validated here: a value the schema must refuse
 * is passed on in a form the schema refuses with the trader-facing message.
 */
export type FormFields = Record<string, unknown>;

/** Files and absent keys both count as "not sent"; only text comes from these forms. */
function text(form: FormFields, key: string): string | undefined {
  const value = form[key];
  return typeof value === "string" ? value : undefined;
}

/**
 * An empty secret input means "keep the stored one": the inputs never show the stored value, so
 * submitting the form unchanged must not wipe it. Removal is a separate button that sends null.
 */
function secret(form: FormFields, key: string): string | undefined {
  const value = text(form, key);
  return value === undefined || value === "" ? undefined : value;
}

/** NaN makes the schema answer "… must be a number.", which is what an empty required field deserves. */
function requiredNumber(form: FormFields, key: string): number | undefined {
  const value = text(form, key);
  if (value === undefined) return undefined;
  return value.trim() === "" ? Number.NaN : Number(value);
}

/** An empty nullable field is the trader choosing "none". */
function nullableNumber(form: FormFields, key: string): number | null | undefined {
  const value = text(form, key);
  if (value === undefined) return undefined;
  return value.trim() === "" ? null : Number(value);
}

/** Drops the keys left undefined so a partial update keeps those stored values. */
function defined(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
}

/** Commas, spaces or new lines all separate pairs, so a pasted list works whichever it uses. */
export function splitPairs(value: string): string[] {
  return value.split(/[\s,;]+/).filter((p) => p !== "");
}

export function exchangeFromForm(form: FormFields) {
  return defined({
    id: text(form, "id"),
    mode: text(form, "mode"),
    api_key: secret(form, "api_key"),
    api_secret: secret(form, "api_secret"),
    passphrase: secret(form, "passphrase"),
  });
}

export function marketDataFromForm(form: FormFields) {
  return defined({ coingecko_api_key: secret(form, "coingecko_api_key") });
}

/** Each event is its own checkbox named `events.<event>`, since formObject keeps one value per name. */
export const EVENT_FIELD_PREFIX = "events.";

export function notificationsFromForm(form: FormFields) {
  const chatId = text(form, "telegram_chat_id");
  const events = Object.keys(form)
    .filter((key) => key.startsWith(EVENT_FIELD_PREFIX) && text(form, key) !== undefined)
    .map((key) => key.slice(EVENT_FIELD_PREFIX.length));
  return defined({
    telegram_bot_token: secret(form, "telegram_bot_token"),
    // The chat id is shown in the form, so clearing the input is how a trader removes it.
    telegram_chat_id: chatId === undefined ? undefined : chatId.trim() === "" ? null : chatId,
    webhook_url: secret(form, "webhook_url"),
    // Unchecked boxes are not submitted: no boxes at all means "send nothing", not "keep".
    events,
  });
}

export function tradingFromForm(form: FormFields) {
  const pairs = text(form, "default_pairs");
  return defined({
    stake_currency: text(form, "stake_currency"),
    default_pairs: pairs === undefined ? undefined : splitPairs(pairs),
    paper_starting_balance: requiredNumber(form, "paper_starting_balance"),
    max_open_positions: requiredNumber(form, "max_open_positions"),
    max_position_size_pct: requiredNumber(form, "max_position_size_pct"),
    risk_per_trade_pct: requiredNumber(form, "risk_per_trade_pct"),
    stop_loss_pct: requiredNumber(form, "stop_loss_pct"),
    take_profit_pct: requiredNumber(form, "take_profit_pct"),
    trailing_stop_pct: nullableNumber(form, "trailing_stop_pct"),
    daily_loss_limit_pct: nullableNumber(form, "daily_loss_limit_pct"),
    fee_rate: requiredNumber(form, "fee_rate"),
    slippage_bps: requiredNumber(form, "slippage_bps"),
  });
}

export function displayFromForm(form: FormFields) {
  return defined({ time_zone: text(form, "time_zone"), theme: text(form, "theme") });
}

/** A checkbox: present ("on") when ticked, absent otherwise. */
export function checkbox(form: FormFields, key: string): boolean {
  return text(form, key) !== undefined;
}

/**
 * Errors arrive on wire paths ("trading.stop_loss_pct", "trading.default_pairs.1"); a form shows
 * them under its own field names. A list item's error goes under the list's field, prefixed with
 * its position so the trader can find it without the value being echoed back.
 */
export function formFieldErrors(fields: FieldErrors, group: string): FieldErrors {
  const byField = new Map<string, string[]>();
  for (const [path, messages] of Object.entries(fields)) {
    const local = path.startsWith(`${group}.`) ? path.slice(group.length + 1) : path === group ? "_root" : path;
    const [field, index, ...rest] = local.split(".");
    const isItem = index !== undefined && /^\d+$/.test(index) && rest.length === 0;
    const name = isItem ? field : local;
    const prefixed = isItem ? messages.map((m) => prefixItem(field, Number(index), m)) : messages;
    const existing = byField.get(name) ?? [];
    for (const message of prefixed) if (!existing.includes(message)) existing.push(message);
    byField.set(name, existing);
  }
  return Object.fromEntries(byField);
}

const ITEM_LABELS: Record<string, string> = { default_pairs: "Pair", events: "Event" };

function prefixItem(field: string, index: number, message: string): string {
  // Cross-field messages already name the pair ("SOL/BTC is not quoted in …"); only bare ones need a position.
  if (/^[A-Z0-9]{2,15}\/[A-Z0-9]{2,10} /.test(message)) return message;
  return `${ITEM_LABELS[field] ?? "Item"} ${index + 1}: ${message}`;
}
