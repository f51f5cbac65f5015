import { z } from "zod";

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** An ISO 8601 date-time that names its zone (Z or ±hh:mm); without one the instant is ambiguous. */
const WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
const MIN = Date.UTC(2009, 0, 1);
const MAX = Date.UTC(2100, 0, 1);

/** Date.parse rolls 2025-02-30 over to March; a calendar date must survive a round trip. */
function realCalendarDate(value: string): boolean {
  const [y, m, d] = value.slice(0, 10).split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * An instant as clients send it: ms since the epoch, an ISO 8601 date-time with Z or an offset, or
 * a date alone (UTC midnight). A date-time without a zone is refused rather than guessed. `example`
 * (ms) documents the field in the OpenAPI document.
 */
export function instantSchema(example: number) {
  return z
    .union([z.number().meta({ examples: [example] }), z.string()], { error: "must be an ISO 8601 date or date-time, or ms since the epoch" })
    .transform((value, ctx) => {
      let ms: number;
      if (typeof value === "number") ms = value;
      else if (DATE_ONLY.test(value)) ms = Date.parse(`${value}T00:00:00Z`);
      else if (WITH_ZONE.test(value)) ms = Date.parse(value);
      else {
        ctx.addIssue({ code: "custom", message: /T\d{2}:\d{2}/.test(value) ? "must name its time zone (Z or ±hh:mm)" : "must be an ISO 8601 date or date-time, or ms since the epoch" });
        return z.NEVER;
      }
      if (!Number.isInteger(ms) || (typeof value === "string" && !realCalendarDate(value)) || ms < MIN || ms > MAX) {
        ctx.addIssue({ code: "custom", message: "must be a valid date between 2009 and 2100" });
        return z.NEVER;
      }
      return ms;
    });
}
