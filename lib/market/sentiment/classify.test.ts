import { describe, expect, it } from "vitest";
import { classifyFearGreed } from "./classify";

describe("classifyFearGreed", () => {
  it.each([
    [0, "Extreme Fear"],
    [24, "Extreme Fear"],
    [25, "Fear"],
    [49, "Fear"],
    [50, "Neutral"],
    [51, "Greed"],
    [75, "Greed"],
    [76, "Extreme Greed"],
    [100, "Extreme Greed"],
  ] as const)("%i is %s", (value, label) => {
    expect(classifyFearGreed(value)).toBe(label);
  });

  it.each([-1, 101, 50.5, Number.NaN, Infinity])("rejects %s", (value) => {
    expect(() => classifyFearGreed(value)).toThrow(RangeError);
  });
});
