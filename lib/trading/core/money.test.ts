import { describe, expect, it } from "vitest";
import {
  applyRatio,
  bps,
  ceilDiv,
  feeOn,
  floatToDecimalString,
  floorDiv,
  formatDecimal,
  fromNumber,
  notional,
  parseDecimal,
  percent,
  ratio,
  toNumber,
} from "./money";

describe("atomic-unit money", () => {
  it("parses and formats decimals without floating error", () => {
    expect(parseDecimal("0.1") + parseDecimal("0.2")).toBe(parseDecimal("0.3"));
    expect(parseDecimal("10000")).toBe(BigInt("1000000000000"));
    expect(parseDecimal("-1.5")).toBe(BigInt(-150_000_000));
    expect(parseDecimal(".5")).toBe(BigInt(50_000_000));
    expect(formatDecimal(BigInt(150_000_000))).toBe("1.5");
    expect(formatDecimal(BigInt(-1))).toBe("-0.00000001");
    expect(formatDecimal(BigInt(150_000_000), 8, { trim: false })).toBe("1.50000000");
    expect(formatDecimal(BigInt(42), 0)).toBe("42");
  });

  it("exceeds 2^53 without losing a unit", () => {
    const big = parseDecimal("123456789012.34567891");
    expect(formatDecimal(big + BigInt(1))).toBe("123456789012.34567892");
  });

  it("refuses extra digits unless told which way to round", () => {
    expect(() => parseDecimal("0.123456789")).toThrow(/more than 8 decimals/);
    expect(parseDecimal("0.123456789", 8, "down")).toBe(BigInt(12_345_678));
    expect(parseDecimal("0.123456781", 8, "up")).toBe(BigInt(12_345_679));
    expect(parseDecimal("-0.123456789", 8, "down")).toBe(BigInt(-12_345_679));
    expect(parseDecimal("-0.123456789", 8, "up")).toBe(BigInt(-12_345_678));
    expect(parseDecimal("1.2300000000")).toBe(BigInt(123_000_000));
    expect(() => parseDecimal("1e5")).toThrow(/Not a decimal/);
    expect(() => parseDecimal("abc")).toThrow();
  });

  it("uses a per-asset scale", () => {
    expect(parseDecimal("1.5", 2)).toBe(BigInt(150));
    expect(formatDecimal(BigInt(150), 2)).toBe("1.5");
    expect(parseDecimal("1", 18)).toBe(BigInt(10) ** BigInt(18));
  });

  it("reads exchange floats as the decimal they meant", () => {
    expect(floatToDecimalString(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(floatToDecimalString(1e-7)).toBe("0.0000001");
    expect(floatToDecimalString(1.5e-8)).toBe("0.000000015");
    expect(floatToDecimalString(1e21)).toBe("1000000000000000000000");
    expect(fromNumber(0.001)).toBe(BigInt(100_000));
    expect(fromNumber(1e-8)).toBe(BigInt(1));
    expect(fromNumber(0.1 + 0.2, 8, "down")).toBe(BigInt(30_000_000));
    expect(toNumber(BigInt(12_345))).toBe(0.00012345);
  });

  it("divides with an explicit direction for either sign", () => {
    expect(floorDiv(BigInt(7), BigInt(2))).toBe(BigInt(3));
    expect(floorDiv(BigInt(-7), BigInt(2))).toBe(BigInt(-4));
    expect(ceilDiv(BigInt(7), BigInt(2))).toBe(BigInt(4));
    expect(ceilDiv(BigInt(-7), BigInt(2))).toBe(BigInt(-3));
    expect(ceilDiv(BigInt(6), BigInt(2))).toBe(BigInt(3));
  });

  it("keeps rates exact", () => {
    expect(ratio(0.001)).toEqual({ num: BigInt(1), den: BigInt(1000) });
    expect(percent(12.5)).toEqual({ num: BigInt(125), den: BigInt(1000) });
    expect(bps(5)).toEqual({ num: BigInt(5), den: BigInt(10_000) });
    expect(() => ratio(-0.1)).toThrow();
  });

  it("rounds debits and fees up, credits down", () => {
    // 0.33333333 × 3.00000001 = 0.9999999933333333: 100,000,000 atomic units up, 99,999,999 down.
    const price = parseDecimal("3.00000001");
    const amount = parseDecimal("0.33333333");
    expect(notional(price, amount, "up")).toBe(BigInt(100_000_000));
    expect(notional(price, amount, "down")).toBe(BigInt(99_999_999));
    // A 0.1% fee on 0.00000001 is still one atomic unit: rounding never undercharges.
    expect(feeOn(BigInt(1), ratio(0.001))).toBe(BigInt(1));
    expect(feeOn(parseDecimal("9990.00998996"), ratio(0.001))).toBe(parseDecimal("9.99000999"));
    expect(applyRatio(parseDecimal("100"), { num: BigInt(10_005), den: BigInt(10_000) }, "up")).toBe(parseDecimal("100.05"));
  });

  it("scales notional by base, quote and price decimals", () => {
    const scales = { base: 2, quote: 6, price: 4 };
    // 12.3456 × 1.5 = 18.5184 quote
    expect(notional(BigInt(123_456), BigInt(150), "down", scales)).toBe(BigInt(18_518_400));
  });
});
