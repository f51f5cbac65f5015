/** Amount and money formatting for trading figures: en-US throughout so every reader sees the same text. */

const EM_DASH = "—";

/** "1,234.56": money in the quote asset, always two decimals. */
export function formatMoney(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return EM_DASH;
  return value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** "+12.30" / "−4.00": a profit or loss with its sign. */
export function formatSignedMoney(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return EM_DASH;
  const text = formatMoney(Math.abs(value));
  if (Number(Math.abs(value).toFixed(2)) === 0) return formatMoney(0);
  return `${value > 0 ? "+" : "−"}${text}`;
}

/** "0.01234": a base-asset amount with up to eight decimals, trailing zeros dropped. */
export function formatAmount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return EM_DASH;
  return value.toLocaleString("en-US", { minimumFractionDigits: 0, maximumFractionDigits: 8 });
}

/** Wording for a value as money in an asset: "1,234.56 USDT", or an amount for a base asset. */
export function formatAssetValue(value: number, asset: string, quoteAsset: string): string {
  return `${asset === quoteAsset ? formatMoney(value) : formatAmount(value)} ${asset}`;
}

/** "BTC/USDT" → "BTC-USDT", the form symbols take in a URL path. */
export function symbolPath(symbol: string): string {
  return encodeURIComponent(symbol.replace("/", "-"));
}

export function baseOf(symbol: string): string {
  return symbol.split("/")[0] ?? symbol;
}

export function quoteOf(symbol: string): string {
  return symbol.split("/")[1] ?? "";
}

export const ORDER_TYPE_LABELS: Record<string, string> = {
  market: "Market",
  limit: "Limit",
  stop_market: "Stop market",
  stop_limit: "Stop limit",
  take_profit: "Take profit",
  trailing_stop: "Trailing stop",
};

/** Whether a close left dust, however the server reports it. */
export function hasDust(dust: boolean | number | null | undefined): boolean {
  return typeof dust === "number" ? dust > 0 : Boolean(dust);
}

/** How many, from a count or a list. */
export function countOf(value: number | readonly unknown[] | null | undefined): number {
  if (Array.isArray(value)) return value.length;
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}
