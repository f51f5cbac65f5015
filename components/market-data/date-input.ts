/** "2024-01-31" from an <input type="date"> as UTC midnight, or null when empty or invalid. */
export function utcDayStart(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(ms) ? null : ms;
}

/** The UTC date of an instant, in <input type="date"> form. */
export function utcDateValue(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
