/** Why a position closed. Numeric codes in the hot loop, names in results. */
export const EXIT_REASONS = ["signal", "stop_loss", "take_profit", "trailing_stop", "roi", "end_of_data", "liquidation"] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];

export const NO_EXIT = 0;
export const EXIT_SIGNAL = 1;
export const EXIT_STOP_LOSS = 2;
export const EXIT_TAKE_PROFIT = 3;
export const EXIT_TRAILING_STOP = 4;
export const EXIT_ROI = 5;
export const EXIT_END_OF_DATA = 6;
export const EXIT_LIQUIDATION = 7;

export function exitReasonName(code: number): ExitReason {
  return EXIT_REASONS[code - 1];
}
