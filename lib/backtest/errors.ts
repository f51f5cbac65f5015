import { AppError } from "@/lib/errors";

/**
 * A run that cannot produce an honest result from its inputs (too many gaps, no candles in range,
 * inconsistent candles). 422: re-submitting the same request gives the same answer.
 */
export class BacktestInputError extends AppError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(422, code, message, undefined, details);
  }
}
