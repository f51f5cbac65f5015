import { describe, expect, it } from "vitest";
import { createSourceHealth } from "./health";

describe("createSourceHealth", () => {
  it("is stale before the first answer, after a failure, and once the last answer is too old", () => {
    let t = 1_000;
    const h = createSourceHealth({ alwaysFresh: false, staleAfterMs: 100, now: () => t });
    expect(h.isStale()).toBe(true);
    h.ok(5_000);
    expect(h.isStale()).toBe(false);
    expect(h.serverNow()).toBe(5_000);
    t = 1_050;
    h.fail(new Error("ECONNREFUSED"));
    expect(h.isStale()).toBe(true);
    expect(h.lastError()).toBe("ECONNREFUSED");
    t = 1_060;
    h.ok();
    expect(h.isStale()).toBe(false);
    expect(h.serverNow()).toBe(1_060 + 4_000);
    t = 1_161;
    expect(h.isStale()).toBe(true);
  });

  it("the simulated market is never stale", () => {
    const h = createSourceHealth({ alwaysFresh: true, staleAfterMs: 1 });
    h.fail(new Error("x"));
    expect(h.isStale()).toBe(false);
  });
});
