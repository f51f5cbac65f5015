function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/**
 * "2026-11-27 14:03 UTC". Built from UTC getters rather than Intl so server and
 * browser render identical text whatever their locale or time zone.
 */
export function formatUtcTime(epochMs: number): string {
  const date = new Date(epochMs);
  if (!Number.isFinite(epochMs) || Number.isNaN(date.getTime())) return "—";
  return (
    `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())} ` +
    `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())} UTC`
  );
}
