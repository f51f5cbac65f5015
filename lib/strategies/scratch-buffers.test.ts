import { describe, expect, it } from "vitest";
import { withScratch } from "./scratch-buffers";

describe("scratch buffers", () => {
  it("reuses buffers between calls but never hands one out twice at the same time", () => {
    let first: Float64Array[] = [];
    withScratch(1000, 2, (a, b) => {
      expect(a).not.toBe(b);
      first = [a, b];
      withScratch(1000, 2, (c, d) => {
        for (const x of [c, d]) expect(first).not.toContain(x);
      });
    });
    withScratch(1000, 2, (a, b) => {
      expect(first).toContain(a);
      expect(first).toContain(b);
    });
  });

  it("gives back buffers even when the computation throws, and keeps only the latest length", () => {
    let held: Float64Array | null = null;
    expect(() =>
      withScratch(500, 1, (a) => {
        held = a;
        throw new Error("boom");
      }),
    ).toThrow("boom");
    withScratch(500, 1, (a) => expect(a).toBe(held));
    withScratch(700, 1, () => undefined);
    withScratch(500, 1, (a) => expect(a).not.toBe(held));
  });
});
