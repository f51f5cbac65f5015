/** Number wording shared by the strategy list, detail and backtest widgets. */

/** "+12.34%", "−3.1%", "0.00%"; "—" when there is no number. */
export function formatSignedPct(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return `${(0).toFixed(digits)}%`;
  return `${value > 0 ? "+" : "−"}${text}%`;
}

/** "12.3%" without a sign (drawdowns, win rates). Drawdowns may arrive signed; the magnitude is what is shown. */
export function formatPct(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return `${Math.abs(value).toFixed(digits)}%`;
}

export function formatRatio(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return value.toFixed(digits);
}

export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return value.toLocaleString("en-US");
}

/** The colour class of a return: green above zero, red below. */
export function returnTone(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value) || value === 0) return "text-muted-foreground";
  return value > 0 ? "text-success" : "text-danger";
}

/** A type's label, or its wire name when the type is unknown to this build. */
export function typeLabelOf(types: readonly { type: string; label: string }[], type: string): string {
  return types.find((t) => t.type === type)?.label ?? type;
}

/** A share between 0 and 1 (win rate) as "55.0%". */
export function formatFraction(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return `${(value * 100).toFixed(digits)}%`;
}
