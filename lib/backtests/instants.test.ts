import { describe, expect, it } from "vitest";
import { instantSchema as instant } from "./instants";

const instantSchema = instant(0);

describe("instantSchema", () => {
  it("reads a date alone as UTC midnight, a zoned date-time exactly, and ms as given", () => {
    expect(instantSchema.parse("2025-03-01")).toBe(Date.UTC(2025, 2, 1));
    expect(instantSchema.parse("2025-03-01T12:30:00Z")).toBe(Date.UTC(2025, 2, 1, 12, 30));
    expect(instantSchema.parse("2025-03-01T12:30:00+02:00")).toBe(Date.UTC(2025, 2, 1, 10, 30));
    expect(instantSchema.parse(1_740_787_200_000)).toBe(1_740_787_200_000);
  });

  it("refuses a date-time without a zone, nonsense and out-of-range values", () => {
    const message = (v: unknown) => instantSchema.safeParse(v).error?.issues[0]?.message;
    expect(message("2025-03-01T12:30:00")).toMatch(/time zone/);
    expect(message("yesterday")).toMatch(/ISO 8601/);
    expect(message("2025-02-30")).toMatch(/valid date/);
    expect(message(1.5)).toMatch(/valid date/);
    expect(message(true)).toMatch(/ISO 8601/);
  });
});
