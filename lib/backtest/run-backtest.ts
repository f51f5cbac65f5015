import { timeframeMs } from "@/lib/market/simulated";
import { getStrategy, parseStrategyConfig, SINGLE_SYMBOL_TYPES, type IgnorableRisk } from "@/lib/strategies";
import { hashCandles } from "./candle-hash";
import { ENGINE_VERSION } from "./engine-version";
import { BacktestInputError } from "./errors";
import { NO_FILTERS, type MarketFilters } from "./market-filters";
import { gridCandles, lowerBound, trimCandles } from "./prepare-candles";
import { buildReport } from "./report";
import { backtestSettingsSchema } from "./settings-schema";
import { simulate, type SimSymbol } from "./simulate";
import type { BacktestInput, BacktestResult, BacktestWarning, SymbolDataQuality } from "./types";

function filtersOf(market: Partial<MarketFilters> | undefined): MarketFilters {
  return {
    amount_step: market?.amount_step ?? NO_FILTERS.amount_step,
    min_amount: market?.min_amount ?? NO_FILTERS.min_amount,
    min_notional: market?.min_notional ?? NO_FILTERS.min_notional,
    price_tick: market?.price_tick ?? NO_FILTERS.price_tick,
  };
}

/**
 * The backtest engine's one entry point, for jobs and the bench alike: pure and synchronous (no
 * database, no clock), so identical inputs give identical output. Rules: trading-semantics.md §1–2.
 *
 * Throws a ZodError for invalid settings or strategy parameters (dotted paths such as
 * `parameters.slow_period`) and a BacktestInputError for candles it cannot use honestly.
 */
