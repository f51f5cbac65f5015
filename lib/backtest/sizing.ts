import { floorToStep, type MarketFilters } from "./market-filters";

export const REJECTION_REASONS = ["max_open_trades", "insufficient_cash", "below_min_amount", "below_min_notional"] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export interface EntrySizeInput {
  /** E_t: cash plus open positions marked at this open, after the exits filled at it. */
  equity: number;
  freeCash: number;
  positionSizePct: number;
  /** The fill price, slippage included. */
  fillPrice: number;
  feeRate: number;
  filters: MarketFilters;
}

export type EntrySize = { amount: number; rejected: null } | { amount: 0; rejected: RejectionReason };

/**
 * Sizing with fees (trading-semantics.md §1.8): budget B = min(p% × E_t, free cash), amount =
 * floor_to_step(B / (fill × (1 + fee_rate))), so the position and its entry fee together spend B.
 * When the cash, not p%, limited the budget, a size below the minimums is reported as
 * insufficient_cash (the entry did not fit), otherwise by the minimum it missed.
 */
export function sizeEntry(input: EntrySizeInput): EntrySize {
  const amount = entryAmount(input.equity, input.freeCash, input.positionSizePct, input.fillPrice, input.feeRate, input.filters);
  return amount >= 0 ? { amount, rejected: null } : { amount: 0, rejected: REJECTION_REASONS[-amount - 1] };
}

/**
 * sizeEntry for the simulation loop, without allocating: the amount, or −(1 + index of the
 * rejection reason in REJECTION_REASONS).
 */
export function entryAmount(equity: number, freeCash: number, positionSizePct: number, fillPrice: number, feeRate: number, filters: MarketFilters): number {
  const wanted = (positionSizePct / 100) * equity;
  const cashLimited = freeCash < wanted;
  const budget = cashLimited ? freeCash : wanted;
  const amount = budget > 0 ? floorToStep(budget / (fillPrice * (1 + feeRate)), filters.amount_step) : 0;
  const belowAmount = !(amount > 0) || amount < filters.min_amount;
  const belowNotional = amount * fillPrice < filters.min_notional;
  if (!belowAmount && !belowNotional) return amount;
  if (cashLimited) return -2;
  return belowAmount ? -3 : -4;
}
