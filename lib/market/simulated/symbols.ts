/**
 * Per-symbol parameters. Filters mirror Binance spot's PRICE_FILTER / LOT_SIZE / NOTIONAL for the
 * same pair so order validation behaves identically on the simulated and the exchange source
 * (trading-semantics.md §4.9). Vol and β follow §4.5–4.6: the factor carries most of BTC's
 * variance, so alt/BTC daily correlation lands around 0.6–0.8.
 */
import { hashString } from "./hash";

export interface SimulatedSymbolSpec {
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  /** Price level at the 2018-01-01 origin and the long-run mean the AR(1) reverts to. */
  readonly startPrice: number;
  /** Target annualised volatility of daily log returns (factor + idiosyncratic). */
  readonly annualVol: number;
  readonly beta: number;
  /** Full quoted spread in basis points; bid/ask sit half of it either side of last. */
  readonly spreadBp: number;
  /** Mean base-asset volume per second, before seasonality and activity. */
  readonly baseVolumePerSecond: number;
  readonly priceTick: number;
  readonly amountStep: number;
  readonly minAmount: number;
  readonly maxAmount: number;
  readonly minNotional: number;
}

export const FACTOR_ANNUAL_VOL = 0.52;

export const SIMULATED_SYMBOLS: readonly SimulatedSymbolSpec[] = [
  spec("BTC", 60000, 0.55, 1.0, 1, 0.25, 0.01, 0.00001, 0.00001, 9000),
  spec("ETH", 3000, 0.7, 1.1, 2, 4, 0.01, 0.0001, 0.0001, 9000),
  spec("BNB", 550, 0.8, 1.0, 4, 3, 0.01, 0.001, 0.001, 9000),
  spec("SOL", 150, 0.95, 1.3, 4, 30, 0.01, 0.001, 0.001, 9000),
  spec("XRP", 0.55, 0.9, 1.2, 4, 8000, 0.0001, 0.1, 0.1, 9222449),
  spec("ADA", 0.45, 0.95, 1.25, 6, 6000, 0.0001, 0.1, 0.1, 9000000),
  spec("DOGE", 0.12, 1.05, 1.3, 6, 40000, 0.00001, 1, 1, 9000000),
  spec("AVAX", 30, 1.0, 1.3, 8, 60, 0.01, 0.01, 0.01, 9000),
  spec("DOT", 6, 0.95, 1.2, 8, 300, 0.001, 0.01, 0.01, 9000),
  spec("POL", 0.5, 1.0, 1.25, 10, 3000, 0.0001, 0.1, 0.1, 9000000),
];

function spec(
  base: string,
  startPrice: number,
  annualVol: number,
  beta: number,
  spreadBp: number,
  baseVolumePerSecond: number,
  priceTick: number,
  amountStep: number,
  minAmount: number,
  maxAmount: number,
): SimulatedSymbolSpec {
  return {
    symbol: `${base}/USDT`,
    base,
    quote: "USDT",
    startPrice,
    annualVol,
    beta,
    spreadBp,
    baseVolumePerSecond,
    priceTick,
    amountStep,
    minAmount,
    maxAmount,
    minNotional: 5,
  };
}

export const DEFAULT_SIMULATED_SYMBOLS: readonly string[] = SIMULATED_SYMBOLS.map((s) => s.symbol);

const bySymbol = new Map(SIMULATED_SYMBOLS.map((s) => [s.symbol, s]));

/** Accepts "BTC/USDT" or Binance's "BTCUSDT". */
export function normalizeSymbol(symbol: string): string {
  const s = symbol.trim().toUpperCase();
  if (s.includes("/")) return s;
  if (s.endsWith("USDT")) return `${s.slice(0, -4)}/USDT`;
  return s;
}

export function getSimulatedSymbol(symbol: string): SimulatedSymbolSpec {
  const found = bySymbol.get(normalizeSymbol(symbol));
  if (!found) throw new RangeError(`Unknown simulated symbol: ${symbol}`);
  return found;
}

export function isSimulatedSymbol(symbol: string): boolean {
  return bySymbol.has(normalizeSymbol(symbol));
}

/** Decimal places of a power-of-ten increment, so rounding can divide by an exact integer. */
export function decimalsOf(increment: number): number {
  let d = 0;
  while (d < 12 && Math.abs(Math.round(increment * 10 ** d) - increment * 10 ** d) > 1e-9) d++;
  return d;
}

export interface SymbolRuntime {
  readonly spec: SimulatedSymbolSpec;
  /** Stream id of the idiosyncratic part; derived from the name so adding symbols never reshuffles others. */
  readonly streamId: number;
  /** 1/priceTick as an exact integer: round(p·s)/s is the nearest double to the decimal. */
  readonly priceScale: number;
  readonly amountScale: number;
  readonly idioAnnualVol: number;
}

const runtimeCache = new Map<string, SymbolRuntime>();

export function symbolRuntime(symbol: string): SymbolRuntime {
  const spec = getSimulatedSymbol(symbol);
  let rt = runtimeCache.get(spec.symbol);
  if (!rt) {
    const factorPart = spec.beta * FACTOR_ANNUAL_VOL;
    rt = {
      spec,
      // Stream 0 is the market factor; a collision with it is vanishingly unlikely but cheap to rule out.
      streamId: hashString(spec.symbol, 0x51ed27) | 1,
      priceScale: 10 ** decimalsOf(spec.priceTick),
      amountScale: 10 ** decimalsOf(spec.amountStep),
      idioAnnualVol: Math.sqrt(Math.max(spec.annualVol * spec.annualVol - factorPart * factorPart, 0.0001)),
    };
    runtimeCache.set(spec.symbol, rt);
  }
  return rt;
}
