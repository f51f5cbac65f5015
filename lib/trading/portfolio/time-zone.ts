/**
 * Local days in an IANA time zone with nothing but Intl.DateTimeFormat (§3.9). Offsets are not
 * whole hours everywhere (Asia/Kolkata +5:30, Asia/Kathmandu +5:45) and change with DST, so the start
 * of a local day is found from the zone's own calendar rather than by adding an offset.
 */

const HOUR_MS = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    // Throws a RangeError for a zone the runtime does not know: a wrong zone must not fall back to UTC silently.
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(zone, f);
  }
  return f;
}

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock date and time of an instant in a zone (milliseconds dropped). */
export function localDateTime(instant: number, zone: string): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(instant))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** The local date as YYYY-MM-DD. */
export function localDateKey(instant: number, zone: string): string {
  const { year, month, day } = localDateTime(instant, zone);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The zone's offset from UTC at an instant, in minutes (+330 for Asia/Kolkata). */
export function zoneOffsetMinutes(instant: number, zone: string): number {
  const t = localDateTime(instant, zone);
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return Math.round((wall - Math.floor(instant / 1000) * 1000) / 60_000);
}

/**
 * The first instant of the local day that contains `instant`. Usually local midnight; where a DST
 * change skips midnight (some zones move the clock at 00:00) it is the first instant the day exists.
 * Found by bisection between the bounds every real offset (−12:00 to +14:00) allows, so it does not
 * depend on guessing the offset before and after a transition.
 */
export function startOfLocalDay(instant: number, zone: string): number {
  const key = localDateKey(instant, zone);
  const t = localDateTime(instant, zone);
  const wallMidnight = Date.UTC(t.year, t.month - 1, t.day);
  // Local midnight is wallMidnight − offset, and offsets lie within [−12 h, +14 h].
  let lo = wallMidnight - 15 * HOUR_MS; // on the previous local day
  let hi = Math.min(instant, wallMidnight + 13 * HOUR_MS); // on this local day
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (localDateKey(mid, zone) < key) lo = mid;
    else hi = mid;
  }
  return hi;
}
