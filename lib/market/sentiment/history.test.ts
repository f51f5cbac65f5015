import { describe, expect, it } from "vitest";
import { createMemoryFearGreedHistory, toDailyPoints, utcDay, valueOnDay } from "./history";
import type { FearGreedReading } from "./types";

const reading = (iso: string, value: number, source: FearGreedReading["source"] = "alternative.me"): FearGreedReading => ({
  value,
  classification: value < 50 ? "Fear" : "Greed",
  as_of: Date.parse(iso),
  source,
});

describe("Fear & Greed daily history", () => {
  it("keeps one point per UTC day, the latest reading winning", () => {
    const points = toDailyPoints([
      reading("2025-11-27T00:00:00Z", 40),
      reading("2025-11-25T00:00:00Z", 20),
      reading("2025-11-27T18:00:00Z", 60, "computed"),
    ]);
    expect(points.map((p) => [p.day, p.value, p.source])).toEqual([
      ["2025-11-25", 20, "alternative.me"],
      ["2025-11-27", 60, "computed"],
    ]);
  });

  it("answers a date with the value valid then (the last one on or before it)", async () => {
    const points = toDailyPoints([reading("2025-11-25T00:00:00Z", 20), reading("2025-11-27T00:00:00Z", 40)]);
    expect(valueOnDay(points, "2025-11-24")).toBeNull();
    expect(valueOnDay(points, "2025-11-25")?.value).toBe(20);
    expect(valueOnDay(points, "2025-11-26")?.value).toBe(20);
    expect(valueOnDay(points, "2025-12-31")?.value).toBe(40);

    const store = createMemoryFearGreedHistory();
    await store.save(points);
    expect((await store.onOrBefore(utcDay(Date.parse("2025-11-26T12:00:00Z"))))?.value).toBe(20);
    expect(await store.onOrBefore("2025-01-01")).toBeNull();
  });
});
