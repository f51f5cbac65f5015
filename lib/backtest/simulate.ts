import type { CandleArrays } from "@/lib/market/simulated";
import { ENTER_LONG, ENTER_SHORT, EXIT_LONG, EXIT_SHORT, type StrategySignals } from "@/lib/strategies";
import { findBarExit, raiseTrail, updateRoi, type RoiTable } from "./bar-exits";
import { EXIT_END_OF_DATA, EXIT_SIGNAL, EXIT_TAKE_PROFIT, exitReasonName, NO_EXIT } from "./exit-reasons";
import { GRID_BUY, GRID_IDLE, GRID_SELL, type GridBook } from "./grid-book";
import { roundToTick, type MarketFilters } from "./market-filters";
import { SymbolBook } from "./position";
import { entryAmount, REJECTION_REASONS, type RejectionReason } from "./sizing";
import type { BacktestTrade, BacktestWarning } from "./types";

/** One symbol, ready to simulate: gap-free candles on the run's grid, signals and filters. */
export interface SimSymbol {
  symbol: string;
  candles: CandleArrays;
  /** 1 for a real candle; null when every candle is real. Filled candles never fill orders. */
  real: Uint8Array | null;
  /** Local candle index = global bar index + offset. */
  offset: number;
  /** First global bar whose close may queue orders (W candles before it, and ≥ start). */
  firstDecision: number;
  /** Global bar of the symbol's last candle: its position closes there (end_of_data). */
  lastBar: number;
  signals: StrategySignals;
  filters: MarketFilters;
  detail: CandleArrays | null;
}

export interface SimSettings {
  startTime: number;
  timeframeMs: number;
  bars: number;
  startingBalance: number;
  feeRate: number;
  slippageBps: number;
  positionSizePct: number;
  maxOpenTrades: number;
  stopLossPct: number | null;
  takeProfitPct: number | null;
  trailingStopPct: number | null;
  allowShort: boolean;
  /** 1× USDT-margined positions with liquidation and funding (§1.10); on whenever shorts are allowed. */
  marginMode: boolean;
  fundingRate: number;
  onProgress?: (pct: number) => void;
}

export interface SimOutput {
  /** bars + 1 values: the starting balance, then equity at every close. */
  equity: Float64Array;
  trades: BacktestTrade[];
  rejected: Record<RejectionReason, number>;
  rejectedBySymbol: number[];
  exposedBars: number;
  grossExposureSum: number;
  maxDrawdownIntrabarPct: number;
  fundingPaid: number;
  detailFallbackCandles: number;
  /** What the run itself noticed (a grid that placed no buy). */
  warnings: BacktestWarning[];
}

const FUNDING_INTERVAL_MS = 8 * 3_600_000;
/** Slots of the loop's running doubles. */
const VALUE = 0;
const WORST = 1;
const GROSS = 2;
const PEAK = 3;
const WORST_DD = 4;
const GROSS_SUM = 5;
const ACC_SIZE = 6;
/** A 1× position is liquidated when its loss reaches its margin less 0.5% maintenance (§1.10). */
const MAINTENANCE = 0.005;

function roiTableOf(signals: StrategySignals): RoiTable | null {
  if (!signals.roi || signals.roi.length === 0) return null;
  return {
    afterMs: Float64Array.from(signals.roi, (s) => s.after_minutes * 60_000),
    ratio: Float64Array.from(signals.roi, (s) => s.pct / 100),
  };
}

/**
 * The event loop of trading-semantics.md §1.1 over every bar of the run, all symbols on one grid
 * and one cash balance (§1.9). Per bar:
 *   1. orders queued at the previous close fill at this open: exits first, then entries in symbol order;
 *   2. gap, stop and target checks against this bar's range (or its 1m candles in detail mode), then
 *      the grid's resting limit orders against the same range;
 *   3. trailing levels follow the bar's high/low, effective from the next bar;
 *   4. equity is marked at the close;
 *   5. the strategy's decision at this close queues orders for the next open.
 * Filled (synthetic) candles fill nothing: orders wait for the next real candle.
 *
 * dca adds every scheduled buy to the symbol's one position (§1.11) and a grid keeps one lot per
 * level; both are marked like any position: amount, entry notional and its VWAP.
 */
export function simulate(symbols: readonly SimSymbol[], settings: SimSettings): SimOutput {
  return new Simulation(symbols, settings).run();
}

