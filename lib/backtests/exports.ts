import type { BacktestRow } from "@/lib/db/schema";
import type { CandleArrays } from "@/lib/market/candle-store";
import type { TradeView } from "./operations";

/** Candles a chart receives at most; longer runs are merged into buckets of whole candles. */
export const MAX_CHART_CANDLES = 5_000;

/** The full close-marked equity curve and its drawdown from the running peak, one row per point. */
export function curvesCsv(run: Pick<BacktestRow, "equityFull" | "curveStartAt" | "curveIntervalMs">): string {
  const lines = ["time,equity,drawdown_pct"];
  const buffer = run.equityFull;
  if (buffer && run.curveStartAt !== null && run.curveIntervalMs !== null) {
    // A copy: the blob's bytes need not be 8-byte aligned inside the buffer SQLite hands back.
    const values = new Float64Array(new Uint8Array(buffer).buffer);
    let peak = -Infinity;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v > peak) peak = v;
      const dd = peak > 0 ? ((peak - v) / peak) * 100 : 0;
      lines.push(`${new Date(run.curveStartAt + i * run.curveIntervalMs).toISOString()},${v},${dd}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

const TRADE_COLUMNS: (keyof TradeView)[] = [
  "seq",
  "symbol",
  "side",
  "signal_at",
  "entry_at",
  "entry_price",
  "amount",
  "entry_fee",
  "exit_at",
  "exit_price",
  "exit_fee",
  "exit_reason",
  "funding",
  "pnl",
  "pnl_pct",
  "holding_ms",
];
const TIME_COLUMNS = new Set<keyof TradeView>(["signal_at", "entry_at", "exit_at"]);

/** Trades as CSV with ISO times (spreadsheets read them) and full-precision numbers. */
export function tradesCsv(trades: TradeView[]): string {
  const rows = trades.map((t) => TRADE_COLUMNS.map((c) => (TIME_COLUMNS.has(c) ? new Date(t[c] as number).toISOString() : String(t[c]))).join(","));
  return `${[TRADE_COLUMNS.join(","), ...rows].join("\n")}\n`;
}

/**
 * Candles for a chart: as they are up to MAX_CHART_CANDLES, otherwise merged k at a time on
 * k × timeframe boundaries (open first, high max, low min, close last, volume sum).
 */
export function chartCandles(candles: CandleArrays, tf: number): { bucket_ms: number; items: number[][] } {
  const n = candles.openTime.length;
  // Buckets sit on k × timeframe boundaries, so a range can start mid-bucket: one spare bucket.
  const k = n <= MAX_CHART_CANDLES ? 1 : Math.ceil(n / (MAX_CHART_CANDLES - 1));
  const bucketMs = k * tf;
  const items: number[][] = [];
  for (let i = 0; i < n; i++) {
    const bucket = Math.floor(candles.openTime[i] / bucketMs) * bucketMs;
    const last = items.at(-1);
    if (last && last[0] === bucket) {
      last[2] = Math.max(last[2], candles.high[i]);
      last[3] = Math.min(last[3], candles.low[i]);
      last[4] = candles.close[i];
      last[5] += candles.volume[i];
    } else items.push([bucket, candles.open[i], candles.high[i], candles.low[i], candles.close[i], candles.volume[i]]);
  }
  return { bucket_ms: bucketMs, items };
}