export function runBacktest(input: BacktestInput): BacktestResult {
  const settings = backtestSettingsSchema.parse({ ...input, strategy: undefined, onProgress: undefined, candles_sha256: undefined });
  const strategy = parseStrategyConfig(input.strategy);
  const definition = getStrategy(strategy.type);
  if (SINGLE_SYMBOL_TYPES.includes(strategy.type) && input.symbols.length !== 1) {
    throw new BacktestInputError("single_symbol_type", `A ${definition.label} strategy trades exactly one pair: its prices are absolute.`, { symbols: input.symbols.length });
  }
  const ignored = new Set<IgnorableRisk>(definition.ignoresRisk ?? []);
  const risk = {
    stop_loss_pct: ignored.has("stop_loss_pct") ? null : strategy.risk.stop_loss_pct,
    take_profit_pct: ignored.has("take_profit_pct") ? null : strategy.risk.take_profit_pct,
    trailing_stop_pct: ignored.has("trailing_stop_pct") ? null : strategy.risk.trailing_stop_pct,
  };
  const tf = timeframeMs(settings.timeframe);
  const warmup = definition.warmupBars(strategy.parameters, tf);
  const start = Math.ceil(settings.start / tf) * tf;
  const endLimit = settings.end === undefined ? Infinity : Math.ceil(settings.end / tf) * tf;
  if (!(endLimit > start)) throw new BacktestInputError("empty_range", "The end must be after the start.");
  const detailMode = settings.timeframe !== "1m" && input.symbols.some((s) => s.detail_candles !== undefined);

  const prepared = input.symbols.map((s) => {
    const grid = gridCandles(s.symbol, trimCandles(s.candles, start - warmup * tf, endLimit), tf);
    const bars = grid.candles.openTime.length;
    const missingPct = bars === 0 ? 0 : (grid.gaps.missing_candles / bars) * 100;
    if (settings.max_gap_pct !== null && missingPct > settings.max_gap_pct) {
      throw new BacktestInputError(
        "too_many_gaps",
        `${s.symbol}: ${grid.gaps.missing_candles} of ${bars} candles are missing (${missingPct.toFixed(2)}%, the limit is ${settings.max_gap_pct}%).`,
        { symbol: s.symbol, ...grid.gaps, missing_pct: missingPct, max_gap_pct: settings.max_gap_pct },
      );
    }
    const detail = detailMode && s.detail_candles !== undefined ? gridCandles(s.symbol, trimCandles(s.detail_candles, start, endLimit), 60_000, false).used : null;
    return { input: s, grid, detail };
  });

  const lastOpen = Math.max(...prepared.map((p) => (p.grid.candles.openTime.length > 0 ? p.grid.candles.openTime[p.grid.candles.openTime.length - 1] : -Infinity)));
  if (!(lastOpen >= start)) throw new BacktestInputError("no_candles_in_range", "No symbol has candles at or after the start.", { start });
  const bars = (lastOpen - start) / tf + 1;

  const simSymbols: SimSymbol[] = prepared.map(({ input: s, grid, detail }) => {
    const length = grid.candles.openTime.length;
    const offset = length > 0 ? (start - grid.candles.openTime[0]) / tf : 0;
    const lastBar = length - 1 - offset;
    return {
      symbol: s.symbol,
      candles: grid.candles,
      real: grid.real,
      offset,
      firstDecision: Math.max(0, warmup - offset),
      lastBar,
      signals: definition.signals(grid.candles, strategy.parameters, { allowShort: strategy.risk.allow_short, timeframeMs: tf }),
      filters: filtersOf(s.market),
      detail,
    };
  });

  const caps = input.account_caps ?? null;
  const positionSizePct = Math.min(strategy.risk.position_size_pct, caps?.max_position_size_pct ?? Infinity);
  const maxOpenTrades = Math.min(strategy.risk.max_open_trades, caps?.max_open_positions ?? Infinity);
  const sim = simulate(simSymbols, {
    startTime: start,
    timeframeMs: tf,
    bars,
    startingBalance: settings.starting_balance,
    feeRate: settings.fee_rate,
    slippageBps: settings.slippage_bps,
    positionSizePct,
    maxOpenTrades,
    stopLossPct: risk.stop_loss_pct,
    takeProfitPct: risk.take_profit_pct,
    trailingStopPct: risk.trailing_stop_pct,
    allowShort: strategy.risk.allow_short,
    marginMode: strategy.risk.allow_short,
    fundingRate: settings.funding_rate,
    onProgress: input.onProgress,
  });

  const dataQuality: SymbolDataQuality[] = prepared.map(({ input: s, grid, detail }, k) => {
    const used = grid.used.openTime;
    const sym = simSymbols[k];
    const decides = sym.firstDecision <= sym.lastBar && sym.firstDecision < bars - 1;
    return {
      symbol: s.symbol,
      candles: used.length,
      first_candle_at: used.length > 0 ? used[0] : null,
      last_candle_at: used.length > 0 ? used[used.length - 1] : null,
      first_decision_at: decides ? start + sym.firstDecision * tf : null,
      ...grid.gaps,
      detail_minutes: detail?.openTime.length ?? 0,
    };
  });

  const buyAndHold = prepared.map(({ grid }) => {
    const { openTime, close } = grid.used;
    const first = lowerBound(openTime, start);
    return first < openTime.length ? (close[openTime.length - 1] / close[first] - 1) * 100 : null;
  });

  const result = buildReport({
    engineVersion: ENGINE_VERSION,
    settings: {
      source: settings.source ?? null,
      timeframe: settings.timeframe,
      start,
      end: start + bars * tf,
      symbols: input.symbols.map((s) => s.symbol),
      strategy,
      effective_risk: { position_size_pct: positionSizePct, max_open_trades: maxOpenTrades },
      account_caps: caps,
      starting_balance: settings.starting_balance,
      fee_rate: settings.fee_rate,
      slippage_bps: settings.slippage_bps,
      funding_rate: settings.funding_rate,
      detail: detailMode ? "1m" : null,
      sizing: ignored.has("position_size_pct") ? "quote_amount" : "pct_equity",
      margin_mode: strategy.risk.allow_short,
      roi_fee_convention: "net_of_fees",
      precision: "current exchange precision applied",
      market_filters: Object.fromEntries(simSymbols.map((s) => [s.symbol, s.filters])),
      max_gap_pct: settings.max_gap_pct,
      warmup_candles: warmup,
    },
    candlesSha256:
      input.candles_sha256 ??
      hashCandles(
        prepared.flatMap((p) => [
          { symbol: p.input.symbol, timeframe: settings.timeframe, candles: p.grid.used, intervalMs: tf },
          ...(p.detail === null ? [] : [{ symbol: p.input.symbol, timeframe: "1m", candles: p.detail, intervalMs: 60_000 }]),
        ]),
      ),
    sim,
    dataQuality,
    buyAndHold,
    warnings: ignoredRiskWarnings(definition.label, strategy.risk, ignored),
  });
  input.onProgress?.(100);
  return result;
}

/** A risk setting the type does not use is left out of the run; say so rather than ignore it silently. */
function ignoredRiskWarnings(label: string, risk: Record<IgnorableRisk, number | null>, ignored: Set<IgnorableRisk>): BacktestWarning[] {
  const names: Record<Exclude<IgnorableRisk, "position_size_pct">, string> = {
    stop_loss_pct: "stop-loss",
    take_profit_pct: "take-profit",
    trailing_stop_pct: "trailing stop",
  };
  const set = (Object.keys(names) as (keyof typeof names)[]).filter((k) => ignored.has(k) && risk[k] !== null);
  if (set.length === 0) return [];
  return [{ code: "risk_ignored", message: `The ${label} strategy does not use the risk ${set.map((k) => names[k]).join(", ")}; the run ignored ${set.length === 1 ? "it" : "them"}.` }];
}
