import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

export const PASSWORD_RULES = [
  { id: "minLength", message: "Use at least 8 characters." },
  { id: "maxLength", message: "Use at most 128 characters." },
  { id: "upper", message: "Add an upper-case letter." },
  { id: "lower", message: "Add a lower-case letter." },
  { id: "digit", message: "Add a digit." },
  {
    id: "special",
    message: "Add a special character (anything other than a letter or digit).",
  },
  { id: "common", message: "This password is too common. Choose another." },
] as const;

export type PasswordRuleId = (typeof PASSWORD_RULES)[number]["id"];

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

const MESSAGE = Object.fromEntries(
  PASSWORD_RULES.map((r) => [r.id, r.message]),
) as Record<PasswordRuleId, string>;

let commonPasswords: Set<string> | undefined;

// Loaded on first use rather than at import so that modules which merely
// reference the schema (e.g. client bundles, route files) don't pay for or
// depend on the file read.
function getCommonPasswords(): Set<string> {
  if (!commonPasswords) {
    const file = path.join(process.cwd(), "lib/auth/common-passwords.txt");
    const text = fs.readFileSync(file, "utf8");
    commonPasswords = new Set(
      text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line.length > 0),
    );
  }
  return commonPasswords;
}

export function isCommonPassword(pw: string): boolean {
  return getCommonPasswords().has(pw.toLowerCase());
}

/** Every failing rule's message, in PASSWORD_RULES order; empty means acceptable. */
export function passwordProblems(pw: string): string[] {
  // Code points, not UTF-16 units, so an emoji counts as one character the
  // way the user perceives it (closer to what they typed than .length).
  const length = [...pw].length;
  const failed = new Set<PasswordRuleId>();

  if (length < PASSWORD_MIN_LENGTH) failed.add("minLength");
  if (length > PASSWORD_MAX_LENGTH) failed.add("maxLength");
  if (!/\p{Lu}/u.test(pw)) failed.add("upper");
  if (!/\p{Ll}/u.test(pw)) failed.add("lower");
  if (!/\p{Nd}/u.test(pw)) failed.add("digit");
  if (!/[^\p{L}\p{Nd}]/u.test(pw)) failed.add("special");
  // Only meaningful within the length limits; outside them the user already
  // has a message to act on, and a lookup would just add noise.
  if (!failed.has("minLength") && !failed.has("maxLength") && isCommonPassword(pw)) {
    failed.add("common");
  }

  return PASSWORD_RULES.filter((r) => failed.has(r.id)).map((r) => MESSAGE[r.id]);
}

/** Shared by API routes, server actions and forms so all enforce one policy. */
export const passwordSchema = z.string().superRefine((pw, ctx) => {
  for (const message of passwordProblems(pw)) {
    ctx.addIssue({ code: "custom", message });
  }
});
