import { Badge } from "@/components/ui/badge";
import { STATUS_LABEL, STATUS_VARIANT } from "./format";
import type { BacktestStatus } from "./types";

export function StatusBadge({ status }: { status: BacktestStatus }) {
  return (
    <Badge variant={STATUS_VARIANT[status]} data-testid="backtest-status" data-status={status}>
      {STATUS_LABEL[status]}
    </Badge>
  );
}

/** Marks results computed on the deployment's simulated market rather than real candles. */
export function SimulatedTag() {
  return (
    <Badge variant="warning" title="Computed on simulated candles, not on an exchange's history." data-testid="simulated-tag">
      Simulated data
    </Badge>
  );
}
