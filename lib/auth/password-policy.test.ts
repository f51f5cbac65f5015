import fs from "node:fs";
import path from "node:path";
import { describe, it, expect } from "vitest";
import { PASSWORD_RULES, passwordProblems, passwordSchema, isCommonPassword } from "./password-policy";

const msg = (id: (typeof PASSWORD_RULES)[number]["id"]) => PASSWORD_RULES.find((r) => r.id === id)!.message;

const STRONG = "Tr4ding-Bot!Sunrise";

describe("PASSWORD_RULES", () => {
  it("has the fixed messages in order", () => {
    expect(PASSWORD_RULES.map((r) => r.message)).toEqual([
      "Use at least 8 characters.",
      "Use at most 128 characters.",
      "Add an upper-case letter.",
      "Add a lower-case letter.",
      "Add a digit.",
      "Add a special character (anything other than a letter or digit).",
      "This password is too common. Choose another.",
    ]);
  });
});

describe("passwordProblems", () => {
  it("accepts a strong password", () => {
    expect(passwordProblems(STRONG)).toEqual([]);
  });

  it.each([
    ["minLength", "Ab1!xyz"],
    ["maxLength", "Ab1!" + "x".repeat(125)],
    ["upper", "tr4ding-bot!sunrise"],
    ["lower", "TR4DING-BOT!SUNRISE"],
    ["digit", "Trading-Bot!Sunrise"],
    ["special", "Tr4dingBotSunrise"],
  ] as const)("reports only %s when that rule alone fails", (id, pw) => {
    expect(passwordProblems(pw)).toEqual([msg(id)]);
  });

  it("accepts exactly 8 and 128 code points", () => {
    expect(passwordProblems("Ab1!wxyz")).toEqual([]);
    expect(passwordProblems("Ab1!" + "x".repeat(124))).toEqual([]);
  });

  it("rejects a password from the common list, case-insensitively", () => {
    const list = fs
      .readFileSync(path.join(process.cwd(), "lib/auth/common-passwords.txt"), "utf8")
      .split("\n");
    expect(list).toHaveLength(10_001); // trailing newline
    expect(list).toContain("p@ssw0rd");
    expect(isCommonPassword("P@SSW0RD")).toBe(true);
    expect(passwordProblems("P@ssw0rd")).toEqual([msg("common")]);
  });

  it("lists every failing rule at once, in order", () => {
    expect(passwordProblems("abc")).toEqual([msg("minLength"), msg("upper"), msg("digit"), msg("special")]);
    expect(passwordProblems("")).toEqual([
      msg("minLength"),
      msg("upper"),
      msg("lower"),
      msg("digit"),
      msg("special"),
    ]);
    expect(passwordProblems("x".repeat(200))).toEqual([msg("maxLength"), msg("upper"), msg("digit"), msg("special")]);
  });

  it("counts code points, not UTF-16 units", () => {
    const eight = "Aa1!😀😀😀😀";
    expect([...eight].length).toBe(8);
    expect(eight.length).toBe(12);
    expect(passwordProblems(eight)).toEqual([]);

    const seven = "Aa1😀😀😀😀";
    expect([...seven].length).toBe(7);
    expect(seven.length).toBeGreaterThanOrEqual(8);
    expect(passwordProblems(seven)).toEqual([msg("minLength")]);

    const tooLong = "Aa1!" + "😀".repeat(125);
    expect(tooLong.length).toBeGreaterThan(128);
    expect(passwordProblems(tooLong)).toEqual([msg("maxLength")]);
    expect(passwordProblems("Aa1!" + "😀".repeat(124))).toEqual([]);
  });

  it("counts non-ASCII letters and digits", () => {
    expect(passwordProblems("Ää1!ÉéÖö")).toEqual([]);
    expect(passwordProblems("ää1!ééöö")).toEqual([msg("upper")]);
    expect(passwordProblems("ÄÄ1!ÉÉÖÖ")).toEqual([msg("lower")]);
    // Arabic-Indic digit three is \p{Nd}.
    expect(passwordProblems("Ääx!Éé٣ö")).toEqual([]);
  });

  it("treats spaces and symbols as special, letters and digits not", () => {
    expect(passwordProblems("Trading Bot 4ever")).toEqual([]);
    expect(passwordProblems("TradingBot4ever")).toEqual([msg("special")]);
    expect(passwordProblems("Ää1éÉöÖü")).toEqual([msg("special")]);
  });
});

describe("passwordSchema", () => {
  it("passes a strong password through", () => {
    expect(passwordSchema.parse(STRONG)).toBe(STRONG);
  });

  it("yields one issue per failing rule", () => {
    const result = passwordSchema.safeParse("abc");
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message)).toEqual(passwordProblems("abc"));
    expect(result.error!.issues).toHaveLength(4);
  });

  it("yields a single issue for a common password", () => {
    const result = passwordSchema.safeParse("P@ssw0rd");
    expect(result.error!.issues.map((i) => i.message)).toEqual([msg("common")]);
  });

  it("rejects non-strings", () => {
    expect(passwordSchema.safeParse(12345678).success).toBe(false);
  });
});
