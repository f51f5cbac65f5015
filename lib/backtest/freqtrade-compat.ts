import { DAY_MS } from "./equity-metrics";
import { realizedDrawdownRatio } from "./trade-stats";
import type { FreqtradeCompat } from "./types";

const SQRT_365 = Math.sqrt(365);
/** Freqtrade's value for an undefined ratio; kept here only so numbers match its reports. */
const FREQTRADE_UNDEFINED = -100;

function populationStd(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  let sum = 0;
  for (const x of xs) sum += x;
  const m = sum / xs.length;
  let ss = 0;
  for (const x of xs) ss += (x - m) * (x - m);
  return Math.sqrt(ss / xs.length);
}

/**
 * Freqtrade's trade-based ratios with exactly its formulas (trading-semantics.md §2.4), so users can
 * check our numbers against their Freqtrade reports. They are not the textbook ratios of `metrics`
 * and keep Freqtrade's −100 and 0 for undefined values.
 */
export function freqtradeCompat(pnlsByClose: readonly number[], startingBalance: number, finalEquity: number, startAt: number, endAt: number): FreqtradeCompat {
  const days = Math.max(1, Math.floor((endAt - startAt) / DAY_MS));
  const p = pnlsByClose.map((pnl) => pnl / startingBalance);
  const meanDaily = p.reduce((a, b) => a + b, 0) / days;
  const sd = populationStd(p);
  const downSd = populationStd(p.filter((x) => x < 0));
  const mdd = realizedDrawdownRatio(pnlsByClose, startingBalance, false);
  const wins = pnlsByClose.filter((x) => x > 0).reduce((a, b) => a + b, 0);
  const losses = pnlsByClose.filter((x) => x < 0).reduce((a, b) => a + b, 0);
  return {
    sharpe_ft: sd > 0 ? (meanDaily / sd) * SQRT_365 : FREQTRADE_UNDEFINED,
    sortino_ft: downSd > 0 ? (meanDaily / downSd) * SQRT_365 : FREQTRADE_UNDEFINED,
    calmar_ft: mdd !== 0 ? ((meanDaily * 100) / mdd) * SQRT_365 : FREQTRADE_UNDEFINED,
    cagr_ft: finalEquity > 0 ? (finalEquity / startingBalance) ** (365 / days) - 1 : -1,
    mdd_rel_realized: mdd,
    profit_factor_ft: losses !== 0 ? wins / -losses : 0,
    days,
  };
}