/**
 * The loop keeps its state in fields and a small Float64Array rather than closure variables: a double
 * captured and reassigned by a closure is a fresh heap number on every write. Per-bar calls pass
 * indices, never loose prices, for the same reason.
 */
class Simulation {
  private readonly books: SymbolBook[];
  private readonly trades: BacktestTrade[] = [];
  private readonly rejected = Object.fromEntries(REJECTION_REASONS.map((r) => [r, 0])) as Record<RejectionReason, number>;
  private readonly rejectedBySymbol: number[];
  private readonly tf: number;
  private readonly fee: number;
  private readonly slip: number;
  private readonly trail: number;
  private readonly stopLoss: number;
  private readonly takeProfit: number;
  private readonly sideMask: number;
  private cash: number;
  private openCount = 0;
  private queuedCount = 0;
  private fundingPaid = 0;
  private detailFallback = 0;
  /** Open positions that need the per-bar exit checks (a level, a trail, ROI, detail candles). */
  private guardedCount = 0;
  /** Symbols with a grid that may still fill: their resting orders are checked on every candle. */
  private readonly gridBooks: SymbolBook[];
  private activeGrids: number;
  private readonly warnings: BacktestWarning[] = [];
  private readonly equity: Float64Array;
  /**
   * The loop's running doubles (see the slot names). A typed array, not locals: a local mixing a field
   * load with float arithmetic across branches can make V8 box every new value into a heap number,
   * one garbage object per bar.
   */
  private readonly acc = new Float64Array(ACC_SIZE);

  constructor(
    symbols: readonly SimSymbol[],
    private readonly s: SimSettings,
  ) {
    this.books = symbols.map(
      (sym, k) =>
        new SymbolBook(
          k,
          sym.symbol,
          sym.candles,
          sym.real,
          sym.offset,
          sym.firstDecision,
          sym.lastBar,
          { ...sym.signals, roi: roiTableOf(sym.signals) },
          sym.filters,
          sym.detail,
          { slip: s.slippageBps / 10_000, feeRate: s.feeRate, trailFraction: s.trailingStopPct === null ? 0 : s.trailingStopPct / 100 },
        ),
    );
    this.rejectedBySymbol = symbols.map(() => 0);
    this.gridBooks = this.books.filter((b) => b.grid !== null);
    this.activeGrids = this.gridBooks.length;
    this.tf = s.timeframeMs;
    this.fee = s.feeRate;
    this.slip = s.slippageBps / 10_000;
    this.trail = s.trailingStopPct === null ? 0 : s.trailingStopPct / 100;
    this.stopLoss = s.stopLossPct === null ? NaN : s.stopLossPct / 100;
    this.takeProfit = s.takeProfitPct === null ? NaN : s.takeProfitPct / 100;
    this.sideMask = s.allowShort ? ENTER_LONG | EXIT_LONG | ENTER_SHORT | EXIT_SHORT : ENTER_LONG | EXIT_LONG;
    this.cash = s.startingBalance;
    this.equity = new Float64Array(s.bars + 1);
    this.equity[0] = s.startingBalance;
    this.acc[PEAK] = s.startingBalance;
  }

  private timeOf(t: number): number {
    return this.s.startTime + t * this.tf;
  }

