import type { MarketTimeframe } from "@/lib/market/provider";
import type { CandleArrays } from "@/lib/market/simulated";
import type { StrategyConfig, StrategyConfigInput } from "@/lib/strategies";
import type { ExitReason } from "./exit-reasons";
import type { MarketFilters } from "./market-filters";
import type { RejectionReason } from "./sizing";

/*
 * The engine's input and result. Field names are the wire's snake_case: the job stores the result as
 * it is and the API answers with it; only the callback and the typed arrays are TypeScript-shaped.
 */

export interface BacktestSymbolInput {
  /** "BASE/QUOTE"; the list order is the strategy's symbol order (entries fill in it, §1.9). */
  symbol: string;
  /** Closed candles of `timeframe`, ascending, on the UTC grid. Older history is cut to W candles. */
  candles: CandleArrays;
  /** The market's current filters (MarketInfo has them); missing fields mean no constraint. */
  market?: Partial<MarketFilters>;
  /** 1-minute candles over the run, for detail mode (stops, targets and trails resolved by minute). */
  detail_candles?: CandleArrays;
}

export interface AccountCaps {
  max_position_size_pct: number;
  max_open_positions: number;
}

export interface BacktestInput {
  symbols: readonly BacktestSymbolInput[];
  timeframe: MarketTimeframe;
  strategy: StrategyConfigInput;
  starting_balance: number;
  /** Fraction per fill (0.001 = 0.1%), for taker and maker fills alike. */
  fee_rate: number;
  slippage_bps: number;
  /** Decisions begin at the first candle with open_time ≥ start; earlier candles are warm-up. */
  start: number;
  /** Exclusive; without it, the run ends with the data. */
  end?: number;
  /** Applied as the minimum with the strategy's own position size and open-trade limit. */
  account_caps?: AccountCaps | null;
  /** The run fails when missing candles exceed this percentage of a symbol's candles; null: never. */
  max_gap_pct?: number | null;
  /** Per 8 hours as a fraction of notional, charged in margin mode (shorts allowed) only; 0 by default. */
  funding_rate?: number;
  /** Where the candles came from, recorded in the result (`exchange:binance`, `simulated:v1:seed`, `import:name`). */
  source?: string;
  /**
   * The SHA-256 of exactly these candles as hashCandles computes it, when the caller hashed them
   * while reading (the job does, in slices between turns of the event loop); computed here otherwise.
   */
  candles_sha256?: string;
  /** Called with 0–100 as the run advances (synchronously, from the engine's loop). */
  onProgress?: (pct: number) => void;
}

export interface BacktestTrade {
  symbol: string;
  side: "long" | "short";
  /** Open time of the candle whose close decided the entry. */
  signal_at: number;
  /** Open time of the fill candle (entries fill at an open). */
  entry_at: number;
  entry_price: number;
  amount: number;
  entry_fee: number;
  /** Open time of the candle (or minute, in detail mode) the exit filled in. */
  exit_at: number;
  exit_price: number;
  exit_fee: number;
  exit_reason: ExitReason;
  funding: number;
  /** Net: side × (exit − entry) × amount − fees − funding. */
  pnl: number;
  /** pnl / (entry cost + entry fee) × 100 (Freqtrade's profit_ratio, in percent). */
  pnl_pct: number;
  holding_ms: number;
}

/** A metric that can be undefined is null, with the reason in `null_reasons` (never 0, −100 or Infinity). */
export interface BacktestMetrics {
  final_equity: number;
  total_return_pct: number;
  cagr_pct: number | null;
  /** Run length under 30 days: CAGR extrapolates noise. */
  cagr_short_sample: boolean;
  max_drawdown_pct: number;
  max_drawdown_intrabar_pct: number;
  max_drawdown_realized_pct: number;
  max_drawdown_duration_ms: number;
  deepest_drawdown: DrawdownEpisode | null;
  sharpe: number | null;
  sortino: number | null;
  calmar: number | null;
  daily_returns_count: number;
  trades_count: number;
  wins: number;
  losses: number;
  draws: number;
  win_rate: number | null;
  profit_factor: number | null;
  expectancy: number | null;
  expectancy_pct: number | null;
  expectancy_ratio: number | null;
  avg_win: number | null;
  avg_loss: number | null;
  best_trade_pct: number | null;
  worst_trade_pct: number | null;
  best_trade: number | null;
  worst_trade: number | null;
  avg_holding_ms: number | null;
  exposure_pct: number;
  avg_gross_exposure_pct: number;
  fees_paid: number;
  funding_paid: number;
  net_pnl: number;
  buy_and_hold_return_pct: number | null;
  max_consecutive_wins: number;
  max_consecutive_losses: number;
}

