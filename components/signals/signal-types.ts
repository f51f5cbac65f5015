import type { Timeframe } from "@/lib/market/timeframes";

/** The wire shapes of /api/v1/trading/signals (see lib/signals/operations.ts). */
export type SignalSide = "buy" | "sell" | "hold";

export interface SignalReason {
  input: "rsi" | "macd" | "bollinger" | "ema_trend" | "volume" | "fear_greed";
  value: number | null;
  threshold: { buy: number; sell: number } | null;
  vote: number;
  weight: number;
  contribution: number;
  text: string;
}

export interface Signal {
  symbol: string;
  signal: SignalSide;
  confidence: number;
  score: number;
  entry_price: number;
  stop_loss: number | null;
  take_profit: number | null;
  reward_risk_ratio: number | null;
  timeframe: Timeframe;
  candle_time: number;
  indicators: Record<string, number | null>;
  reasons: SignalReason[];
  degraded: boolean;
  fear_greed_source: string | null;
  algorithm: string;
  source: string;
  recorded: boolean;
}

export interface SignalsResponse {
  items: Signal[];
  unavailable: { symbol: string; reason: string }[];
  timeframe: Timeframe;
  source: string;
  stale: boolean;
  as_of: number;
}

export interface SignalBandStats {
  band: string;
  count: number;
  wins: number;
  losses: number;
  expired: number;
  hit_rate: number | null;
  hit_rate_ci95: { low: number; high: number } | null;
  mean_r: number | null;
  mean_rr: number | null;
  break_even_hit_rate: number | null;
  baseline: { count: number; hit_rate: number | null; mean_r: number | null } | null;
  insufficient_data: boolean;
}

export interface SignalStatsGroup {
  symbol: string;
  timeframe: Timeframe;
  source: string;
  algorithm: string;
  pending: number;
  overlapping: number;
  degraded: number;
  bands: SignalBandStats[];
}

export interface SignalStatsResponse {
  items: SignalStatsGroup[];
  symbols: string[];
  timeframe: Timeframe;
  score_candles: number;
  source: string;
  stale: boolean;
  as_of: number;
}

/** The payload of a `signal.changed` event. */
export interface SignalChanged {
  symbol: string;
  timeframe: string;
  signal: SignalSide;
  previous_signal: SignalSide;
  confidence: number;
  candle_time: number;
}

export const INPUT_LABELS: Record<SignalReason["input"], string> = {
  rsi: "RSI 14",
  macd: "MACD",
  bollinger: "Bollinger",
  ema_trend: "EMA trend",
  volume: "Volume",
  fear_greed: "Fear & Greed",
};