  run(): SimOutput {
    const { bars: N, onProgress } = this.s;
    const books = this.books;
    const nb = books.length;
    const sideMask = this.sideMask;
    // Funding is a property of margin positions; spot longs never pay it.
    const funding = this.s.fundingRate !== 0 && this.s.marginMode;
    const acc = this.acc;
    let exposedBars = 0;
    // Bars where some symbol's data ends, ascending; one comparison per bar finds the next.
    const endBars = Int32Array.from(new Set(books.map((b) => b.lastBar).filter((t) => t >= 0))).sort();
    let nextEnd = 0;
    const progressEvery = Math.max(1, Math.floor(N / 50));
    let nextProgress = progressEvery;

    for (let t = 0; t < N; ) {
      // A quiet stretch (nothing queued, no position with levels, no signal, no end of data, no
      // funding) only needs its equity marked: do that in one tight loop up to the next event.
      if (this.queuedCount === 0 && this.guardedCount === 0 && this.activeGrids === 0 && !(funding && this.openCount > 0)) {
        let until = Math.min(N - 1, nextProgress - 1);
        if (nextEnd < endBars.length && endBars[nextEnd] < until) until = endBars[nextEnd];
        for (let k = 0; k < nb && until > t; k++) until = Math.min(until, this.nextSignalBar(books[k], t));
        if (until > t) {
          if (this.openCount > 0) exposedBars += until - t;
          this.markQuiet(t, until);
          t = until;
          continue;
        }
      }

      if (funding && this.openCount > 0) this.chargeFunding(t);
      if (this.queuedCount > 0) this.fillQueued(t);
      const openAtOpen = this.openCount > 0;
      if (openAtOpen && this.guardedCount > 0) this.checkPositions(t);
      if (this.activeGrids > 0) this.checkGrids(t);
      // A grid can buy inside a bar it opened flat: that bar held a position too.
      if (openAtOpen || this.openCount > 0) exposedBars++;
      if (nextEnd < endBars.length && endBars[nextEnd] === t) {
        this.endOfData(t);
        nextEnd++;
      }
      this.markClose(t);

      // 5. Decisions at this close, for the next open.
      if (t < N - 1) {
        for (let k = 0; k < nb; k++) {
          const b = books[k];
          if (t < b.firstDecision || t >= b.lastBar) continue;
          const li = t + b.offset;
          if (b.real !== null && b.real[li] === 0) continue;
          const f = b.flags[li] & sideMask;
          if (f !== 0) this.decide(b, f, li);
          if (b.dynamic !== null && b.side !== 0) this.tightenDynamicStop(b, li);
        }
      }

      if (t + 1 === nextProgress) {
        onProgress?.(Math.floor(((t + 1) / N) * 100));
        nextProgress += progressEvery;
      }
      t++;
    }

    return {
      equity: this.equity,
      trades: this.trades,
      rejected: this.rejected,
      rejectedBySymbol: this.rejectedBySymbol,
      exposedBars,
      grossExposureSum: acc[GROSS_SUM],
      maxDrawdownIntrabarPct: acc[WORST_DD] * 100,
      fundingPaid: this.fundingPaid,
      detailFallbackCandles: this.detailFallback,
      warnings: this.warnings,
    };
  }

  /**
   * The first bar ≥ t whose close could queue an order for this symbol: a signal flag inside its
   * decision window (bars.length − 1 when there is none). Cached: t only grows, so the scan resumes.
   */
  private nextSignalBar(b: SymbolBook, t: number): number {
    if (b.signalCursor >= t) return b.signalCursor;
    const last = Math.min(b.lastBar, this.s.bars - 1);
    const flags = b.flags;
    const mask = this.sideMask;
    let g = Math.max(t, b.firstDecision);
    while (g < last && (flags[g + b.offset] & mask) === 0) g++;
    b.signalCursor = g < last ? g : this.s.bars - 1;
    return b.signalCursor;
  }

  /** Step 4 for bars t … until − 1, which have no orders, checks or decisions. */
  private markQuiet(t: number, until: number): void {
    if (this.openCount === 0) {
      const equity = this.equity;
      equity.fill(this.cash, t + 1, until + 1);
      if (equity[t + 1] > this.acc[PEAK]) this.acc[PEAK] = equity[t + 1];
    } else if (this.openCount === 1) {
      this.markOnePosition(this.books.find((b) => b.side !== 0)!, t, until);
    } else {
      for (let u = t; u < until; u++) this.markClose(u);
    }
  }

  /**
   * markClose for a stretch with a single open position, with the same arithmetic in the same order
   * (a bar's equity must not depend on which path marked it), reading two prices per bar.
   */
  private markOnePosition(b: SymbolBook, t: number, until: number): void {
    const acc = this.acc;
    const equity = this.equity;
    const side = b.side;
    const amount = b.amount;
    const cash = this.cash;
    const margin = b.margin;
    const entry = b.entryPrice;
    const closes = b.close;
    const worstPrices = side === 1 ? b.low : b.high;
    const offset = b.offset;
    let peak = acc[PEAK];
    let worstDd = acc[WORST_DD];
    let grossSum = acc[GROSS_SUM];
    for (let u = t; u < until; u++) {
      const close = closes[u + offset];
      const value = cash + (margin + side * (close - entry) * amount);
      const worst = cash + (margin + side * (worstPrices[u + offset] - entry) * amount);
      if (worst < peak * (1 - worstDd)) worstDd = 1 - worst / peak;
      if (value > 0) grossSum += (close * amount) / value;
      equity[u + 1] = value;
      if (value > peak) peak = value;
    }
    acc[PEAK] = peak;
    acc[WORST_DD] = worstDd;
    acc[GROSS_SUM] = grossSum;
  }

