/**
 * Which metrics the pages show, how each is written, and which direction is better: one table for the
 * result cards and the comparison, so the two can never disagree.
 */
import {
  describeNullReason,
  EM_DASH,
  formatCount,
  formatDuration,
  formatFraction,
  formatMoney,
  formatPct,
  formatRatio,
  formatSignedMoney,
  formatSignedPct,
} from "./format";
import type { BacktestMetrics } from "./types";

export type MetricKind = "signed_pct" | "pct" | "fraction" | "ratio" | "count" | "money" | "signed_money" | "duration";

/** "higher" and "lower" say which value is better; "none" marks figures that describe, not rank. */
export type Better = "higher" | "lower" | "none";

export type NumericMetricKey = {
  [K in keyof BacktestMetrics]: BacktestMetrics[K] extends number | null ? K : never;
}[keyof BacktestMetrics];

export type MetricDef = {
  key: NumericMetricKey;
  label: string;
  kind: MetricKind;
  better: Better;
  /** What the figure means, read by assistive tech and shown on hover. */
  hint: string;
};

export const METRICS: Record<string, MetricDef> = {
  total_return_pct: { key: "total_return_pct", label: "Total return", kind: "signed_pct", better: "higher", hint: "Final equity against the starting balance." },
  cagr_pct: { key: "cagr_pct", label: "CAGR", kind: "signed_pct", better: "higher", hint: "Compound annual growth rate." },
  max_drawdown_pct: { key: "max_drawdown_pct", label: "Max drawdown", kind: "pct", better: "lower", hint: "Deepest fall of equity from a running peak, at candle closes." },
  sharpe: { key: "sharpe", label: "Sharpe", kind: "ratio", better: "higher", hint: "Annualised mean of daily returns over their standard deviation." },
  sortino: { key: "sortino", label: "Sortino", kind: "ratio", better: "higher", hint: "Like Sharpe, with downside deviation only." },
  calmar: { key: "calmar", label: "Calmar", kind: "ratio", better: "higher", hint: "CAGR over the maximum drawdown." },
  win_rate: { key: "win_rate", label: "Win rate", kind: "fraction", better: "higher", hint: "Share of closed trades with a profit." },
  profit_factor: { key: "profit_factor", label: "Profit factor", kind: "ratio", better: "higher", hint: "Gross profit over gross loss." },
  expectancy: { key: "expectancy", label: "Expectancy", kind: "signed_money", better: "higher", hint: "Average net profit per trade." },
  trades_count: { key: "trades_count", label: "Trades", kind: "count", better: "none", hint: "Closed trades." },
  fees_paid: { key: "fees_paid", label: "Fees paid", kind: "money", better: "lower", hint: "Entry and exit fees of every trade." },
  exposure_pct: { key: "exposure_pct", label: "Exposure", kind: "pct", better: "none", hint: "Share of candles with at least one open position." },
  final_equity: { key: "final_equity", label: "Final equity", kind: "money", better: "higher", hint: "Cash plus open positions at the last close." },
  buy_and_hold_return_pct: { key: "buy_and_hold_return_pct", label: "Buy & hold", kind: "signed_pct", better: "none", hint: "Return of holding the pairs over the same range, equally weighted." },
  avg_holding_ms: { key: "avg_holding_ms", label: "Avg holding time", kind: "duration", better: "none", hint: "Mean time from entry to exit." },
  net_pnl: { key: "net_pnl", label: "Net profit", kind: "signed_money", better: "higher", hint: "Sum of trade profits after fees and funding." },
  max_drawdown_duration_ms: { key: "max_drawdown_duration_ms", label: "Longest drawdown", kind: "duration", better: "lower", hint: "Longest time spent below a previous equity peak." },
  best_trade_pct: { key: "best_trade_pct", label: "Best trade", kind: "signed_pct", better: "higher", hint: "Best single trade, in percent of its cost." },
  worst_trade_pct: { key: "worst_trade_pct", label: "Worst trade", kind: "signed_pct", better: "higher", hint: "Worst single trade, in percent of its cost." },
};

/** The result cards, in reading order. */
export const CARD_METRICS: readonly MetricDef[] = [
  "total_return_pct",
  "cagr_pct",
  "max_drawdown_pct",
  "sharpe",
  "sortino",
  "calmar",
  "win_rate",
  "profit_factor",
  "expectancy",
  "trades_count",
  "fees_paid",
  "exposure_pct",
  "final_equity",
  "buy_and_hold_return_pct",
  "avg_holding_ms",
].map((key) => METRICS[key]);

/** The comparison rows: the cards plus a few figures that tell two runs apart. */
export const COMPARE_METRICS: readonly MetricDef[] = [
  ...CARD_METRICS,
  METRICS.net_pnl,
  METRICS.max_drawdown_duration_ms,
  METRICS.best_trade_pct,
  METRICS.worst_trade_pct,
];

export function formatMetricValue(kind: MetricKind, value: number | null | undefined, currency?: string | null): string {
  switch (kind) {
    case "signed_pct":
      return formatSignedPct(value);
    case "pct":
      return formatPct(value);
    case "fraction":
      return formatFraction(value);
    case "ratio":
      return formatRatio(value);
    case "count":
      return formatCount(value);
    case "money":
      return formatMoney(value, currency);
    case "signed_money":
      return formatSignedMoney(value, currency);
    case "duration":
      return formatDuration(value);
  }
}

export type Tone = "up" | "down" | "neutral";

export type FormattedMetric = {
  text: string;
  /** Why the value is missing, when it is. */
  reason: string | null;
  tone: Tone;
};

function toneOf(def: MetricDef, value: number | null): Tone {
  if (value === null) return "neutral";
  if (def.kind === "signed_pct" || def.kind === "signed_money") return value > 0 ? "up" : value < 0 ? "down" : "neutral";
  if (def.key === "max_drawdown_pct") return value > 0 ? "down" : "neutral";
  return "neutral";
}

/** A metric's text, its tone, and the reason for "—" when the engine left it undefined. */
export function formatMetric(
  def: MetricDef,
  metrics: BacktestMetrics,
  nullReasons: Record<string, string> | null | undefined,
  currency?: string | null,
): FormattedMetric {
  const raw = metrics[def.key];
  const value = typeof raw === "number" && Number.isFinite(raw) ? raw : null;
  if (value === null) return { text: EM_DASH, reason: describeNullReason(nullReasons?.[def.key]), tone: "neutral" };
  return { text: formatMetricValue(def.kind, value, currency), reason: null, tone: toneOf(def, value) };
}

export type Winner = "a" | "b" | null;

/**
 * Which of two values is better for a metric: null when the metric does not rank, when they are
 * equal, or when either is missing (a missing value is not "worse": the reason differs per run).
 */
export function betterOf(better: Better, a: number | null | undefined, b: number | null | undefined): Winner {
  if (better === "none") return null;
  if (typeof a !== "number" || typeof b !== "number" || !Number.isFinite(a) || !Number.isFinite(b)) return null;
  // Values that print the same are a tie, not a win by rounding noise.
  if (Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))) return null;
  if (better === "higher") return a > b ? "a" : "b";
  return a < b ? "a" : "b";
}
