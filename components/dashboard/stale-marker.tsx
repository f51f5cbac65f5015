import { Clock } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { formatUtcClock } from "./format-market";

type StaleMarkerProps = {
  stale: boolean | undefined;
  asOf: number | undefined;
};

/** Shown only when an answer is a cached fallback: how old the figures on screen are. */
export function StaleMarker({ stale, asOf }: StaleMarkerProps) {
  if (!stale || asOf === undefined) return null;
  return (
    <Badge
      variant="warning"
      data-testid="stale-marker"
      title={`The data source did not answer just now; these are the last figures it gave, as of ${formatUtcClock(asOf)}.`}
      className="max-w-full"
    >
      <Clock className="size-3 shrink-0" aria-hidden="true" />
      <span className="truncate">stale · as of {formatUtcClock(asOf)}</span>
    </Badge>
  );
}
