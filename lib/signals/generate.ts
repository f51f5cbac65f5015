import { atr, bollinger, ema, macd, rsi, volumeMa } from "@/lib/indicators";
import type { CandleArrays } from "@/lib/market/candle-store";
import { roundToTick } from "@/lib/backtest/market-filters";
import { classifyFearGreed, isFearGreedValue } from "@/lib/market/sentiment/classify";

/** Bumped whenever a weight, scale or rule changes, so statistics never mix two algorithms. */
export const SIGNAL_ALGORITHM_VERSION = "signals-v1";

export type SignalSide = "buy" | "sell" | "hold";
export type SignalInput = "rsi" | "macd" | "bollinger" | "ema_trend" | "volume" | "fear_greed";

/** Weights sum to 1, so the score s = Σ wᵢvᵢ stays in [−1, 1]. */
export const DEFAULT_WEIGHTS: Readonly<Record<SignalInput, number>> = {
  rsi: 0.25,
  macd: 0.2,
  bollinger: 0.15,
  ema_trend: 0.15,
  volume: 0.1,
  fear_greed: 0.15,
};

/** Fixed order of the reason lines; the score is summed in this order so the lines add up to it exactly. */
export const SIGNAL_INPUTS: readonly SignalInput[] = ["rsi", "macd", "bollinger", "ema_trend", "volume", "fear_greed"];

export interface SignalOptions {
  /** |s| at or above which the signal is buy or sell (default 0.25). */
  threshold?: number;
  /** Stop distance in ATR14 multiples (default 1.5). */
  atrMultiple?: number;
  /** Target distance as a multiple of the stop distance (default 2). */
  rewardRisk?: number;
  weights?: Partial<Record<SignalInput, number>>;
}

export interface FearGreedInput {
  value: number;
  /** The UTC date (YYYY-MM-DD) the reading is valid for. */
  date: string;
  /** Where the reading came from (alternative.me or computed); stored beside the signal. */
  source?: string;
}

export interface GenerateSignalInput {
  /** Closed candles only, ascending; the last one is the signal candle. */
  candles: CandleArrays;
  timeframe: string;
  fearGreed?: FearGreedInput | null;
  /** Exchange price tick; 0 leaves the levels unrounded. */
  priceTick: number;
  options?: SignalOptions;
}

export interface SignalReason {
  input: SignalInput;
  /** The indicator reading the vote is computed from (null when the input is missing). */
  value: number | null;
  /** Readings at which the vote saturates at +1 (buy) and −1 (sell); null when the input is missing. */
  threshold: { buy: number; sell: number } | null;
  /** Continuous vote in [−1, 1]: positive leans buy, negative leans sell. */
  vote: number;
  weight: number;
  /** weight × vote: the reason's share of the score. */
  contribution: number;
  text: string;
}

export interface IndicatorSnapshot {
  close: number;
  rsi14: number;
  macd: number;
  macd_signal: number;
  macd_hist: number;
  bb_upper: number;
  bb_middle: number;
  bb_lower: number;
  ema20: number;
  ema50: number;
  atr14: number;
  volume: number;
  volume_ma20: number;
  fear_greed: number | null;
}

export interface GeneratedSignal {
  signal: SignalSide;
  /** |score|: a strength, not a probability. */
  confidence: number;
  /** Signed Σ wᵢvᵢ. */
  score: number;
  timeframe: string;
  entry_price: number;
  /** Null for hold, or when the ATR is zero and no meaningful stop exists. */
  stop_loss: number | null;
  take_profit: number | null;
  /** |TP − entry| / |entry − SL| after tick rounding; null without levels. */
  reward_risk_ratio: number | null;
  /** Open time (UTC ms) of the signal candle. */
  candle_time: number;
  indicators: IndicatorSnapshot;
  reasons: SignalReason[];
  /** True when an input fell back (e.g. no Fear & Greed for the candle's date); excluded from scoring. */
  degraded: boolean;
  fear_greed_source: string | null;
  algorithm_version: string;
}

const RSI_PERIOD = 14;
const ATR_PERIOD = 14;
const BB_PERIOD = 20;
const EMA_FAST = 20;
const EMA_SLOW = 50;
const VOLUME_PERIOD = 20;
/** EMA50 is the longest lookback (49 bars); one more bar gives a value on the signal candle. */
export const MIN_SIGNAL_CANDLES = EMA_SLOW;
/** A MACD histogram of this many ATRs counts as a full vote. */
const MACD_SCALE_ATR = 0.2;
/** An EMA20−EMA50 gap of this many ATRs counts as a full vote. */
const TREND_SCALE_ATR = 1;

