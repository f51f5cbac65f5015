import { afterAll, describe, expect, it } from "vitest";
import { closeTempDatabases, tempDatabase } from "../candle-store/test-support";
import { createDbFearGreedHistory } from "./db-history";

afterAll(closeTempDatabases);

const point = (day: string, value: number, source: "alternative.me" | "computed", asOf = Date.parse(`${day}T00:00:00Z`)) => ({
  day,
  value,
  classification: "Neutral" as const,
  as_of: asOf,
  source,
});

describe("createDbFearGreedHistory", () => {
  it("answers the value valid on a date: that day's (published before computed), else the latest earlier day", async () => {
    const h = createDbFearGreedHistory(tempDatabase());
    await h.save([point("2026-11-01", 20, "alternative.me"), point("2026-11-01", 70, "computed"), point("2026-11-03", 55, "computed")]);
    expect(await h.onOrBefore("2026-10-31")).toBeNull();
    expect(await h.onOrBefore("2026-11-01")).toMatchObject({ day: "2026-11-01", value: 20, classification: "Extreme Fear", source: "alternative.me" });
    expect(await h.onOrBefore("2026-11-02")).toMatchObject({ day: "2026-11-01", value: 20 });
    expect(await h.onOrBefore("2026-12-01")).toMatchObject({ day: "2026-11-03", value: 55, classification: "Greed", source: "computed" });
    expect(h.count()).toBe(3);
  });

  it("keeps the latest reading of a day even when an older one arrives after it", async () => {
    const h = createDbFearGreedHistory(tempDatabase());
    const day = "2026-11-05";
    await h.save([point(day, 40, "alternative.me", Date.parse(`${day}T12:00:00Z`))]);
    await h.save([point(day, 10, "alternative.me", Date.parse(`${day}T01:00:00Z`))]);
    expect((await h.onOrBefore(day))?.value).toBe(40);
  });
});
