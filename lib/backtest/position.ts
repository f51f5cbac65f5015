import type { CandleArrays } from "@/lib/market/simulated";
import type { AccumulatePlan, DynamicStop, GridPlan } from "@/lib/strategies";
import type { RoiTable } from "./bar-exits";
import { GridBook } from "./grid-book";
import type { MarketFilters } from "./market-filters";

/**
 * The state of one symbol's position (at most one per symbol; no pyramiding except dca's buys, §1.2)
 * and of the orders queued for its next open. One object per symbol for the whole run, updated in place, so the hot
 * loop allocates nothing per candle. NaN means "no level".
 */
export class PositionState {
  /** Run settings the exit checks read from here (see bar-exits.ts). */
  slip = 0;
  feeRate = 0;
  tick = 0;
  trailFraction = 0;
  trailActivation = 0;

  /** 0 flat, 1 long, −1 short. */
  side = 0;
  /** The position has some level, trail or ROI the per-bar exit checks must look at. */
  guarded = false;
  amount = 0;
  entryPrice = 0;
  entryFee = 0;
  entryTime = 0;
  /** Open time of the candle whose close decided the entry. */
  signalTime = 0;
  /** Buys in the current position (dca adds several; every other type has one). */
  buys = 0;
  /** Entry notional: the margin reserved in margin mode, the cost in spot. */
  margin = 0;
  funding = 0;
  stopLoss = NaN;
  trail = NaN;
  trailArmed = false;
  dynamicStop = NaN;
  takeProfit = NaN;
  /** Index of the minimal-ROI step in force, −1 before the first. */
  roiStep = -1;
  roiLevel = NaN;
  /** The ROI step changed at this candle's open: its limit was not resting before the open. */
  roiFresh = false;
  liquidation = NaN;
  /** Written by the exit check: the fill price of the exit it found. */
  exitPrice = NaN;

  queuedExit = false;
  /** 0, 1 (long) or −1 (short) for the next open. */
  queuedEntry = 0;
  /** Local index of the candle whose close queued the entry. */
  queuedAt = -1;

  reset(): void {
    this.side = 0;
    this.guarded = false;
    this.amount = 0;
    this.buys = 0;
    this.margin = 0;
    this.funding = 0;
    this.stopLoss = NaN;
    this.trail = NaN;
    this.trailArmed = false;
    this.dynamicStop = NaN;
    this.takeProfit = NaN;
    this.roiStep = -1;
    this.roiLevel = NaN;
    this.roiFresh = false;
    this.liquidation = NaN;
  }
}

/**
 * A symbol in a running simulation: its candles and signals beside its position state, in one object
 * so that the per-candle loop reads a symbol with as few loads as possible.
 */
export class SymbolBook extends PositionState {
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly length: number;
  readonly flags: Uint8Array;
  readonly stopDistance: Float64Array | null;
  readonly dynamic: DynamicStop | null;
  readonly openTime: Float64Array;
  readonly roi: RoiTable | null;
  /** dca: quote per buy, take-profit fraction over the average entry (NaN: none), buys per position. */
  readonly accumulate: { quoteAmount: number; takeProfit: number; maxBuys: number } | null;
  readonly grid: GridBook | null;
  /** Index of the next 1m detail candle to read. */
  detailCursor = 0;
  /** The next global bar with a signal (see Simulation.nextSignalBar); −1 before the first scan. */
  signalCursor = -1;

  constructor(
    readonly index: number,
    readonly symbol: string,
    candles: CandleArrays,
    /** 1 for a real candle; null when every candle is real. */
    readonly real: Uint8Array | null,
    /** Local candle index = global bar + offset. */
    readonly offset: number,
    readonly firstDecision: number,
    readonly lastBar: number,
    signals: {
      flags: Uint8Array;
      entryStopDistance?: Float64Array;
      dynamicStop?: DynamicStop;
      roi?: RoiTable | null;
      trailingActivationPct?: number | null;
      accumulate?: AccumulatePlan;
      grid?: GridPlan;
    },
    readonly filters: MarketFilters,
    readonly detail: CandleArrays | null,
    run: { slip: number; feeRate: number; trailFraction: number },
  ) {
    super();
    this.slip = run.slip;
    this.feeRate = run.feeRate;
    this.trailFraction = run.trailFraction;
    this.openTime = candles.openTime;
    this.open = candles.open;
    this.high = candles.high;
    this.low = candles.low;
    this.close = candles.close;
    this.length = candles.close.length;
    this.flags = signals.flags;
    this.stopDistance = signals.entryStopDistance ?? null;
    this.dynamic = signals.dynamicStop ?? null;
    this.roi = signals.roi ?? null;
    this.trailActivation = (signals.trailingActivationPct ?? 0) / 100;
    this.tick = filters.price_tick;
    const plan = signals.accumulate;
    this.accumulate =
      plan === undefined
        ? null
        : { quoteAmount: plan.quote_amount, takeProfit: plan.take_profit_pct === null ? NaN : plan.take_profit_pct / 100, maxBuys: plan.max_buys ?? Infinity };
    this.grid = signals.grid === undefined ? null : new GridBook(symbol, signals.grid, filters, run.feeRate);
  }

  /** Local index of global bar t when it is a real candle of this symbol, else −1. */
  realIndex(t: number): number {
    const li = t + this.offset;
    if (li < 0 || li >= this.length) return -1;
    return this.real === null || this.real[li] === 1 ? li : -1;
  }
}
