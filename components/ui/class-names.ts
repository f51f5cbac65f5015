/** Joins class lists, skipping falsy parts so conditions can be written inline. */
export function cn(...parts: Array<string | false | null | undefined>): string {
  return parts.filter(Boolean).join(" ");
}
