/** Wire shapes of the portfolio API as the browser reads them (times in UTC epoch ms, percents in points). */

export interface PortfolioSummary {
  total_value: number;
  available_balance: number;
  invested_value: number;
  unrealized_pnl: number;
  realized_pnl: number;
  total_pnl: number;
  total_pnl_pct: number;
  /** null when today's start could not be valued (a 1-minute close is missing); stale is then true. */
  today_pnl: number | null;
  today_pnl_pct: number | null;
  allocation: AllocationSlice[];
  quote_asset: string;
  as_of: number;
  stale: boolean;
}

export interface AllocationSlice {
  asset: string;
  value: number;
  pct: number;
}

export interface ClosedPosition {
  symbol: string;
  owner: string | null;
  opened_at: number;
  closed_at: number;
  amount: number;
  entry_average: number;
  exit_average: number;
  realized_pnl: number;
  realized_pnl_pct: number;
  fees: number;
}

export interface MonthlyReturn {
  month: string;
  /** null when the month's start equity is unknown. */
  return_pct: number | null;
}

export interface Performance {
  sharpe: number | null;
  sortino: number | null;
  max_drawdown_pct: number | null;
  win_rate: number | null;
  profit_factor: number | null;
  avg_win: number | null;
  avg_loss: number | null;
  best_trade: number | null;
  worst_trade: number | null;
  trades_count: number;
  monthly_returns: MonthlyReturn[];
  null_reasons: Record<string, string>;
}

export const PNL_RANGES = ["1d", "7d", "30d", "90d", "1y", "all"] as const;
export type PnlRange = (typeof PNL_RANGES)[number];

export interface PnlChart {
  range: PnlRange;
  points: [number, number][];
  drawdown: [number, number][];
}
