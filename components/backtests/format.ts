/**
 * Text for backtest figures. en-US and UTC throughout (like components/format), so every reader and
 * every test sees the same text whatever the browser's locale.
 */
import type { BadgeVariant } from "@/components/ui/badge";
import type { BacktestPhase, BacktestStatus } from "./types";

export const EM_DASH = "—";

const isNumber = (value: number | null | undefined): value is number => typeof value === "number" && Number.isFinite(value);

function grouped(value: number, decimals: number): string {
  return value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** "+2.41%" / "−0.87%" / "0.00%": percent points in. */
export function formatSignedPct(pct: number | null | undefined, decimals = 2): string {
  if (!isNumber(pct)) return EM_DASH;
  const text = grouped(Math.abs(pct), decimals);
  if (Number(Math.abs(pct).toFixed(decimals)) === 0) return `${(0).toFixed(decimals)}%`;
  return `${pct > 0 ? "+" : "−"}${text}%`;
}

/** "12.34%": percent points in, no sign (exposure, drawdown depth). */
export function formatPct(pct: number | null | undefined, decimals = 2): string {
  if (!isNumber(pct)) return EM_DASH;
  return `${grouped(pct, decimals)}%`;
}

/** A 0–1 fraction as a percentage ("0.553" → "55.3%"). */
export function formatFraction(fraction: number | null | undefined, decimals = 1): string {
  if (!isNumber(fraction)) return EM_DASH;
  return `${grouped(fraction * 100, decimals)}%`;
}

/** A ratio such as Sharpe or the profit factor: "1.23", "−0.40". */
export function formatRatio(value: number | null | undefined, decimals = 2): string {
  if (!isNumber(value)) return EM_DASH;
  const text = grouped(Math.abs(value), decimals);
  return value < 0 && Number(Math.abs(value).toFixed(decimals)) !== 0 ? `−${text}` : text;
}

export function formatCount(value: number | null | undefined): string {
  if (!isNumber(value)) return EM_DASH;
  return grouped(value, 0);
}

/** "10,234.56 USDT"; the currency is left out when unknown. */
export function formatMoney(value: number | null | undefined, currency?: string | null, decimals = 2): string {
  if (!isNumber(value)) return EM_DASH;
  const sign = value < 0 && Number(Math.abs(value).toFixed(decimals)) !== 0 ? "−" : "";
  return `${sign}${grouped(Math.abs(value), decimals)}${currency ? ` ${currency}` : ""}`;
}

/** "+123.45 USDT" / "−12.00 USDT": a profit or loss. */
export function formatSignedMoney(value: number | null | undefined, currency?: string | null, decimals = 2): string {
  if (!isNumber(value)) return EM_DASH;
  const plain = formatMoney(value, currency, decimals);
  return value > 0 && Number(value.toFixed(decimals)) !== 0 ? `+${plain}` : plain;
}

/** A price with enough decimals to tell fills apart. */
export function formatPrice(value: number | null | undefined): string {
  if (!isNumber(value)) return EM_DASH;
  const abs = Math.abs(value);
  const decimals = abs >= 1000 ? 2 : abs >= 1 ? 4 : abs >= 0.01 ? 6 : 8;
  return grouped(value, decimals);
}

/** An amount of the base asset: up to 8 decimals, trailing zeros dropped. */
export function formatAmount(value: number | null | undefined): string {
  if (!isNumber(value)) return EM_DASH;
  return value.toLocaleString("en-US", { maximumFractionDigits: 8 });
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "3d 4h", "5h 12m", "45m", "30s": the two largest units. */
export function formatDuration(ms: number | null | undefined): string {
  if (!isNumber(ms) || ms < 0) return EM_DASH;
  if (ms < MINUTE) return `${Math.round(ms / 1000)}s`;
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  const minutes = Math.floor((ms % HOUR) / MINUTE);
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return minutes > 0 ? `${hours}h ${minutes}m` : `${hours}h`;
  return `${minutes}m`;
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/** "2025-01-31": the UTC date of an instant. */
export function formatUtcDate(epochMs: number | null | undefined): string {
  if (!isNumber(epochMs)) return EM_DASH;
  const d = new Date(epochMs);
  if (Number.isNaN(d.getTime())) return EM_DASH;
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** "2025-01-01 → 2025-03-31", with times when either end is not a UTC midnight. */
export function formatRange(start: number, end: number): string {
  const midnight = (ms: number) => ms % DAY === 0;
  if (midnight(start) && midnight(end)) return `${formatUtcDate(start)} → ${formatUtcDate(end)}`;
  const time = (ms: number) => {
    const d = new Date(ms);
    return `${formatUtcDate(ms)} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
  };
  return `${time(start)} → ${time(end)}`;
}

/** The quote currency of a pair list ("BTC/USDT" → "USDT"), when all pairs share one. */
export function quoteCurrency(symbols: readonly string[] | null | undefined): string | null {
  if (!symbols || symbols.length === 0) return null;
  const quotes = new Set(symbols.map((s) => s.split("/")[1] ?? ""));
  const [only] = [...quotes];
  return quotes.size === 1 && only ? only : null;
}

/** Where the candles came from, in words: "simulated:v1:7" → "Simulated market (seed 7)". */
export function describeBacktestSource(source: string | null | undefined): string {
  if (!source || source === "market") return "Market data";
  const [kind, ...rest] = source.split(":");
  switch (kind) {
    case "simulated": {
      const seed = rest[1];
      return seed ? `Simulated market (seed ${seed})` : "Simulated market";
    }
    case "exchange": {
      const name = rest.join(":");
      return name ? name.charAt(0).toUpperCase() + name.slice(1) : "Exchange";
    }
    case "import":
      return `Import ${rest.join(":")}`;
    default:
      return source;
  }
}

export const PHASE_LABEL: Record<BacktestPhase, string> = {
  queued: "Waiting to start",
  downloading: "Downloading candles",
  running: "Running",
  saving: "Saving results",
  completed: "Completed",
  failed: "Failed",
  canceled: "Canceled",
};

export const STATUS_LABEL: Record<BacktestStatus, string> = {
  queued: "Queued",
  running: "Running",
  completed: "Completed",
  failed: "Failed",
  canceled: "Canceled",
};

export const STATUS_VARIANT: Record<BacktestStatus, BadgeVariant> = {
  queued: "neutral",
  running: "primary",
  completed: "success",
  failed: "danger",
  canceled: "warning",
};

const EXIT_REASON_INFO: Record<string, { label: string; short: string }> = {
  signal: { label: "Exit signal", short: "SIG" },
  stop_loss: { label: "Stop loss", short: "SL" },
  take_profit: { label: "Take profit", short: "TP" },
  trailing_stop: { label: "Trailing stop", short: "TSL" },
  roi: { label: "Minimal ROI", short: "ROI" },
  end_of_data: { label: "End of data", short: "END" },
  liquidation: { label: "Liquidation", short: "LIQ" },
};

/** Words for a snake_case code the product has no text for: "below_min_amount" → "Below min amount". */
export function humanizeCode(code: string): string {
  const words = code.replace(/_/g, " ").trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : code;
}

export function exitReasonLabel(reason: string): string {
  return EXIT_REASON_INFO[reason]?.label ?? humanizeCode(reason);
}

/** The few letters drawn beside an exit marker on the chart. */
export function exitReasonShort(reason: string): string {
  return EXIT_REASON_INFO[reason]?.short ?? reason.slice(0, 3).toUpperCase();
}

const REJECTION_LABEL: Record<string, string> = {
  max_open_trades: "Open-trade limit reached",
  insufficient_cash: "Not enough free cash",
  below_min_amount: "Below the market's minimum amount",
  below_min_notional: "Below the market's minimum order value",
};

export function rejectionLabel(reason: string): string {
  return REJECTION_LABEL[reason] ?? humanizeCode(reason);
}

const NULL_REASON_TEXT: Record<string, string> = {
  no_trades: "No trades closed in this run.",
  no_losses: "No losing trades, so this ratio is undefined.",
  no_wins: "No winning trades, so this ratio is undefined.",
  fewer_than_2_daily_returns: "Fewer than 2 daily returns: the run is too short.",
  zero_volatility: "Daily returns never varied, so this ratio is undefined.",
  no_downside_infinite: "No losing days: the ratio would be infinite.",
  no_downside: "No downside volatility, so this ratio is undefined.",
  empty_range: "The range is empty.",
  overflow: "The annualised value is too large to show.",
  cagr_undefined: "CAGR is undefined for this run, so this ratio is too.",
  no_drawdown: "Equity never fell, so this ratio is undefined.",
  no_candles_in_range: "No candles in the range.",
};

/** Why a metric has no value, in words; the tooltip of its "—". */
export function describeNullReason(reason: string | null | undefined): string {
  if (!reason) return "Not available for this run.";
  return NULL_REASON_TEXT[reason] ?? `${humanizeCode(reason)}.`;
}
