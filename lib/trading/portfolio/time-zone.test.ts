import { describe, expect, it } from "vitest";
import { localDateKey, localDateTime, startOfLocalDay, zoneOffsetMinutes } from "./time-zone";

const at = (iso: string) => Date.parse(iso);

describe("startOfLocalDay", () => {
  it("is 00:00 UTC in UTC", () => {
    expect(startOfLocalDay(at("2026-03-08T15:00:00Z"), "UTC")).toBe(at("2026-03-08T00:00:00Z"));
    expect(startOfLocalDay(at("2026-03-08T00:00:00Z"), "UTC")).toBe(at("2026-03-08T00:00:00Z"));
    expect(startOfLocalDay(at("2026-03-07T23:59:59.999Z"), "UTC")).toBe(at("2026-03-07T00:00:00Z"));
  });

  it("follows New York across the spring-forward change", () => {
    // 2026-03-08: clocks go from 02:00 EST to 03:00 EDT; the day began at 00:00 EST = 05:00 UTC.
    expect(startOfLocalDay(at("2026-03-08T15:00:00Z"), "America/New_York")).toBe(at("2026-03-08T05:00:00Z"));
    // The next day begins at 00:00 EDT = 04:00 UTC.
    expect(startOfLocalDay(at("2026-03-09T15:00:00Z"), "America/New_York")).toBe(at("2026-03-09T04:00:00Z"));
    // 03:30 UTC on the 9th is still the 8th in New York (23:30 EDT).
    expect(startOfLocalDay(at("2026-03-09T03:30:00Z"), "America/New_York")).toBe(at("2026-03-08T05:00:00Z"));
  });

  it("follows New York across the fall-back change", () => {
    expect(startOfLocalDay(at("2026-11-01T20:00:00Z"), "America/New_York")).toBe(at("2026-11-01T04:00:00Z"));
    expect(startOfLocalDay(at("2026-11-02T20:00:00Z"), "America/New_York")).toBe(at("2026-11-02T05:00:00Z"));
  });

  it("handles half-hour and 45-minute offsets", () => {
    expect(startOfLocalDay(at("2026-11-28T04:00:00Z"), "Asia/Kolkata")).toBe(at("2026-11-27T18:30:00Z"));
    expect(startOfLocalDay(at("2026-11-27T18:29:59Z"), "Asia/Kolkata")).toBe(at("2026-11-26T18:30:00Z"));
    expect(startOfLocalDay(at("2026-11-28T04:00:00Z"), "Asia/Kathmandu")).toBe(at("2026-11-27T18:15:00Z"));
    expect(startOfLocalDay(at("2026-11-27T18:15:00Z"), "Asia/Kathmandu")).toBe(at("2026-11-27T18:15:00Z"));
    expect(zoneOffsetMinutes(at("2026-11-28T04:00:00Z"), "Asia/Kathmandu")).toBe(345);
  });

  it("starts a day whose midnight DST skips at the first instant it exists", () => {
    // Santiago moves 2026-09-06 00:00 −04 to 01:00 −03: the 6th begins at 01:00 local = 04:00 UTC.
    const t0 = startOfLocalDay(at("2026-09-06T15:00:00Z"), "America/Santiago");
    expect(t0).toBe(at("2026-09-06T04:00:00Z"));
    expect(localDateTime(t0, "America/Santiago")).toMatchObject({ day: 6, hour: 1, minute: 0 });
    // And back on 2026-04-05: 24:00 −03 becomes 23:00 −04, so the 5th begins at 00:00 −04 = 04:00 UTC.
    expect(startOfLocalDay(at("2026-04-05T15:00:00Z"), "America/Santiago")).toBe(at("2026-04-05T04:00:00Z"));
  });

  it("returns the first instant of the instant's local day in many zones", () => {
    const zones = ["UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Pacific/Kiritimati", "Pacific/Pago_Pago", "America/Santiago", "Asia/Kolkata"];
    for (const zone of zones) {
      for (let t = at("2026-01-01T00:00:00Z"); t < at("2027-01-01T00:00:00Z"); t += 29 * 3_600_000 + 13 * 60_000) {
        const t0 = startOfLocalDay(t, zone);
        expect(t0).toBeLessThanOrEqual(t);
        expect(localDateKey(t0, zone)).toBe(localDateKey(t, zone));
        expect(localDateKey(t0 - 1, zone) < localDateKey(t, zone)).toBe(true);
      }
    }
  });

  it("rejects an unknown zone rather than falling back to UTC", () => {
    expect(() => startOfLocalDay(0, "Mars/Olympus_Mons")).toThrow(RangeError);
  });
});