  /**
   * Step 4: equity at the close. The intrabar worst case (longs at the low, shorts at the high) feeds
   * max_drawdown_intrabar_pct; Σ notional / equity feeds the average gross exposure.
   */
  private markClose(t: number): void {
    const acc = this.acc;
    const equity = this.equity;
    if (this.openCount === 0) {
      equity[t + 1] = this.cash;
    } else {
      const books = this.books;
      acc[VALUE] = this.cash;
      acc[WORST] = acc[VALUE];
      acc[GROSS] = 0;
      for (let k = 0; k < books.length; k++) {
        const b = books[k];
        const side = b.side;
        if (side === 0) continue;
        const li = t + b.offset;
        const close = b.close[li];
        acc[VALUE] += b.margin + side * (close - b.entryPrice) * b.amount;
        acc[WORST] += b.margin + side * ((side === 1 ? b.low[li] : b.high[li]) - b.entryPrice) * b.amount;
        acc[GROSS] += close * b.amount;
      }
      // Compared by multiplication; the division runs only when the worst case deepens.
      if (acc[WORST] < acc[PEAK] * (1 - acc[WORST_DD])) acc[WORST_DD] = 1 - acc[WORST] / acc[PEAK];
      if (acc[VALUE] > 0) acc[GROSS_SUM] += acc[GROSS] / acc[VALUE];
      equity[t + 1] = acc[VALUE];
    }
    if (equity[t + 1] > acc[PEAK]) acc[PEAK] = equity[t + 1];
  }

  /** Funding at 00:00, 08:00 and 16:00 UTC, charged at the first open at or after each instant. */
  private chargeFunding(t: number): void {
    const time = this.timeOf(t);
    const instants = Math.floor(time / FUNDING_INTERVAL_MS) - Math.floor((time - this.tf) / FUNDING_INTERVAL_MS);
    if (instants <= 0) return;
    const books = this.books;
    for (let k = 0; k < books.length; k++) {
      const b = books[k];
      if (b.side === 0) continue;
      const payment = instants * b.side * this.s.fundingRate * b.amount * b.open[t + b.offset];
      this.cash -= payment;
      b.funding += payment;
      this.fundingPaid += payment;
    }
  }

  /** Step 1: orders queued at the previous close, every exit before any entry (§1.9). */
  private fillQueued(t: number): void {
    const time = this.timeOf(t);
    const books = this.books;
    for (let k = 0; k < books.length; k++) {
      const b = books[k];
      if (!b.queuedExit) continue;
      const li = b.realIndex(t);
      if (li < 0) continue;
      b.queuedExit = false;
      if (b.queuedEntry === 0) this.queuedCount--;
      if (b.side !== 0) this.closePosition(b, b.open[li] * (1 - b.side * this.slip), EXIT_SIGNAL, time);
    }
    let equityAtOpen = NaN;
    for (let k = 0; k < books.length; k++) {
      const b = books[k];
      if (b.queuedEntry === 0 || b.queuedExit) continue;
      const li = b.realIndex(t);
      if (li < 0) continue;
      const side = b.queuedEntry;
      b.queuedEntry = 0;
      this.queuedCount--;
      if (b.accumulate !== null) {
        this.accumulateBuy(b, li, time);
        continue;
      }
      if (b.side !== 0) continue;
      if (this.openCount >= this.s.maxOpenTrades) {
        this.reject(b, "max_open_trades");
        continue;
      }
      if (equityAtOpen !== equityAtOpen) equityAtOpen = this.equityAtOpen(t);
      const price = b.open[li] * (1 + side * this.slip);
      const amount = entryAmount(equityAtOpen, this.cash, this.s.positionSizePct, price, this.fee, b.filters);
      if (amount < 0) this.reject(b, REJECTION_REASONS[-amount - 1]);
      else this.openPosition(b, side, price, amount, time);
    }
  }

