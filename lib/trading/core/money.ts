/**
 * Money as integers (trading-semantics.md §3.11). Every balance, price and fee is a BigInt count of
 * atomic units: 10^-scale of the asset, 8 decimals unless an asset says otherwise. Floats make
 * "balance = Σ ledger" untestable and stop being exact integers above 2^53 (about 90 million USDT at
 * 10^-8), so floats are converted once, at the boundary, and never used for arithmetic here.
 *
 * Rounding always has an explicit direction. Fees and debits round up, credits round down: rounding
 * never creates money for the account.
 */

export const DEFAULT_SCALE = 8;

/** "down" is toward −∞ (floor), "up" toward +∞ (ceiling). Where a rounding is optional, leaving it out means "exact or throw". */
export type Rounding = "down" | "up";

/** A non-negative exact fraction, for rates (fee_rate 0.001 = 1/1000) and percentages. */
export interface Ratio {
  num: bigint;
  den: bigint;
}

/** Decimal places per role within one market: amounts in base units, totals in quote units, prices in quote per whole base. */
export interface MarketScales {
  base: number;
  quote: number;
  price: number;
}

export const DEFAULT_SCALES: MarketScales = { base: DEFAULT_SCALE, quote: DEFAULT_SCALE, price: DEFAULT_SCALE };

const TEN = BigInt(10);
const ZERO = BigInt(0);
const ONE = BigInt(1);

export function pow10(n: number): bigint {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`A scale must be a whole number ≥ 0, got ${n}`);
  return TEN ** BigInt(n);
}

/** Floor division for any sign of the dividend; the divisor must be positive. */
export function floorDiv(a: bigint, b: bigint): bigint {
  if (b <= ZERO) throw new RangeError("The divisor must be positive");
  const q = a / b;
  return a % b !== ZERO && a < ZERO ? q - ONE : q;
}

/** Ceiling division for any sign of the dividend; the divisor must be positive. */
export function ceilDiv(a: bigint, b: bigint): bigint {
  if (b <= ZERO) throw new RangeError("The divisor must be positive");
  const q = a / b;
  return a % b !== ZERO && a > ZERO ? q + ONE : q;
}

export function divRound(a: bigint, b: bigint, rounding: Rounding): bigint {
  return rounding === "down" ? floorDiv(a, b) : ceilDiv(a, b);
}

/** a × num / den, rounded in the given direction. */
export function mulDiv(a: bigint, num: bigint, den: bigint, rounding: Rounding): bigint {
  return divRound(a * num, den, rounding);
}

export function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

export function maxBig(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

export function absBig(a: bigint): bigint {
  return a < ZERO ? -a : a;
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d*))?$|^([+-])?\.(\d+)$/;

/** Splits a plain decimal string into sign, integer digits and fraction digits, or throws. */
function splitDecimal(text: string): { negative: boolean; int: string; frac: string } {
  const m = DECIMAL.exec(text.trim());
  if (!m) throw new RangeError(`Not a decimal number: "${text}"`);
  if (m[2] !== undefined) return { negative: m[1] === "-", int: m[2], frac: m[3] ?? "" };
  return { negative: m[4] === "-", int: "0", frac: m[5] };
}

/**
 * A decimal string as atomic units at `scale`. Digits beyond the scale are rounded in the given
 * direction, or, without one, rejected: a silent truncation of a user's input is a bug.
 */
export function parseDecimal(text: string, scale = DEFAULT_SCALE, rounding?: Rounding): bigint {
  const { negative, int, frac } = splitDecimal(text);
  const kept = frac.slice(0, scale).padEnd(scale, "0");
  const dropped = frac.slice(scale);
  let units = BigInt(int + kept);
  if (/[1-9]/.test(dropped)) {
    if (rounding === undefined) throw new RangeError(`"${text}" has more than ${scale} decimals`);
    // Rounding is toward ±∞ on the signed value, so a negative number rounds its magnitude the other way.
    const awayFromZero = negative ? rounding === "down" : rounding === "up";
    if (awayFromZero) units += ONE;
  }
  return negative ? -units : units;
}

