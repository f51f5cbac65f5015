import { describe, expect, it } from "vitest";
import {
  describeBacktestSource,
  exitReasonShort,
  formatDuration,
  formatFraction,
  formatRange,
  formatSignedMoney,
  formatSignedPct,
  quoteCurrency,
  rejectionLabel,
} from "./format";

describe("format", () => {
  it("signs percentages and never writes −0.00%", () => {
    expect(formatSignedPct(1234.5)).toBe("+1,234.50%");
    expect(formatSignedPct(-0.001)).toBe("0.00%");
    expect(formatSignedPct(null)).toBe("—");
    expect(formatSignedPct(Number.POSITIVE_INFINITY)).toBe("—");
  });

  it("writes fractions as percentages", () => {
    expect(formatFraction(0.5)).toBe("50.0%");
    expect(formatFraction(null)).toBe("—");
  });

  it("signs money", () => {
    expect(formatSignedMoney(12.5, "USDT")).toBe("+12.50 USDT");
    expect(formatSignedMoney(-12.5)).toBe("−12.50");
    expect(formatSignedMoney(0)).toBe("0.00");
  });

  it("writes durations with their two largest units", () => {
    expect(formatDuration(30_000)).toBe("30s");
    expect(formatDuration(45 * 60_000)).toBe("45m");
    expect(formatDuration(5 * 3_600_000 + 12 * 60_000)).toBe("5h 12m");
    expect(formatDuration(2 * 86_400_000)).toBe("2d");
    expect(formatDuration(null)).toBe("—");
  });

  it("writes ranges as dates, with times when needed", () => {
    expect(formatRange(Date.UTC(2025, 0, 1), Date.UTC(2025, 2, 31))).toBe("2025-01-01 → 2025-03-31");
    expect(formatRange(Date.UTC(2025, 0, 1, 6), Date.UTC(2025, 0, 2))).toBe("2025-01-01 06:00 → 2025-01-02 00:00");
  });

  it("describes sources", () => {
    expect(describeBacktestSource("simulated:v1:7")).toBe("Simulated market (seed 7)");
    expect(describeBacktestSource("exchange:binance")).toBe("Binance");
    expect(describeBacktestSource("import:btc-2024")).toBe("Import btc-2024");
    expect(describeBacktestSource("market")).toBe("Market data");
    expect(describeBacktestSource(null)).toBe("Market data");
  });

  it("finds the shared quote currency", () => {
    expect(quoteCurrency(["BTC/USDT", "ETH/USDT"])).toBe("USDT");
    expect(quoteCurrency(["BTC/USDT", "ETH/BTC"])).toBeNull();
    expect(quoteCurrency([])).toBeNull();
  });

  it("names exit and rejection reasons", () => {
    expect(exitReasonShort("trailing_stop")).toBe("TSL");
    expect(exitReasonShort("something_new")).toBe("SOM");
    expect(rejectionLabel("insufficient_cash")).toBe("Not enough free cash");
    expect(rejectionLabel("new_reason")).toBe("New reason");
  });
});