  /** E_t: cash plus positions marked at this open, after this open's exits (§1.8). */
  private equityAtOpen(t: number): number {
    let e = this.cash;
    const books = this.books;
    for (let k = 0; k < books.length; k++) {
      const b = books[k];
      if (b.side !== 0) e += b.margin + b.side * (b.open[t + b.offset] - b.entryPrice) * b.amount;
    }
    return e;
  }

  private reject(b: SymbolBook, reason: RejectionReason): void {
    this.rejected[reason]++;
    this.rejectedBySymbol[b.index]++;
  }

  /** Steps 2–3: exits inside the bar, then trailing levels from its range. */
  private checkPositions(t: number): void {
    const books = this.books;
    for (let k = 0; k < books.length; k++) {
      const b = books[k];
      if (!b.guarded) continue;
      const li = b.realIndex(t);
      if (li < 0) continue;
      if (b.detail !== null) {
        if (this.checkDetail(b, li)) continue;
        this.detailFallback++;
      }
      if (b.roi !== null) updateRoi(b, b.roi, b.openTime, li);
      const code = findBarExit(b, b.open, b.high, b.low, li);
      if (code !== NO_EXIT) this.closePosition(b, b.exitPrice, code, b.openTime[li]);
      else if (this.trail > 0) raiseTrail(b, b.high, b.low, li);
    }
  }

  /** Steps 2–3 on the bar's 1m candles in time order; false when it has none (the bar is used instead). */
  private checkDetail(b: SymbolBook, li: number): boolean {
    const d = b.detail!;
    const times = d.openTime;
    const time = b.openTime[li];
    const end = time + this.tf;
    let m = b.detailCursor;
    while (m < times.length && times[m] < time) m++;
    b.detailCursor = m;
    if (m >= times.length || times[m] >= end) return false;
    for (; m < times.length && times[m] < end; m++) {
      if (b.roi !== null) updateRoi(b, b.roi, times, m);
      const code = findBarExit(b, d.open, d.high, d.low, m);
      if (code !== NO_EXIT) {
        this.closePosition(b, b.exitPrice, code, times[m]);
        return true;
      }
      if (this.trail > 0) raiseTrail(b, d.high, d.low, m);
    }
    return true;
  }

  /**
   * The end of a symbol's data (or of the run): queued orders are dropped and the position closes at
   * the last close with slippage and fee, before the equity mark (§1.12).
   */
  private endOfData(t: number): void {
    const time = this.timeOf(t);
    const books = this.books;
    for (let k = 0; k < books.length; k++) {
      const b = books[k];
      if (b.lastBar !== t) continue;
      if (b.queuedExit || b.queuedEntry !== 0) this.queuedCount--;
      b.queuedExit = false;
      b.queuedEntry = 0;
      if (b.grid !== null) this.endGrid(b, b.grid, t, time);
      else if (b.side !== 0) this.closePosition(b, b.close[t + b.offset] * (1 - b.side * this.slip), EXIT_END_OF_DATA, time);
    }
  }

  /** Step 5 for a bar with a signal: queue orders for the next open. */
  private decide(b: SymbolBook, f: number, li: number): void {
    if (b.accumulate !== null) {
      // dca buys on its schedule whether or not it holds a position, up to its cap per position.
      if ((f & ENTER_LONG) === 0 || b.buys >= b.accumulate.maxBuys) return;
      b.queuedEntry = 1;
      b.queuedAt = li;
      this.queuedCount++;
      return;
    }
    const enterLong = (f & ENTER_LONG) !== 0;
    const enterShort = (f & ENTER_SHORT) !== 0;
    // Entry and exit (or long and short entry) on one bar: no entry, and any position exits (§1.2).
    const conflict = (enterLong && (f & EXIT_LONG) !== 0) || (enterLong && enterShort) || (enterShort && (f & EXIT_SHORT) !== 0);
    const wantLong = enterLong && !conflict;
    const wantShort = enterShort && !conflict;
    let exit = false;
    let entry = 0;
    if (b.side === 1) {
      exit = (f & EXIT_LONG) !== 0 || conflict || wantShort;
      if (wantShort) entry = -1;
    } else if (b.side === -1) {
      exit = (f & EXIT_SHORT) !== 0 || conflict || wantLong;
      if (wantLong) entry = 1;
    } else {
      entry = wantLong ? 1 : wantShort ? -1 : 0;
    }
    if (!exit && entry === 0) return;
    b.queuedExit = exit;
    b.queuedEntry = entry;
    b.queuedAt = li;
    this.queuedCount++;
  }

