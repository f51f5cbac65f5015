import { describe, expect, it } from "vitest";
import { checkHealth } from "./health";

describe("checkHealth", () => {
  it("is ok when the database answers", async () => {
    expect(await checkHealth(() => {})).toMatchObject({ status: "ok", db: "ok" });
  });

  it("reports the database as failing when the query throws", async () => {
    const health = await checkHealth(() => {
      throw new Error("SQLITE_CANTOPEN");
    });
    expect(health).toMatchObject({ status: "error", db: "error" });
    expect(health.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
