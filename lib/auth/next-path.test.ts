import { describe, expect, it } from "vitest";
import { safeNextPath } from "./next-path";

describe("safeNextPath", () => {
  it("keeps same-origin paths, query and fragment included", () => {
    expect(safeNextPath("/x")).toBe("/x");
    expect(safeNextPath("/trading?symbol=BTC-USDT#chart")).toBe("/trading?symbol=BTC-USDT#chart");
    expect(safeNextPath("/")).toBe("/");
  });

  it.each([
    ["protocol-relative", "//evil"],
    ["protocol-relative with a host", "//evil.example/dashboard"],
    ["backslash (browsers read it as //)", "/\\evil"],
    ["absolute URL", "https://evil"],
    ["scheme without slashes", "javascript:alert(1)"],
    ["relative path", "dashboard"],
    ["empty", ""],
    ["null", null],
    ["undefined", undefined],
    ["newline", "/x\nLocation: https://evil"],
    ["tab inside //", "/\t/evil"],
    ["carriage return", "/x\r"],
    ["NUL", "/x\u0000"],
  ])("%s → /dashboard", (_label, value) => {
    expect(safeNextPath(value)).toBe("/dashboard");
  });

  it("uses the fallback given", () => {
    expect(safeNextPath("//evil", "/settings")).toBe("/settings");
    expect(safeNextPath("/ok", "/settings")).toBe("/ok");
  });
});