  /** The strategy's own stop, recomputed at this close for the next bar; it only ever tightens. */
  private tightenDynamicStop(b: SymbolBook, li: number): void {
    const level = roundToTick(b.dynamic!(b.side === 1 ? 1 : -1, b.entryPrice, li), b.tick);
    const current = b.dynamicStop;
    if (level === level && (current !== current || (b.side === 1 ? level > current : level < current))) b.dynamicStop = level;
  }

  private openPosition(b: SymbolBook, side: number, price: number, amount: number, time: number): void {
    const notional = price * amount;
    const entryFee = this.fee * notional;
    this.cash -= notional + entryFee;
    b.side = side;
    b.amount = amount;
    b.entryPrice = price;
    b.entryFee = entryFee;
    b.entryTime = time;
    b.signalTime = this.s.startTime + (b.queuedAt - b.offset) * this.tf;
    b.margin = notional;
    b.funding = 0;
    let stop = roundToTick(price * (1 - side * this.stopLoss), b.tick);
    const distance = b.stopDistance === null ? NaN : b.stopDistance[b.queuedAt];
    const strategyStop = roundToTick(price - side * distance, b.tick);
    // The tighter of the risk stop and the strategy's own (breakout's ATR stop).
    if (stop !== stop || (side === 1 ? strategyStop > stop : strategyStop < stop)) stop = strategyStop;
    b.stopLoss = stop;
    b.takeProfit = roundToTick(price * (1 + side * this.takeProfit), b.tick);
    if (this.trail > 0 && b.trailActivation === 0) {
      b.trailArmed = true;
      b.trail = roundToTick(price * (1 - side * this.trail), b.tick);
    }
    b.liquidation = this.s.marginMode ? price * (1 - side * (1 - MAINTENANCE)) : NaN;
    // Without any level the bar checks could never exit; the loop then skips them for this position.
    b.guarded =
      stop === stop || b.takeProfit === b.takeProfit || this.trail > 0 || b.roi !== null || b.dynamic !== null || b.detail !== null || b.liquidation === b.liquidation;
    if (b.guarded) this.guardedCount++;
    this.openCount++;
  }

  private closePosition(b: SymbolBook, price: number, reason: number, time: number): void {
    const exitFee = this.fee * price * b.amount;
    const gross = b.side * (price - b.entryPrice) * b.amount;
    // Spot and margin alike: the entry notional comes back with the gross P&L (a long's price × amount).
    this.cash += b.margin + gross - exitFee;
    const pnl = gross - b.entryFee - exitFee - b.funding;
    this.trades.push({
      symbol: b.symbol,
      side: b.side === 1 ? "long" : "short",
      signal_at: b.signalTime,
      entry_at: b.entryTime,
      entry_price: b.entryPrice,
      amount: b.amount,
      entry_fee: b.entryFee,
      exit_at: time,
      exit_price: price,
      exit_fee: exitFee,
      exit_reason: exitReasonName(reason),
      funding: b.funding,
      pnl,
      pnl_pct: (pnl / (b.margin + b.entryFee)) * 100,
      holding_ms: time - b.entryTime,
    });
    if (b.guarded) this.guardedCount--;
    b.reset();
    this.openCount--;
  }

