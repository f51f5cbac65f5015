/**
 * The wire shapes of /api/v1/backtests as the pages read them. Result fields reuse the engine's own
 * types (type-only imports, so nothing of the engine reaches the browser bundle).
 */
import type { BacktestMetrics, BacktestResult, BacktestTrade, BacktestWarning } from "@/lib/backtest/types";

export type { BacktestMetrics, BacktestTrade, BacktestWarning };

export type BacktestStatus = "queued" | "running" | "completed" | "failed" | "canceled";
export type BacktestPhase = "queued" | "downloading" | "running" | "saving" | "completed" | "failed" | "canceled";

export const ACTIVE_STATUSES: readonly BacktestStatus[] = ["queued", "running"];

export function isActive(status: BacktestStatus): boolean {
  return ACTIVE_STATUSES.includes(status);
}

export type BacktestTables = BacktestResult["tables"];
export type BacktestSettings = BacktestResult["settings"];
export type BacktestDataQuality = BacktestResult["data_quality"];
export type BacktestFreqtradeCompat = BacktestResult["freqtrade_compat"];

/** A curve point: [time in ms, value]. */
export type CurvePoint = [number, number];

/** The request as the server resolved it (defaults from the user's settings filled in). */
export type BacktestRequestView = {
  start: number;
  end: number;
  timeframe: string;
  symbols: string[];
  source: string;
  starting_balance: number;
  fee_rate: number;
  slippage_bps: number;
  detail: "1m" | null;
  apply_account_caps: boolean;
};

export type StrategySnapshot = {
  name: string;
  type: string;
  description: string;
  symbols: string[];
  timeframe: string;
  parameters: Record<string, unknown>;
  risk: Record<string, unknown>;
  version: number;
};

/** GET /api/v1/backtests/{id}. */
export type BacktestRun = {
  id: string;
  strategy_id: string;
  strategy_snapshot: StrategySnapshot;
  status: BacktestStatus;
  progress: number;
  phase: BacktestPhase;
  error: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  request: BacktestRequestView;
  source: string | null;
  simulated: boolean;
  engine_version: string | null;
  candles_sha256: string | null;
  settings: BacktestSettings | null;
  metrics: BacktestMetrics | null;
  null_reasons: Record<string, string> | null;
  tables: BacktestTables | null;
  data_quality: BacktestDataQuality | null;
  freqtrade_compat: BacktestFreqtradeCompat | null;
  warnings: BacktestWarning[] | null;
  /** Trades stored for the run (what the trades endpoint pages through); null until completed. */
  trades_count?: number | null;
  equity_curve: CurvePoint[] | null;
  drawdown_curve: CurvePoint[] | null;
};

export type BacktestHeadline = {
  final_equity: number;
  total_return_pct: number;
  max_drawdown_pct: number;
  sharpe: number | null;
  win_rate: number | null;
  profit_factor: number | null;
  trades_count: number;
};

/** An item of GET /api/v1/backtests. */
export type BacktestListItem = {
  id: string;
  strategy_id: string;
  strategy_name: string;
  strategy_type: string;
  status: BacktestStatus;
  progress: number;
  error: string | null;
  created_at: number;
  finished_at: number | null;
  timeframe: string;
  symbols: string[];
  start: number;
  end: number;
  source: string | null;
  simulated: boolean;
  headline: BacktestHeadline | null;
};

export type Page<T> = { items: T[]; next_cursor: string | null };

/** An item of GET /api/v1/backtests/{id}/trades. */
export type TradeItem = BacktestTrade & { seq: number };

/** GET /api/v1/backtests/{id}/candles: [open_time, open, high, low, close, volume]. */
export type CandleRow = [number, number, number, number, number, number];

export type BacktestCandles = {
  symbol: string;
  timeframe: string;
  bucket_ms: number;
  source: string | null;
  items: CandleRow[];
};

/** The payload of a `backtest.progress` stream event. */
export type BacktestProgressEvent = {
  backtest_id: string;
  status: BacktestStatus;
  progress: number;
  phase: BacktestPhase;
  error?: string | null;
};

/** POST /api/v1/backtests answers 202 with this. */
export type BacktestCreated = { id: string; status: "queued"; url: string; events_url: string };

/** The body of POST /api/v1/backtests; omitted fields take the user's settings. */
export type BacktestCreateBody = {
  strategy_id: string;
  start: string | number;
  end: string | number;
  timeframe?: string;
  symbols?: string[];
  source?: string;
  starting_balance?: number;
  fee_rate?: number;
  slippage_bps?: number;
  detail?: "1m" | null;
  apply_account_caps?: boolean;
};

/** An item of GET /api/v1/strategies, the fields the form reads. */
export type StrategyOption = {
  id: string;
  name: string;
  type: string;
  symbols: string[];
  timeframe: string;
};

/** An item of GET /api/v1/market/imports, the fields the form reads. */
export type ImportOption = {
  id: string;
  name: string;
  source: string;
  symbol: string;
  timeframe: string;
  status: "staging" | "publishing" | "published";
  first_open_time: number | null;
  last_open_time: number | null;
};
