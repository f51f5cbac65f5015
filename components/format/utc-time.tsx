import { formatUtcTime } from "./format-time";

/** A <time> whose machine-readable value is exact even though the text stops at minutes. */
export function UtcTime({ epochMs }: { epochMs: number }) {
  const valid = Number.isFinite(epochMs) && !Number.isNaN(new Date(epochMs).getTime());
  if (!valid) return <span>—</span>;
  return <time dateTime={new Date(epochMs).toISOString()}>{formatUtcTime(epochMs)}</time>;
}