  /**
   * A dca buy at this open (§1.11): `quote_amount` including the fee, added to the symbol's one
   * position. The take-profit and the risk stop are re-placed from the new average entry (cost
   * including fees / amount) and rest from this open on. A buy that the cash cannot cover is skipped
   * and counted, as is a first buy with every slot taken.
   */
  private accumulateBuy(b: SymbolBook, li: number, time: number): void {
    const plan = b.accumulate!;
    if (b.side === 0 && this.openCount >= this.s.maxOpenTrades) {
      this.reject(b, "max_open_trades");
      return;
    }
    const price = b.open[li] * (1 + this.slip);
    const amount = entryAmount(plan.quoteAmount, Infinity, 100, price, this.fee, b.filters);
    if (amount < 0) {
      this.reject(b, REJECTION_REASONS[-amount - 1]);
      return;
    }
    const notional = price * amount;
    const fee = this.fee * notional;
    if (notional + fee > this.cash) {
      this.reject(b, "insufficient_cash");
      return;
    }
    this.cash -= notional + fee;
    if (b.side === 0) {
      b.side = 1;
      b.amount = amount;
      b.margin = notional;
      b.entryFee = fee;
      b.entryTime = time;
      b.signalTime = this.s.startTime + (b.queuedAt - b.offset) * this.tf;
      b.funding = 0;
      b.buys = 1;
      this.openCount++;
    } else {
      b.amount += amount;
      b.margin += notional;
      b.entryFee += fee;
      b.buys++;
    }
    // The fill VWAP: the trade's P&L is (exit − entry) × amount − fees, as for every type.
    b.entryPrice = b.margin / b.amount;
    const average = (b.margin + b.entryFee) / b.amount;
    b.takeProfit = roundToTick(average * (1 + plan.takeProfit), b.tick);
    b.stopLoss = roundToTick(average * (1 - this.stopLoss), b.tick);
    if (!b.guarded && (b.takeProfit === b.takeProfit || b.stopLoss === b.stopLoss)) {
      b.guarded = true;
      this.guardedCount++;
    }
  }

  /** Resting grid orders against this bar (or its 1m candles in detail mode). */
  private checkGrids(t: number): void {
    const books = this.gridBooks;
    for (let k = 0; k < books.length; k++) {
      const b = books[k];
      const g = b.grid!;
      if (!g.active) continue;
      const li = b.realIndex(t);
      if (li < 0) continue;
      if (!g.placed) {
        if (t < b.firstDecision) continue;
        this.placeGrid(b, g, li);
      }
      if (b.detail !== null) {
        if (this.gridDetail(b, g, li)) continue;
        this.detailFallback++;
      }
      this.fillGrid(b, g, b.open, b.high, b.low, b.openTime, li);
    }
  }

  /** All in cash: a buy at every line below the first tradable open, live from that open. */
  private placeGrid(b: SymbolBook, g: GridBook, li: number): void {
    const open = b.open[li];
    const time = b.openTime[li];
    let placed = 0;
    for (let k = 0; k < g.pairs; k++) {
      if (!(g.levels[k] < open)) break;
      if (g.lotRejection[k] < 0) {
        this.reject(b, REJECTION_REASONS[-g.lotRejection[k] - 1]);
        continue;
      }
      g.state[k] = GRID_BUY;
      g.postedAt[k] = time - 1;
      g.placedAt[k] = time;
      placed++;
    }
    g.placed = true;
    g.updateBounds();
    if (placed === 0) {
      this.warnings.push({
        code: "grid_no_buys",
        message: `${b.symbol}: the grid placed no buy: the first open (${open}) is at or below the lowest line (${g.levels[0]}), or the amount per level is below the market's minimums.`,
      });
    }
  }

  /** The grid on the bar's 1m candles in time order; false when it has none (the bar is used instead). */
  private gridDetail(b: SymbolBook, g: GridBook, li: number): boolean {
    const d = b.detail!;
    const times = d.openTime;
    const time = b.openTime[li];
    const end = time + this.tf;
    let m = b.detailCursor;
    while (m < times.length && times[m] < time) m++;
    b.detailCursor = m;
    if (m >= times.length || times[m] >= end) return false;
    for (; m < times.length && times[m] < end; m++) this.fillGrid(b, g, d.open, d.high, d.low, times, m);
    return true;
  }

