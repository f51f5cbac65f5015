/** Wire shapes of /api/v1/strategies and the backtest summaries the strategy pages show. */
import type { StrategyView } from "@/lib/strategies/store";

export type { StrategyView };

/** The latest backtest's headline, as the strategy list carries it (null until there is one). */
export type LastBacktest = {
  id: string;
  status: string;
  finished_at: number | null;
  total_return_pct: number | null;
  max_drawdown_pct: number | null;
  sharpe: number | null;
  win_rate: number | null;
  trades_count: number | null;
  simulated: boolean;
};

export type StrategyListItem = StrategyView & { last_backtest: LastBacktest | null };
export type StrategyList = { items: StrategyListItem[]; next_cursor: string | null };

/** One item of GET /api/v1/strategies/types. */
export type StrategyTypeWire = {
  type: string;
  label: string;
  description: string;
  can_short: boolean;
  parameters_schema: Record<string, unknown>;
  risk_schema: Record<string, unknown>;
};

/** Just enough of each type to name it in lists and summaries. */
export type TypeLabel = { type: string; label: string };

export type BacktestHeadline = {
  total_return_pct: number;
  max_drawdown_pct: number;
  sharpe: number | null;
  win_rate: number | null;
  trades_count: number;
  final_equity: number;
};

/** One item of GET /api/v1/backtests. */
export type BacktestSummary = {
  id: string;
  status: string;
  progress: number;
  created_at: number;
  finished_at: number | null;
  start: number;
  end: number;
  timeframe: string;
  simulated: boolean;
  headline: BacktestHeadline | null;
};