/** Atomic units as a decimal string; `trim` drops trailing zeros ("1.5" rather than "1.50000000"). */
export function formatDecimal(units: bigint, scale = DEFAULT_SCALE, { trim = true } = {}): string {
  const negative = units < ZERO;
  const digits = absBig(units).toString().padStart(scale + 1, "0");
  const int = digits.slice(0, digits.length - scale);
  let frac = scale > 0 ? digits.slice(digits.length - scale) : "";
  if (trim) frac = frac.replace(/0+$/, "");
  return `${negative ? "-" : ""}${int}${frac ? `.${frac}` : ""}`;
}

/**
 * The shortest decimal that round-trips to the float, in plain notation. Exchanges send 0.001 as a
 * double that is not 0.001; its shortest repr is the decimal the exchange meant.
 */
export function floatToDecimalString(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`Not a finite number: ${x}`);
  const s = String(x);
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, int, frac = "", expText] = m;
  const exp = Number(expText);
  const digits = int + frac;
  const point = int.length + exp;
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${"0".repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** A float from an exchange or a JSON body as atomic units; only at the boundary. */
export function fromNumber(x: number, scale = DEFAULT_SCALE, rounding?: Rounding): bigint {
  return parseDecimal(floatToDecimalString(x), scale, rounding);
}

/** Atomic units as a float, for display and for metrics that are floats anyway. */
export function toNumber(units: bigint, scale = DEFAULT_SCALE): number {
  return Number(formatDecimal(units, scale));
}

/** A decimal (number or string) as an exact ratio: 0.001 → 1/1000, "12.5" → 125/10. */
export function ratio(value: number | string): Ratio {
  const text = typeof value === "number" ? floatToDecimalString(value) : value;
  const { negative, int, frac } = splitDecimal(text);
  if (negative && /[1-9]/.test(int + frac)) throw new RangeError(`A rate cannot be negative: ${text}`);
  return { num: BigInt(int + frac), den: pow10(frac.length) };
}

export const ZERO_RATIO: Ratio = { num: ZERO, den: ONE };

/** Percent points as a ratio: 1 (%) → 1/100. */
export function percent(value: number | string): Ratio {
  const r = ratio(value);
  return { num: r.num, den: r.den * BigInt(100) };
}

/** Basis points as a ratio: 5 bps → 5/10,000. */
export function bps(value: number | string): Ratio {
  const r = ratio(value);
  return { num: r.num, den: r.den * BigInt(10_000) };
}

export function applyRatio(units: bigint, r: Ratio, rounding: Rounding): bigint {
  return mulDiv(units, r.num, r.den, rounding);
}

/** 1 + r as a ratio, e.g. the price multiplier of slippage against a buyer. */
export function onePlus(r: Ratio): Ratio {
  return { num: r.den + r.num, den: r.den };
}

/** 1 − r as a ratio; r must not exceed 1. */
export function oneMinus(r: Ratio): Ratio {
  if (r.num > r.den) throw new RangeError("A rate above 100% cannot be subtracted from 1");
  return { num: r.den - r.num, den: r.den };
}

/**
 * price × amount in quote atomic units. A price is quote per whole base at `scales.price`, an amount
 * is base atomic units, so the product carries price + base decimals and is rescaled to the quote's.
 * Debits (what a buyer pays) round up; credits (what a seller receives) round down.
 */
export function notional(price: bigint, amount: bigint, rounding: Rounding, scales: MarketScales = DEFAULT_SCALES): bigint {
  return divRound(price * amount, pow10(scales.price + scales.base - scales.quote), rounding);
}

/** A fee on a notional: always rounded up, so the account never pays less than the rate. */
export function feeOn(notionalUnits: bigint, feeRate: Ratio): bigint {
  return applyRatio(notionalUnits, feeRate, "up");
}

/** Quote atomic units per one base atomic unit, as the ratio price / 10^(price + base − quote). */
export function priceUnitRatio(price: bigint, scales: MarketScales = DEFAULT_SCALES): Ratio {
  return { num: price, den: pow10(scales.price + scales.base - scales.quote) };
}
