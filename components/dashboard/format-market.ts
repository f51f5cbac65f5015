/**
 * Number and time formatting for market figures. en-US and UTC throughout, so every reader and every
 * test sees the same text whatever the browser's locale.
 */

const EM_DASH = "—";

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/** "14:03:27 UTC". */
export function formatUtcClock(epochMs: number): string {
  const date = new Date(epochMs);
  if (!Number.isFinite(epochMs) || Number.isNaN(date.getTime())) return EM_DASH;
  return `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())} UTC`;
}

/** Decimal places a tick size implies: 0.01 → 2, 0.00001 → 5, 1 → 0. */
export function decimalsForTick(tick: number | undefined): number | undefined {
  if (!tick || !Number.isFinite(tick) || tick <= 0) return undefined;
  const decimals = Math.ceil(-Math.log10(tick) - 1e-9);
  return Math.min(Math.max(decimals, 0), 10);
}

/** Enough decimals to show movement without noise when the tick size is unknown. */
function decimalsForPrice(price: number): number {
  const abs = Math.abs(price);
  if (abs >= 1000) return 2;
  if (abs >= 1) return 3;
  if (abs >= 0.01) return 5;
  return 8;
}

/** The decimals a price is quoted in: the market's tick size when known, else by magnitude. */
export function priceDecimals(price: number, tick?: number): number {
  return decimalsForTick(tick) ?? decimalsForPrice(price);
}

export function formatPrice(price: number | null | undefined, tick?: number): string {
  if (price === null || price === undefined || !Number.isFinite(price)) return EM_DASH;
  const decimals = priceDecimals(price, tick);
  return price.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** "+2.41%" / "−0.87%". Percent points in, as the API sends them. */
export function formatPercent(pct: number | null | undefined, decimals = 2): string {
  if (pct === null || pct === undefined || !Number.isFinite(pct)) return EM_DASH;
  const text = Math.abs(pct).toFixed(decimals);
  if (Number(text) === 0) return `${(0).toFixed(decimals)}%`;
  return `${pct > 0 ? "+" : "−"}${text}%`;
}

const COMPACT = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 2 });
const COMPACT_USD = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 2, style: "currency", currency: "USD" });

/** "1.23K", "4.5M". */
export function formatCompact(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return EM_DASH;
  return COMPACT.format(value);
}

/** "$2.45T". */
export function formatCompactUsd(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return EM_DASH;
  return COMPACT_USD.format(value);
}

/** "simulated:v1:seed" → "Simulated market"; "exchange:binance" → "Binance". */
export function describeSource(source: string | undefined): string {
  if (!source) return "Unknown source";
  const [kind, detail] = source.split(":");
  switch (kind) {
    case "simulated":
      return "Simulated market";
    case "exchange":
      return detail ? detail.charAt(0).toUpperCase() + detail.slice(1) : "Exchange";
    case "coingecko":
      return "CoinGecko";
    case "alternative.me":
      return "Alternative.me";
    case "computed":
      return "Computed from tracked pairs";
    case "import":
      return detail ? `Imported (${detail})` : "Imported data";
    default:
      return source;
  }
}

export function changeTone(pct: number | null | undefined): "up" | "down" | "flat" {
  if (pct === null || pct === undefined || !Number.isFinite(pct) || pct === 0) return "flat";
  return pct > 0 ? "up" : "down";
}

export const TONE_TEXT: Record<"up" | "down" | "flat", string> = {
  up: "text-success",
  down: "text-danger",
  flat: "text-muted-foreground",
};
