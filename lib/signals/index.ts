/**
 * Explained trading signals and their tracked hit rate (trading-semantics.md §5), free of any
 * database so the recorder job, the API and tests share one implementation.
 *
 * - `generateSignal`: one signal for the last closed candle. Each input votes in [−1, 1] with a weight
 *   (weights sum to 1); the score s = Σ wᵢvᵢ gives buy (s ≥ θ), sell (s ≤ −θ) or hold, and the
 *   confidence |s| is a strength, not a probability. Stop and target sit 1.5·ATR14 and twice that
 *   from the close, rounded to the price tick. A missing input marks the signal `degraded`.
 * - `scoreSignal` / `scoreSignals`: outcome on the next N candles (entry at the next open, the stop
 *   assumed first when one candle reaches both levels unless 1m candles resolve it; overlapping
 *   signals of one episode count once).
 * - `groupStats` / `baselineHitRate`: hit rate with a 95 % Wilson interval, mean R, break-even rate
 *   and the every-candle baseline, grouped so sources and algorithm versions never mix.
 *
 * @example
 * const s = generateSignal({ candles, timeframe: "1h", fearGreed: { value: 20, date: "2024-01-03" }, priceTick: 0.01 });
 * const outcomes = scoreSignals([{ id, symbol, timeframe: "1h", signal: "buy", candle_time: s.candle_time,
 *   stop_loss: s.stop_loss!, take_profit: s.take_profit! }], laterCandles, { timeframeMs: 3_600_000 });
 * const stats = groupStats(rows.map((r, i) => ({ ...r, outcome: outcomes[i] })));
 */
export {
  generateSignal,
  clampVote,
  utcDate,
  DEFAULT_WEIGHTS,
  MIN_SIGNAL_CANDLES,
  SIGNAL_ALGORITHM_VERSION,
  SIGNAL_INPUTS,
  type FearGreedInput,
  type GeneratedSignal,
  type GenerateSignalInput,
  type IndicatorSnapshot,
  type SignalInput,
  type SignalOptions,
  type SignalReason,
  type SignalSide,
} from "./generate";
export {
  DEFAULT_SCORE_CANDLES,
  scoreSignal,
  scoreSignals,
  type ScorableSignal,
  type ScoreOptions,
  type SignalOutcome,
  type SignalOutcomeKind,
} from "./score";
export {
  baselineHitRate,
  confidenceBand,
  CONFIDENCE_BANDS,
  groupStats,
  MIN_SIGNALS_FOR_STATS,
  summarise,
  wilsonInterval,
  type BaselineOptions,
  type BaselineStats,
  type GroupKey,
  type GroupStats,
  type Interval,
  type ScoredSignal,
} from "./stats";