export interface DrawdownEpisode {
  depth_pct: number;
  peak_at: number;
  trough_at: number;
  /** null when equity never regained the peak before the end. */
  recovered_at: number | null;
  duration_ms: number;
}

export interface TradeGroupRow {
  trades: number;
  wins: number;
  draws: number;
  losses: number;
  win_rate: number | null;
  net_pnl: number;
  avg_pnl_pct: number | null;
  fees: number;
}

export interface SymbolRow extends TradeGroupRow {
  symbol: string;
  rejected_entries: number;
  buy_and_hold_return_pct: number | null;
}

export interface DayReturn {
  /** 00:00 UTC of the day, ms. */
  day: number;
  return_pct: number;
}

export interface GapReport {
  /** Runs of consecutive missing candles. */
  gap_count: number;
  missing_candles: number;
  total_gap_ms: number;
  longest_gap_ms: number;
}

export interface SymbolDataQuality extends GapReport {
  symbol: string;
  candles: number;
  first_candle_at: number | null;
  last_candle_at: number | null;
  /** First candle whose close the strategy could act on: preceded by W candles and ≥ start. */
  first_decision_at: number | null;
  detail_minutes: number;
}

export interface BacktestWarning {
  code: string;
  message: string;
}

export interface FreqtradeCompat {
  sharpe_ft: number;
  sortino_ft: number;
  calmar_ft: number;
  cagr_ft: number;
  mdd_rel_realized: number;
  profit_factor_ft: number;
  days: number;
}

/** A series on the candle grid: value i belongs to start_at + i × interval_ms. */
export interface TimeSeries {
  start_at: number;
  interval_ms: number;
  values: Float64Array;
}

export interface BacktestResult {
  engine_version: string;
  settings: {
    source: string | null;
    timeframe: MarketTimeframe;
    start: number;
    /** Close time of the last candle. */
    end: number;
    symbols: string[];
    strategy: StrategyConfig;
    /** The position size and open-trade limit after the account caps. */
    effective_risk: { position_size_pct: number; max_open_trades: number };
    account_caps: AccountCaps | null;
    starting_balance: number;
    fee_rate: number;
    slippage_bps: number;
    funding_rate: number;
    detail: "1m" | null;
    /** pct_equity: position_size_pct of equity per entry (§1.8); quote_amount: dca and grid buy fixed quote amounts. */
    sizing: "pct_equity" | "quote_amount";
    margin_mode: boolean;
    roi_fee_convention: "net_of_fees";
    precision: "current exchange precision applied";
    market_filters: Record<string, MarketFilters>;
    max_gap_pct: number | null;
    warmup_candles: number;
  };
  candles_sha256: string;
  metrics: BacktestMetrics;
  null_reasons: Record<string, string>;
  tables: {
    per_symbol: SymbolRow[];
    per_exit_reason: (TradeGroupRow & { exit_reason: ExitReason })[];
    long_short: (TradeGroupRow & { side: "long" | "short" })[];
    left_open: BacktestTrade[];
    rejected_entries: { total: number; by_reason: Record<RejectionReason, number> };
    best_day: DayReturn | null;
    worst_day: DayReturn | null;
  };
  data_quality: { source: string | null; simulated: boolean; symbols: SymbolDataQuality[]; detail_fallback_candles: number };
  freqtrade_compat: FreqtradeCompat;
  warnings: BacktestWarning[];
  trades: BacktestTrade[];
  /** Close-marked equity: the starting balance at `start`, then one value per candle close. */
  equity: TimeSeries;
  /** Drawdown from the running peak, in positive percent, on the same grid as `equity`. */
  drawdown: TimeSeries;
}
