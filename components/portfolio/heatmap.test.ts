import { describe, expect, it } from "vitest";
import { heatLevel, heatmapRows } from "./heatmap";

describe("heatmapRows", () => {
  it("puts each month under its year and column, oldest year first", () => {
    const rows = heatmapRows([
      { month: "2026-11", return_pct: 2 },
      { month: "2025-12", return_pct: -4 },
      { month: "2026-01", return_pct: 1 },
    ]);
    expect(rows.map((r) => r.year)).toEqual([2025, 2026]);
    expect(rows[0].cells).toHaveLength(12);
    expect(rows[0].cells[11]).toEqual({ month: 11, value: -4, tone: "down", level: 4 });
    expect(rows[0].cells[0]).toEqual({ month: 0, value: null, tone: "none", level: 0 });
    expect(rows[1].cells[0].value).toBe(1);
    expect(rows[1].cells[10].value).toBe(2);
  });

  it("compounds the year's total from the months it has", () => {
    const [row] = heatmapRows([
      { month: "2026-01", return_pct: 10 },
      { month: "2026-02", return_pct: -10 },
    ]);
    expect(row.total).toBeCloseTo(-1);
  });

  it("skips malformed months", () => {
    expect(heatmapRows([{ month: "2026-13", return_pct: 1 }, { month: "nope", return_pct: 1 }])).toEqual([]);
  });
});

describe("heatLevel", () => {
  it("scales colour strength against the largest return", () => {
    expect(heatLevel(null, 10)).toBe(0);
    expect(heatLevel(0, 10)).toBe(0);
    expect(heatLevel(1, 10)).toBe(1);
    expect(heatLevel(-3, 10)).toBe(2);
    expect(heatLevel(6, 10)).toBe(3);
    expect(heatLevel(10, 10)).toBe(4);
  });
});
