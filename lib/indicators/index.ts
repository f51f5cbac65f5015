/**
 * Technical indicators over Float64Arrays: the one implementation shared by charts, signals,
 * strategies and backtests.
 *
 * Conventions (all indicators):
 * - Outputs are index-aligned with the inputs and have the same length; bars inside the warm-up
 *   (TA-Lib's lookback for the indicators TA-Lib has) are NaN.
 * - TA-Lib semantics: Wilder smoothing for RSI, ATR and ADX; SMA-seeded EMA; population standard
 *   deviation. Verified against talib golden values in golden.json.
 * - Periods must be integers >= 1 (RangeError otherwise); period > length gives all NaN.
 * - An optional preallocated `out` (or `out` object for multi-output indicators) avoids allocating
 *   per call in backtests; it must match the input length and must not share memory with an input.
 * - NaN inputs propagate: the output at a NaN input and, for every running-sum or recursive kernel,
 *   all later outputs are NaN. Clean gaps (drop or forward-fill) before computing.
 */
export { sma } from "./sma";
export { ema } from "./ema";
export { rsi } from "./rsi";
export { macd, type MacdOutput } from "./macd";
export { bollinger, type BollingerOutput } from "./bollinger";
export { atr, trueRange } from "./atr";
export { stochastic, type StochasticOptions, type StochasticOutput } from "./stochastic";
export { adx, type AdxOutput } from "./adx";
export { stddev } from "./stddev";
export { zscore } from "./zscore";
export { donchian, type DonchianOptions, type DonchianOutput } from "./donchian";
export { volumeMa } from "./volume-ma";
export { vwap, type VwapOptions } from "./vwap";
