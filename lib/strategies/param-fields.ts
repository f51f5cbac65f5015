import { z } from "zod";

/**
 * Field builders for strategy parameters. Messages are written for traders and name the field,
 * because the form shows them inline and the API returns them under the field's dotted path.
 */
export function numberBetween(label: string, min: number, max: number, unit = "") {
  const range = `${label} must be between ${min}${unit} and ${max.toLocaleString("en-US")}${unit}.`;
  return z.number({ error: `${label} must be a number.` }).min(min, range).max(max, range);
}

export function wholeBetween(label: string, min: number, max: number) {
  return numberBetween(label, min, max).int(`${label} must be a whole number.`);
}

/** Indicator periods: whole numbers of candles. */
export function period(label: string, min: number, max: number) {
  return wholeBetween(label, min, max);
}
