/** What a new user gets, and what "reset" restores. Percent fields are percent points. */
export const DEFAULT_TRADING = {
  stake_currency: "USDT",
  default_pairs: ["BTC/USDT", "ETH/USDT"],
  paper_starting_balance: 10_000,
  max_open_positions: 3,
  max_position_size_pct: 10,
  risk_per_trade_pct: 1,
  stop_loss_pct: 2,
  take_profit_pct: 4,
  trailing_stop_pct: null as number | null,
  daily_loss_limit_pct: 5 as number | null,
  fee_rate: 0.001,
  slippage_bps: 5,
};

export const DEFAULT_DISPLAY = { time_zone: "UTC", theme: "dark" as "dark" | "light" | "system" };

export const NOTIFICATION_EVENTS = ["fills", "stops", "bot_errors", "daily_summary"] as const;
export const DEFAULT_NOTIFICATION_EVENTS: string[] = [...NOTIFICATION_EVENTS];

export const DEFAULT_EXCHANGE = { id: "binance", mode: "paper" as "paper" | "live" };