  /**
   * Fills of candle i at exactly their line, maker fee, no slippage (§1.5–1.6). The path inside a
   * candle is unknown, so the order is fixed: at the open, the sells at or below it and then the buys
   * at or above it (a gap trades them at their lines); inside the candle, the buys below the open from
   * the top down, then the sells above it from the bottom up (a sell's proceeds never fund the same
   * candle's buys). A line fills at most once per candle: when a sell and a buy rest on the same line,
   * the one the open reaches fills and the other waits. Orders posted by these fills are live from the
   * next candle.
   */
  private fillGrid(b: SymbolBook, g: GridBook, opens: Float64Array, highs: Float64Array, lows: Float64Array, times: Float64Array, i: number): void {
    const low = lows[i];
    const high = highs[i];
    if (low > g.maxBuy && high < g.minSell) return;
    const open = opens[i];
    const time = times[i];
    const levels = g.levels;
    const state = g.state;
    const postedAt = g.postedAt;
    const n = g.pairs;
    let changed = false;
    for (let k = 0; k < n; k++) {
      if (state[k] === GRID_SELL && postedAt[k] < time && levels[k + 1] <= open) changed = this.gridSell(b, g, k, time);
    }
    for (let k = n - 1; k >= 0; k--) {
      if (state[k] === GRID_BUY && postedAt[k] < time && levels[k] >= open && g.lineFilledAt[k] !== time) changed = this.gridBuy(b, g, k, time) || changed;
    }
    for (let k = n - 1; k >= 0; k--) {
      if (state[k] === GRID_BUY && postedAt[k] < time && levels[k] < open && levels[k] >= low && g.lineFilledAt[k] !== time) changed = this.gridBuy(b, g, k, time) || changed;
    }
    for (let k = 0; k < n; k++) {
      if (state[k] === GRID_SELL && postedAt[k] < time && levels[k + 1] > open && levels[k + 1] <= high && g.lineFilledAt[k + 1] !== time) changed = this.gridSell(b, g, k, time);
    }
    if (changed) g.updateBounds();
  }

  /** Pair k's buy fills at its line; false when the cash cannot cover it (skipped, counted, still resting). */
  private gridBuy(b: SymbolBook, g: GridBook, k: number, time: number): boolean {
    const price = g.levels[k];
    const amount = g.lotAmount[k];
    const notional = price * amount;
    const fee = this.fee * notional;
    if (notional + fee > this.cash) {
      this.reject(b, "insufficient_cash");
      return false;
    }
    this.cash -= notional + fee;
    g.state[k] = GRID_SELL;
    g.postedAt[k] = time;
    g.entryTime[k] = time;
    g.entryFee[k] = fee;
    g.lineFilledAt[k] = time;
    if (g.held++ === 0) {
      b.side = 1;
      b.amount = amount;
      b.margin = notional;
      this.openCount++;
    } else {
      b.amount += amount;
      b.margin += notional;
    }
    b.entryPrice = b.margin / b.amount;
    return true;
  }

  /** Pair k's sell fills one line up: one trade, and the buy rests again at its line. */
  private gridSell(b: SymbolBook, g: GridBook, k: number, time: number): boolean {
    this.closeLot(b, g, k, g.levels[k + 1], EXIT_TAKE_PROFIT, time);
    g.state[k] = GRID_BUY;
    g.postedAt[k] = time;
    g.placedAt[k] = time;
    g.lineFilledAt[k + 1] = time;
    return true;
  }

  /** End of the grid's data: every held lot closes at the close (§1.12); no order rests any more. */
  private endGrid(b: SymbolBook, g: GridBook, t: number, time: number): void {
    const price = b.close[t + b.offset] * (1 - this.slip);
    for (let k = 0; k < g.pairs; k++) {
      if (g.state[k] === GRID_SELL) this.closeLot(b, g, k, price, EXIT_END_OF_DATA, time);
      g.state[k] = GRID_IDLE;
    }
    g.updateBounds();
    if (g.active) {
      g.active = false;
      this.activeGrids--;
    }
  }

  /** Sells pair k's lot at `price` and records the buy→sell pair as one trade. */
  private closeLot(b: SymbolBook, g: GridBook, k: number, price: number, reason: number, time: number): void {
    const entry = g.levels[k];
    const amount = g.lotAmount[k];
    const entryFee = g.entryFee[k];
    const exitFee = this.fee * price * amount;
    this.cash += price * amount - exitFee;
    const pnl = (price - entry) * amount - entryFee - exitFee;
    this.trades.push({
      symbol: b.symbol,
      side: "long",
      signal_at: g.placedAt[k],
      entry_at: g.entryTime[k],
      entry_price: entry,
      amount,
      entry_fee: entryFee,
      exit_at: time,
      exit_price: price,
      exit_fee: exitFee,
      exit_reason: exitReasonName(reason),
      funding: 0,
      pnl,
      pnl_pct: (pnl / (entry * amount + entryFee)) * 100,
      holding_ms: time - g.entryTime[k],
    });
    if (--g.held === 0) {
      b.reset();
      this.openCount--;
    } else {
      b.amount -= amount;
      b.margin -= entry * amount;
      b.entryPrice = b.margin / b.amount;
    }
  }
}
