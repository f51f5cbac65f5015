import { AppError, type FieldErrors } from "@/lib/errors";
import { DEFAULT_SCALE, describeShortfall, formatDecimal, type AdjustedEcho, type OrderProblem, type Shortfall } from "@/lib/trading/core";

/** A debit the balance does not cover: 422 naming the asset, the bucket and how much is missing. */
export class InsufficientBalance extends AppError {
  constructor(
    public readonly shortfall: Shortfall,
    scale = DEFAULT_SCALE,
  ) {
    const f = (u: bigint) => formatDecimal(u, scale);
    super(422, "insufficient_balance", describeShortfall(shortfall, scale), undefined, {
      asset: shortfall.asset,
      bucket: shortfall.bucket,
      required: f(shortfall.required),
      available: f(shortfall.available),
      missing: f(shortfall.missing),
    });
  }
}

/** The order failed the core's precision, filter or band checks; one problem per wire field. */
export class OrderInvalid extends AppError {
  constructor(
    public readonly problems: OrderProblem[],
    public readonly adjusted: AdjustedEcho,
  ) {
    const fields: FieldErrors = {};
    for (const p of problems) (fields[p.field] ??= []).push(p.message);
    super(422, "validation_failed", problems[0]?.message ?? "The order is invalid.", fields, { problems, adjusted });
  }
}

/** The bound source has no price fresh enough to trade on (§3.1). */
export class PriceUnavailable extends AppError {
  constructor(message: string) {
    super(503, "price_unavailable", message);
  }
}
