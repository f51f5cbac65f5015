/**
 * The backtest engine as a pure library: candles and a strategy in, trades, metrics and curves out.
 * Jobs, the API and the bench all call `runBacktest`; rules: trading-semantics.md §1–2.
 *
 *   const result = runBacktest({
 *     symbols: [{ symbol: "BTC/USDT", candles, market }],   // CandleArrays with W warm-up candles before start
 *     timeframe: "1h",
 *     strategy: { type: "ma_cross", parameters: { fast_period: 10, slow_period: 30 }, risk: { stop_loss_pct: 5 } },
 *     starting_balance: 10_000, fee_rate: 0.001, slippage_bps: 5,
 *     start: Date.UTC(2024, 0, 1),
 *   });
 *   downsampleSeries(result.equity);                         // [[time, value], …] for charts
 *
 * The warm-up a strategy needs is `getStrategy(type).warmupBars(parameters, timeframeMs)` (lib/strategies):
 * load exactly that many candles before `start`.
 */
export { runBacktest } from "./run-backtest";
export { ENGINE_VERSION } from "./engine-version";
export { BacktestInputError } from "./errors";
export { hashCandles, hashCandlesYielding, type HashedCandles } from "./candle-hash";
export { downsampleSeries, MAX_CHART_POINTS } from "./curves";
export { EXIT_REASONS, type ExitReason } from "./exit-reasons";
export { REJECTION_REASONS, type RejectionReason } from "./sizing";
export type { MarketFilters } from "./market-filters";
export type * from "./types";