export function clampVote(x: number): number {
  if (x !== x) return 0;
  return x > 1 ? 1 : x < -1 ? -1 : x;
}

/** The UTC calendar date of an epoch-ms instant. */
export function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function resolveWeights(partial: SignalOptions["weights"]): Record<SignalInput, number> {
  const w = { ...DEFAULT_WEIGHTS, ...partial };
  let sum = 0;
  for (const k of SIGNAL_INPUTS) {
    if (!(w[k] >= 0) || !Number.isFinite(w[k])) throw new RangeError(`weight ${k} must be a finite number >= 0`);
    sum += w[k];
  }
  if (Math.abs(sum - 1) > 1e-9) throw new RangeError(`weights must sum to 1, got ${sum}`);
  return w;
}

function fmt(x: number): string {
  return Number(x.toPrecision(6)).toString();
}

/**
 * One explained signal for the last candle (trading-semantics.md §5.1). Pure and deterministic: the
 * same candles and Fear & Greed reading always give the same signal.
 */
export function generateSignal(input: GenerateSignalInput): GeneratedSignal {
  const { candles, timeframe, fearGreed, priceTick, options = {} } = input;
  const threshold = options.threshold ?? 0.25;
  const k = options.atrMultiple ?? 1.5;
  const rr = options.rewardRisk ?? 2;
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError("threshold must be in (0, 1]");
  if (!(k > 0) || !(rr > 0)) throw new RangeError("atrMultiple and rewardRisk must be > 0");
  const weights = resolveWeights(options.weights);

  const n = candles.close.length;
  if (n < MIN_SIGNAL_CANDLES) throw new RangeError(`at least ${MIN_SIGNAL_CANDLES} closed candles are needed, got ${n}`);
  const last = n - 1;
  const { close, high, low, volume, open } = candles;

  const rsiV = rsi(close, RSI_PERIOD)[last];
  const m = macd(close, 12, 26, 9);
  const bb = bollinger(close, BB_PERIOD, 2);
  const emaFast = ema(close, EMA_FAST)[last];
  const emaSlow = ema(close, EMA_SLOW)[last];
  const atrV = atr(high, low, close, ATR_PERIOD)[last];
  const volMa = volumeMa(volume, VOLUME_PERIOD)[last];

  const snap: IndicatorSnapshot = {
    close: close[last],
    rsi14: rsiV,
    macd: m.line[last],
    macd_signal: m.signal[last],
    macd_hist: m.hist[last],
    bb_upper: bb.upper[last],
    bb_middle: bb.middle[last],
    bb_lower: bb.lower[last],
    ema20: emaFast,
    ema50: emaSlow,
    atr14: atrV,
    volume: volume[last],
    volume_ma20: volMa,
    fear_greed: null,
  };
  for (const [key, v] of Object.entries(snap)) {
    if (key !== "fear_greed" && !Number.isFinite(v)) {
      throw new RangeError(`indicator ${key} is not finite on the signal candle (warm-up too short or bad data)`);
    }
  }

  const reasons: SignalReason[] = [];
  const push = (r: Omit<SignalReason, "weight" | "contribution">) => {
    const weight = weights[r.input];
    // `+ 0` turns −0 (a zero weight times a negative vote) into 0, so a neutral line never reads "-0".
    reasons.push({ ...r, vote: r.vote + 0, weight, contribution: weight * r.vote + 0 });
  };

  // RSI: mean reversion around 50, saturating at 30 / 70 (the classic oversold / overbought lines).
  const rsiVote = clampVote((50 - rsiV) / 20);
  push({
    input: "rsi",
    value: rsiV,
    threshold: { buy: 30, sell: 70 },
    vote: rsiVote,
    text: `RSI14 ${fmt(rsiV)}${rsiV <= 30 ? " (oversold)" : rsiV >= 70 ? " (overbought)" : ""}`,
  });

  // MACD histogram scaled by ATR, so the vote means the same on any price level.
  const macdScale = MACD_SCALE_ATR * atrV;
  const macdVote = macdScale > 0 ? clampVote(snap.macd_hist / macdScale) : 0;
  push({
    input: "macd",
    value: snap.macd_hist,
    threshold: { buy: macdScale, sell: -macdScale },
    vote: macdVote,
    text: `MACD histogram ${fmt(snap.macd_hist)} (${snap.macd_hist >= 0 ? "line above signal" : "line below signal"})`,
  });

  // Bollinger: position of the close inside the bands, mean reverting (at the lower band = full buy).
  const halfWidth = snap.bb_upper - snap.bb_middle;
  const bbVote = halfWidth > 0 ? clampVote(-(close[last] - snap.bb_middle) / halfWidth) : 0;
  push({
    input: "bollinger",
    value: close[last],
    threshold: { buy: snap.bb_lower, sell: snap.bb_upper },
    vote: bbVote,
    text: `Close ${fmt(close[last])} within Bollinger ${fmt(snap.bb_lower)}–${fmt(snap.bb_upper)}`,
  });

  // EMA trend: EMA20 above EMA50 by one ATR is a full trend-following vote.
  const trendScale = TREND_SCALE_ATR * atrV;
  const gap = emaFast - emaSlow;
  const trendVote = trendScale > 0 ? clampVote(gap / trendScale) : 0;
  push({
    input: "ema_trend",
    value: gap,
    threshold: { buy: trendScale, sell: -trendScale },
    vote: trendVote,
    text: `EMA20 ${gap >= 0 ? "above" : "below"} EMA50 by ${fmt(Math.abs(gap))}`,
  });

  // Volume: above-average volume confirms the direction of the signal candle; it never votes alone.
  const rel = volMa > 0 ? volume[last] / volMa : 0;
  const dir = Math.sign(close[last] - open[last]);
  const volVote = clampVote(dir * Math.max(0, rel - 1));
  push({
    input: "volume",
    value: rel,
    threshold: { buy: 2, sell: 2 },
    vote: volVote,
    text: `Volume ${fmt(rel)}× its 20-candle average on a ${dir > 0 ? "rising" : dir < 0 ? "falling" : "flat"} candle`,
  });

  // Fear & Greed: contrarian, valid only for the signal candle's UTC date (determinism, §5.1); an
  // out-of-range reading is treated as missing rather than clamped into a vote.
  const candleDate = utcDate(candles.openTime[last]);
  const fgValid = fearGreed != null && fearGreed.date === candleDate && isFearGreedValue(fearGreed.value);
  let degraded = false;
  if (fgValid) {
    snap.fear_greed = fearGreed.value;
    push({
      input: "fear_greed",
      value: fearGreed.value,
      threshold: { buy: 25, sell: 75 },
      vote: clampVote((50 - fearGreed.value) / 25),
      text: `Fear & Greed ${fearGreed.value} (${classifyFearGreed(fearGreed.value)}, read contrarian)`,
    });
  } else {
    // Fallback: a neutral vote keeps its weight (the strength shrinks rather than being rescaled on
    // the other inputs), and the signal is marked degraded so scoring leaves it out.
    degraded = true;
    push({
      input: "fear_greed",
      value: null,
      threshold: null,
      vote: 0,
      text: `Fear & Greed unavailable for ${candleDate}; counted as neutral`,
    });
  }

  let score = 0;
  for (const r of reasons) score += r.contribution;
  const signal: SignalSide = score >= threshold ? "buy" : score <= -threshold ? "sell" : "hold";

  const entry = close[last];
  let stopLoss: number | null = null;
  let takeProfit: number | null = null;
  let rrEff: number | null = null;
  if (signal !== "hold" && atrV > 0) {
    const side = signal === "buy" ? 1 : -1;
    const dist = k * atrV;
    const sl = roundToTick(entry - side * dist, priceTick);
    const tp = roundToTick(entry + side * rr * dist, priceTick);
    const risk = Math.abs(entry - sl);
    if (risk > 0 && side * (tp - entry) > 0 && side * (entry - sl) > 0) {
      stopLoss = sl;
      takeProfit = tp;
      rrEff = Math.abs(tp - entry) / risk;
    }
  }

  return {
    signal,
    confidence: Math.abs(score),
    score,
    timeframe,
    entry_price: entry,
    stop_loss: stopLoss,
    take_profit: takeProfit,
    reward_risk_ratio: rrEff,
    candle_time: candles.openTime[last],
    indicators: snap,
    reasons,
    degraded,
    fear_greed_source: fgValid ? (fearGreed.source ?? null) : null,
    algorithm_version: SIGNAL_ALGORITHM_VERSION,
  };
}
