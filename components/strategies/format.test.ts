import { describe, expect, it } from "vitest";
import { formatCount, formatFraction, formatPct, formatSignedPct, returnTone, typeLabelOf } from "./format";
import { describeFieldProblems, exportFileName } from "./strategy-api";

describe("number wording", () => {
  it("signs returns and leaves drawdowns and shares unsigned", () => {
    expect(formatSignedPct(12.345)).toBe("+12.35%");
    expect(formatSignedPct(-3.1)).toBe("−3.10%");
    expect(formatSignedPct(-0.001)).toBe("0.00%");
    expect(formatSignedPct(null)).toBe("—");
    expect(formatPct(-18.25)).toBe("18.3%");
    expect(formatFraction(0.55)).toBe("55.0%");
    expect(formatCount(1234)).toBe("1,234");
    expect(formatCount(undefined)).toBe("—");
  });

  it("colours returns by sign", () => {
    expect(returnTone(1)).toBe("text-success");
    expect(returnTone(-1)).toBe("text-danger");
    expect(returnTone(0)).toBe("text-muted-foreground");
    expect(returnTone(null)).toBe("text-muted-foreground");
  });

  it("names a type by its label, or its wire name when unknown", () => {
    expect(typeLabelOf([{ type: "rules", label: "Rules" }], "rules")).toBe("Rules");
    expect(typeLabelOf([], "grid")).toBe("grid");
  });
});

describe("export and import helpers", () => {
  it("names the export file after the strategy", () => {
    expect(exportFileName("BTC trend (copy)")).toBe("btc-trend-copy.strategy.json");
    expect(exportFileName("€€€")).toBe("strategy.strategy.json");
  });

  it("words an import's field problems in one line", () => {
    expect(describeFieldProblems({})).toBe("");
    expect(describeFieldProblems({ "symbols.0": ["XRP/EUR is not quoted in your stake currency USDT."], name: ["Enter a name."] })).toBe(
      "symbols.0: XRP/EUR is not quoted in your stake currency USDT. name: Enter a name.",
    );
    expect(describeFieldProblems({ a: ["1", "2"], b: ["3", "4"] }, 3)).toBe("a: 1 a: 2 b: 3 (and 1 more)");
  });
});
